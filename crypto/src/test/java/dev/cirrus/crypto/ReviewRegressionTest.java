package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Regression tests for defects found in the security review of the crypto module. */
class ReviewRegressionTest {
  static final Map<String, String> CTX = Map.of("review", "yes");
  static final CirrusCrypto CRYPTO =
      CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).frameLengthBytes(64).build();

  @Test
  void decryptingStream_readAfterHeaderFailure_keepsFailingInsteadOfReparsingMidStream() throws IOException {
    byte[] valid = CRYPTO.encrypt(EsdkInteropTest.payload(100), CTX).ciphertext();
    byte[] junkThenValid = new byte[1 + valid.length];
    System.arraycopy(valid, 0, junkThenValid, 1, valid.length);
    InputStream in = CRYPTO.decryptingStream(new ByteArrayInputStream(junkThenValid));
    byte[] buf = new byte[1000];

    assertThatThrownBy(() -> in.read(buf))
        .isInstanceOf(InvalidCiphertextException.class)
        .hasMessage("invalid ciphertext");
    assertThatThrownBy(() -> in.read(buf)).isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> in.read(buf)).isInstanceOf(InvalidCiphertextException.class);
  }

  /** A sink that fails its first write and accepts later ones, like a flaky socket. */
  static final class FailOnceSink extends OutputStream {
    final ByteArrayOutputStream accepted = new ByteArrayOutputStream();
    boolean failed;

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (!failed) {
        failed = true;
        throw new IOException("sink down");
      }
      accepted.write(b, off, len);
    }
  }

  @Test
  void encryptingStream_writeAfterSinkFailure_rejectedAndWritesNothingMore() throws IOException {
    FailOnceSink sink = new FailOnceSink();
    OutputStream out = CRYPTO.encryptingStream(sink, CTX);
    out.write(new byte[64]);

    assertThatThrownBy(() -> out.write(new byte[64])).isInstanceOf(IOException.class).hasMessage("sink down");
    assertThatThrownBy(() -> out.write(new byte[64]))
        .isInstanceOf(IOException.class)
        .hasMessage("an earlier write failed; the message is incomplete and the stream accepts no more data");
    out.close();

    assertThat(sink.accepted.size()).isZero();
  }

  /** Hands out materials only when the test completes the pending future. */
  static final class PendingManager implements MaterialsManager {
    final CompletableFuture<EncryptionMaterials> encrypt = new CompletableFuture<>();
    final CompletableFuture<DecryptionMaterials> decrypt = new CompletableFuture<>();

    @Override
    public EncryptionMaterials encryptionMaterials(AlgorithmSuite suite, Map<String, String> context, long bytes) {
      throw new UnsupportedOperationException();
    }

    @Override
    public DecryptionMaterials decryptionMaterials(
        AlgorithmSuite suite, Map<String, String> context, List<EncryptedDataKey> edks) {
      throw new UnsupportedOperationException();
    }

    @Override
    public CompletableFuture<EncryptionMaterials> encryptionMaterialsAsync(
        AlgorithmSuite suite, Map<String, String> context, long bytes) {
      return encrypt;
    }

    @Override
    public CompletableFuture<DecryptionMaterials> decryptionMaterialsAsync(
        AlgorithmSuite suite, Map<String, String> context, List<EncryptedDataKey> edks) {
      return decrypt;
    }
  }

  @Test
  void encryptAsync_callerCancelsBeforeMaterialsArrive_dataKeyStillDestroyed() {
    PendingManager pending = new PendingManager();
    CirrusCrypto crypto = CirrusCrypto.builder().materialsManager(pending).build();
    CompletableFuture<EncryptResult> f = crypto.encryptAsync(new byte[10], CTX);
    EncryptionMaterials m =
        MaterialsManager.of(EsdkInteropTest.CIRRUS_KEYRING)
            .encryptionMaterials(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, CTX, 10);

    f.cancel(false);
    pending.encrypt.complete(m);

    assertThat(m.dataKey().isDestroyed()).isTrue();
  }

  @Test
  void decryptAsync_callerCancelsBeforeMaterialsArrive_dataKeyStillDestroyed() {
    byte[] ct = CRYPTO.encrypt(new byte[10], CTX).ciphertext();
    PendingManager pending = new PendingManager();
    CirrusCrypto crypto = CirrusCrypto.builder().materialsManager(pending).build();
    CompletableFuture<DecryptResult> f = crypto.decryptAsync(ct, Map.of());
    DecryptionMaterials m =
        MaterialsManager.of(EsdkInteropTest.CIRRUS_KEYRING)
            .decryptionMaterials(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, CTX,
                List.of(firstEdk(ct)));

    f.cancel(false);
    pending.decrypt.complete(m);

    assertThat(m.dataKey().isDestroyed()).isTrue();
  }

  @Test
  void encryptAsync_notCancelled_stillEncryptsAndDestroysKey() {
    PendingManager pending = new PendingManager();
    CirrusCrypto crypto = CirrusCrypto.builder().materialsManager(pending).build();
    CompletableFuture<EncryptResult> f = crypto.encryptAsync(new byte[10], CTX);
    EncryptionMaterials m =
        MaterialsManager.of(EsdkInteropTest.CIRRUS_KEYRING)
            .encryptionMaterials(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, CTX, 10);

    pending.encrypt.complete(m);

    assertThat(CRYPTO.decrypt(f.join().ciphertext()).plaintext()).isEqualTo(new byte[10]);
    assertThat(m.dataKey().isDestroyed()).isTrue();
  }

  /** The raw AES encrypted data key of a Cirrus message with context {@link #CTX}. */
  static EncryptedDataKey firstEdk(byte[] ct) {
    int start = TamperingTest.indexOf(ct, EsdkInteropTest.NAMESPACE.getBytes(java.nio.charset.StandardCharsets.UTF_8)) - 2;
    int p = start;
    byte[][] fields = new byte[3][];
    for (int i = 0; i < 3; i++) {
      int n = ((ct[p] & 0xFF) << 8) | (ct[p + 1] & 0xFF);
      fields[i] = java.util.Arrays.copyOfRange(ct, p + 2, p + 2 + n);
      p += 2 + n;
    }
    return EncryptedDataKey.of(new String(fields[0], java.nio.charset.StandardCharsets.UTF_8), fields[1], fields[2]);
  }

  @Test
  void encrypt_materialsManagerHandsOutShortDataKey_rejectedInsteadOfZeroPaddedIntoKdf() {
    MaterialsManager base = MaterialsManager.of(EsdkInteropTest.CIRRUS_KEYRING);
    MaterialsManager shortKeys =
        new MaterialsManager() {
          @Override
          public EncryptionMaterials encryptionMaterials(AlgorithmSuite suite, Map<String, String> context, long bytes) {
            EncryptionMaterials m = base.encryptionMaterials(suite, context, bytes);
            return m.withReplacedDataKey(DataKey.copyOf(new byte[16]));
          }

          @Override
          public DecryptionMaterials decryptionMaterials(
              AlgorithmSuite suite, Map<String, String> context, List<EncryptedDataKey> edks) {
            return base.decryptionMaterials(suite, context, edks);
          }
        };
    CirrusCrypto crypto = CirrusCrypto.builder().materialsManager(shortKeys).build();

    assertThatThrownBy(() -> crypto.encrypt(new byte[10], CTX))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dataKey length must be 32 bytes, was 16");
  }

  @Test
  void cachingManager_callerCancelsBeforeLoadCompletes_leaseClosedSoRetirementDestroysCachedKey() {
    PendingManager backing = new PendingManager();
    CachingMaterialsManager cmm =
        CachingMaterialsManager.builder().backingMaterialsManager(backing).maxAge(Duration.ofMinutes(5))
            .executor(Runnable::run).build();
    CompletableFuture<EncryptionMaterials> f =
        cmm.encryptionMaterialsAsync(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, CTX, 10);
    EncryptionMaterials loaded =
        MaterialsManager.of(EsdkInteropTest.CIRRUS_KEYRING)
            .encryptionMaterials(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, CTX, 10);

    f.cancel(false);
    backing.encrypt.complete(loaded);
    cmm.invalidateAll();

    assertThat(loaded.dataKey().isDestroyed()).isTrue();
  }

  /** A child keyring whose KMS is down. */
  static final Keyring KMS_DOWN =
      new Keyring() {
        @Override
        public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
          throw new KmsOperationException("Encrypt", "key-2", "KMSInternalException", null);
        }

        @Override
        public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
          return materials;
        }
      };

  @Test
  void multiKeyringEncrypt_childFailsAfterGeneratorMadeKey_generatedKeyDestroyed() {
    RecordingKeyring generator = new RecordingKeyring(EsdkInteropTest.CIRRUS_KEYRING);
    CirrusCrypto crypto =
        CirrusCrypto.builder().keyring(MultiKeyring.of(generator, List.of(KMS_DOWN))).build();

    assertThatThrownBy(() -> crypto.encrypt(new byte[10], CTX))
        .isInstanceOf(KmsOperationException.class)
        .hasMessage("KMS Encrypt failed for key key-2 with error code KMSInternalException");
    assertThat(generator.generated).singleElement().satisfies(k -> assertThat(k.isDestroyed()).isTrue());
  }

  @Test
  void multiKeyringEncryptAsync_childFailsAfterGeneratorMadeKey_generatedKeyDestroyed() {
    RecordingKeyring generator = new RecordingKeyring(EsdkInteropTest.CIRRUS_KEYRING);
    CirrusCrypto crypto =
        CirrusCrypto.builder().keyring(MultiKeyring.of(generator, List.of(KMS_DOWN))).build();

    assertThat(crypto.encryptAsync(new byte[10], CTX)).isCompletedExceptionally();
    assertThat(generator.generated).singleElement().satisfies(k -> assertThat(k.isDestroyed()).isTrue());
  }

  @Test
  void encrypt_alternatingContextsAndFrameLengthsOnOneThread_eachHeaderMatchesItsOwnMaterials() {
    CachingMaterialsManager cmm =
        CachingMaterialsManager.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).maxAge(Duration.ofMinutes(5))
            .executor(Runnable::run).build();
    CirrusCrypto small = CirrusCrypto.builder().materialsManager(cmm).frameLengthBytes(16).build();
    CirrusCrypto large = CirrusCrypto.builder().materialsManager(cmm).frameLengthBytes(4096).build();
    byte[] data = EsdkInteropTest.payload(100);
    for (int i = 0; i < 6; i++) {
      Map<String, String> ctx = Map.of("n", Integer.toString(i % 3));
      CirrusCrypto crypto = i % 2 == 0 ? small : large;

      byte[] ct = crypto.encrypt(data, ctx).ciphertext();
      byte[] esdk = Esdk.client(0x0478, 4096).decryptData(EsdkInteropTest.ESDK_KEYRING, ct).getResult();

      assertThat(esdk).isEqualTo(data);
      assertThat(CRYPTO.decrypt(ct, ctx).encryptionContext()).isEqualTo(ctx);
    }
    cmm.close();
  }
}
