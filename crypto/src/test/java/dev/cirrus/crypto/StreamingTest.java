package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamingTest {
  static final Map<String, String> CTX = Map.of("stream", "yes");
  static final AlgorithmSuite SIGNED = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;

  static byte[] data(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  static CirrusCrypto crypto(AlgorithmSuite suite, int frame) {
    return CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).algorithmSuite(suite).frameLengthBytes(frame).build();
  }

  static byte[] encryptStreaming(CirrusCrypto crypto, byte[] pt, int chunk) throws IOException {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = crypto.encryptingStream(sink, CTX)) {
      for (int i = 0; i < pt.length; i += chunk) {
        out.write(pt, i, Math.min(chunk, pt.length - i));
      }
    }
    return sink.toByteArray();
  }

  @Test
  void encryptingStream_anyChunking_decryptsByteArrayAndStream() throws IOException {
    for (AlgorithmSuite suite : new AlgorithmSuite[] {AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, SIGNED}) {
      CirrusCrypto crypto = crypto(suite, 64);
      for (int size : new int[] {0, 1, 63, 64, 65, 128, 1000}) {
        for (int chunk : new int[] {1, 64, 1000}) {
          byte[] pt = data(size);
          byte[] ct = encryptStreaming(crypto, pt, chunk);
          assertThat(crypto.decrypt(ct).plaintext()).as("%s %d/%d", suite, size, chunk).isEqualTo(pt);
          try (DecryptingInputStream in = crypto.decryptingStream(new ByteArrayInputStream(ct))) {
            assertThat(in.readAllBytes()).isEqualTo(pt);
            assertThat(in.encryptionContext()).containsAllEntriesOf(CTX);
            assertThat(in.keyId()).isEqualTo(EsdkInteropTest.NAME);
            assertThat(in.suite()).isEqualTo(suite);
          }
        }
      }
    }
  }

  @Test
  void encryptingStream_sameLengthAsOneShot() throws IOException {
    CirrusCrypto crypto = crypto(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, 100);
    byte[] pt = data(1000);
    assertThat(encryptStreaming(crypto, pt, 33)).hasSameSizeAs(crypto.encrypt(pt, CTX).ciphertext());
  }

  /** Flips a bit in the signature so that only the final signature check fails. */
  static byte[] badSignature(byte[] ct) {
    byte[] t = ct.clone();
    t[t.length - 5] ^= 0x10;
    return t;
  }

  @Test
  void decryptingStream_signedBadSignature_frameVerifiedWithholdsFinalFrameOnly() {
    CirrusCrypto crypto = crypto(SIGNED, 100);
    byte[] pt = data(250);
    byte[] ct = badSignature(crypto.encrypt(pt, CTX).ciphertext());

    byte[] got = TamperingTest.released(crypto, ct, PlaintextRelease.FRAME_VERIFIED);

    assertThat(got).isEqualTo(Arrays.copyOf(pt, 200));
  }

  @Test
  void decryptingStream_signedBadSignature_signatureVerifiedReleasesNothing() {
    CirrusCrypto crypto = crypto(SIGNED, 100);
    byte[] ct = badSignature(crypto.encrypt(data(250), CTX).ciphertext());

    assertThat(TamperingTest.released(crypto, ct, PlaintextRelease.SIGNATURE_VERIFIED)).isEmpty();
  }

  @Test
  void decryptingStream_signatureVerifiedBeyondBuffer_fails() {
    CirrusCrypto crypto =
        CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).algorithmSuite(SIGNED).frameLengthBytes(100)
            .maxBufferedBytes(300).build();
    byte[] ct = crypto.encrypt(data(1000), CTX).ciphertext();

    assertThatThrownBy(() -> crypto.decryptingStream(new ByteArrayInputStream(ct), Map.of(), PlaintextRelease.SIGNATURE_VERIFIED).readAllBytes())
        .isInstanceOf(CryptoException.class)
        .hasMessage("plaintext exceeds maxBufferedBytes 300 while withholding until the signature verifies");
  }

  @Test
  void decryptingStream_failedOnce_keepsFailing() throws IOException {
    CirrusCrypto crypto = crypto(SIGNED, 100);
    byte[] ct = badSignature(crypto.encrypt(data(250), CTX).ciphertext());
    InputStream in = crypto.decryptingStream(new ByteArrayInputStream(ct));
    byte[] buf = new byte[1000];
    assertThat(in.read(buf)).isEqualTo(100);
    assertThat(in.read(buf)).isEqualTo(100);
    assertThatThrownBy(() -> in.read(buf)).isInstanceOf(InvalidCiphertextException.class);
    assertThatThrownBy(() -> in.read(buf)).isInstanceOf(IOException.class).hasMessage("decryption already failed");
  }

  @Test
  void decryptingStream_esdkNonFramed_buffersWholeBodyWithinLimit() throws IOException {
    byte[] pt = data(5000);
    byte[] ct = Esdk.client(0x0478, 0).encryptData(EsdkInteropTest.ESDK_KEYRING, pt, CTX).getResult();
    CirrusCrypto small =
        CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).maxBufferedBytes(4096).build();

    assertThat(crypto(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, 4096)
        .decryptingStream(new ByteArrayInputStream(ct)).readAllBytes()).isEqualTo(pt);
    assertThatThrownBy(() -> small.decryptingStream(new ByteArrayInputStream(ct)).readAllBytes())
        .isInstanceOf(CryptoException.class)
        .hasMessage("non-framed message body of 5000 bytes exceeds maxBufferedBytes 4096");
  }

  @Test
  void decryptingStream_frameLongerThanBuffer_fails() {
    byte[] ct = crypto(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, 8192).encrypt(data(10), CTX).ciphertext();
    CirrusCrypto small =
        CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).maxBufferedBytes(4096).build();

    assertThatThrownBy(() -> small.decryptingStream(new ByteArrayInputStream(ct)).read())
        .isInstanceOf(CryptoException.class)
        .hasMessage("message frame length 8192 exceeds maxBufferedBytes 4096");
  }

  @Test
  void encryptingStream_declaredLengthMismatch_rejected() throws IOException {
    CirrusCrypto crypto = crypto(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, 64);
    OutputStream over = crypto.encryptingStream(new ByteArrayOutputStream(), CTX, 10);
    assertThatThrownBy(() -> over.write(new byte[11]))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("plaintext must be exactly the declared 10 bytes, got at least 11");
    over.close();

    OutputStream under = crypto.encryptingStream(new ByteArrayOutputStream(), CTX, 10);
    under.write(new byte[9]);
    assertThatThrownBy(under::close)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("plaintext must be exactly the declared 10 bytes, got 9");
    assertThatThrownBy(() -> crypto.encryptingStream(new ByteArrayOutputStream(), CTX, -2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("plaintextLengthBytes must be -1 (unknown) or >= 0, was -2");
  }

  @Test
  void encryptingStream_closedAfterFailure_writesNoFinalFrameAndDestroysKey() throws IOException {
    RecordingKeyring keyring = new RecordingKeyring(EsdkInteropTest.CIRRUS_KEYRING);
    CirrusCrypto crypto = CirrusCrypto.builder().keyring(keyring).frameLengthBytes(64).build();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    OutputStream out = crypto.encryptingStream(sink, CTX, 100);
    out.write(new byte[100]);
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IllegalStateException.class);
    out.close();

    assertThat(keyring.generated.get(0).isDestroyed()).isTrue();
    assertThatThrownBy(() -> crypto.decrypt(sink.toByteArray())).isInstanceOf(InvalidCiphertextException.class);
  }
}
