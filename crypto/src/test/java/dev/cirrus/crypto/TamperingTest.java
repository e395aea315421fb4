package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every single-bit flip, every truncation, appended bytes, wrong context, wrong key and a swapped
 * encrypted data key: each gives no plaintext and either the one opaque exception or, where the damage
 * leaves no encrypted data key that unwraps (a wrong wrapping key, a flip in the encryption context or
 * the encrypted data key, whose bytes are the AES key wrap's AAD and input), the never-retryable
 * "no key could decrypt this message". The message is small (40 bytes of plaintext in frames of 16, so
 * three frames) so that every bit position is tried.
 */
class TamperingTest {
  static final byte[] DATA = new byte[40];
  static final Map<String, String> CTX = Map.of("purpose", "tamper-test");

  static {
    new Random(1).nextBytes(DATA);
  }

  static CirrusCrypto crypto(AlgorithmSuite suite, Keyring keyring) {
    return CirrusCrypto.builder().keyring(keyring).algorithmSuite(suite).frameLengthBytes(16).build();
  }

  static CirrusCrypto crypto(AlgorithmSuite suite) {
    return crypto(suite, EsdkInteropTest.CIRRUS_KEYRING);
  }

  /**
   * Reads a decrypting stream of a damaged message until it throws; returns the bytes released before
   * that. A stream that ends cleanly instead (a truncation or tampering accepted as end of message)
   * fails the test: counting released bytes alone would not notice a message cut at a frame boundary.
   */
  static byte[] released(CirrusCrypto crypto, byte[] ct, PlaintextRelease release) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream in = crypto.decryptingStream(new ByteArrayInputStream(ct), Map.of(), release)) {
      byte[] buf = new byte[7];
      int n;
      while ((n = in.read(buf)) > 0) {
        got.write(buf, 0, n);
      }
    } catch (InvalidCiphertextException e) {
      assertThat(e).hasMessage("invalid ciphertext");
      return got.toByteArray();
    } catch (NoDecryptableKeyException e) {
      assertThat(e).hasMessageStartingWith(NO_KEY_START);
      assertThat(got.size()).isZero();
      return got.toByteArray();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("damaged message of " + ct.length + " bytes decrypted to the end without an error");
  }

  /** A damaged key's provider id or key name appears as damaged; the rest of the message is fixed. */
  static final String NO_KEY_START = "no key could decrypt this message; 1 encrypted data key: ";

  static final String NO_KEY_MESSAGE =
      "no key could decrypt this message; 1 encrypted data key: " + EsdkInteropTest.NAME + " ("
          + EsdkInteropTest.NAMESPACE + "): " + RawAesKeyring.UNWRAP_FAILED;

  static void assertRejected(CirrusCrypto crypto, byte[] ct, String what) {
    assertThatThrownBy(() -> crypto.decrypt(ct))
        .as(what)
        .isInstanceOf(InvalidCiphertextException.class)
        .hasMessage("invalid ciphertext");
  }

  static void assertNoKeyDecrypts(CirrusCrypto crypto, byte[] ct, String what) {
    assertThatThrownBy(() -> crypto.decrypt(ct))
        .as(what)
        .isInstanceOf(NoDecryptableKeyException.class)
        .hasMessage(NO_KEY_MESSAGE)
        .satisfies(e -> assertThat(((CryptoException) e).retryable()).isFalse());
  }

  /** Rejected with the opaque exception, or (for damage in {@code [keyStart, keyEnd)}) as undecryptable. */
  static void assertRejected(CirrusCrypto crypto, byte[] ct, String what, int i, int keyStart, int keyEnd) {
    try {
      crypto.decrypt(ct);
    } catch (NoDecryptableKeyException e) {
      assertThat(i).as(what + ": no-key failure outside the context and encrypted data key").isBetween(keyStart, keyEnd - 1);
      assertThat(e).hasMessageStartingWith(NO_KEY_START);
      assertThat(e.retryable()).isFalse();
      return;
    } catch (InvalidCiphertextException e) {
      assertThat(e).as(what).hasMessage("invalid ciphertext");
      return;
    }
    throw new AssertionError(what + ": damaged message decrypted");
  }

  /** The first byte of the encryption context (after version, suite id and message id). */
  static final int CONTEXT_START = 1 + 2 + 32;

  /** One past the last byte of the single raw AES encrypted data key. */
  static int keyEnd(byte[] ct) {
    return indexOf(ct, EsdkInteropTest.NAMESPACE.getBytes(java.nio.charset.StandardCharsets.UTF_8)) - 2 + EDK_LENGTH;
  }

  /** Namespace length and bytes, key info length and bytes (name, tag and IV lengths, IV), blob length and blob. */
  static final int EDK_LENGTH = 2 + 11 + 2 + (14 + 20) + 2 + 48;

  @ParameterizedTest
  @EnumSource(names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
  void decrypt_everySingleBitFlip_opaqueFailure(AlgorithmSuite suite) {
    CirrusCrypto crypto = crypto(suite);
    byte[] ct = crypto.encrypt(DATA, CTX).ciphertext();
    int keyEnd = keyEnd(ct);
    for (int i = 0; i < ct.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] t = ct.clone();
        t[i] ^= (byte) (1 << bit);
        assertRejected(crypto, t, "byte " + i + " bit " + bit, i, CONTEXT_START, keyEnd);
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
  void decryptingStream_everyByteFlipped_neverReleasesTamperedOrLaterFrames(AlgorithmSuite suite) {
    CirrusCrypto crypto = crypto(suite);
    byte[] ct = crypto.encrypt(DATA, CTX).ciphertext();
    for (int i = 0; i < ct.length; i++) {
      byte[] t = ct.clone();
      t[i] ^= 0x01;
      byte[] got = released(crypto, t, PlaintextRelease.FRAME_VERIFIED);
      assertThat(got.length).as("byte %d", i).isLessThan(DATA.length);
      assertThat(got).isEqualTo(Arrays.copyOf(DATA, got.length));
      assertThat(got.length % 16).isZero();
      assertThat(released(crypto, t, PlaintextRelease.SIGNATURE_VERIFIED).length == 0 || !suite.isSigned()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
  void decrypt_everyTruncation_opaqueFailure(AlgorithmSuite suite) {
    CirrusCrypto crypto = crypto(suite);
    byte[] ct = crypto.encrypt(DATA, CTX).ciphertext();
    for (int len = 0; len < ct.length; len++) {
      byte[] t = Arrays.copyOf(ct, len);
      assertRejected(crypto, t, "length " + len);
      assertThat(released(crypto, t, PlaintextRelease.FRAME_VERIFIED).length).isLessThan(DATA.length);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
  void decrypt_appendedBytes_opaqueFailure(AlgorithmSuite suite) {
    CirrusCrypto crypto = crypto(suite);
    byte[] ct = crypto.encrypt(DATA, CTX).ciphertext();
    for (int extra : new int[] {1, 2, 100}) {
      byte[] t = Arrays.copyOf(ct, ct.length + extra);
      assertRejected(crypto, t, "extra " + extra);
      assertThat(released(crypto, t, PlaintextRelease.SIGNATURE_VERIFIED).length).isLessThan(DATA.length);
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
  void decrypt_wrongRequiredContext_opaqueFailure(AlgorithmSuite suite) {
    CirrusCrypto crypto = crypto(suite);
    byte[] ct = crypto.encrypt(DATA, CTX).ciphertext();

    assertThatThrownBy(() -> crypto.decrypt(ct, Map.of("purpose", "other")))
        .isInstanceOf(InvalidCiphertextException.class)
        .hasMessage("invalid ciphertext");
    assertThatThrownBy(() -> crypto.decrypt(ct, Map.of("missing", "x")))
        .isInstanceOf(InvalidCiphertextException.class)
        .hasMessage("invalid ciphertext");
    assertThat(crypto.decrypt(ct, CTX).plaintext()).isEqualTo(DATA);
  }

  @ParameterizedTest
  @EnumSource(names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
  void decrypt_wrongWrappingKeySameName_noKeyCouldDecrypt(AlgorithmSuite suite) {
    byte[] ct = crypto(suite).encrypt(DATA, CTX).ciphertext();
    RawAesKeyring impostor =
        RawAesKeyring.builder()
            .keyNamespace(EsdkInteropTest.NAMESPACE)
            .keyName(EsdkInteropTest.NAME)
            .wrappingKey(new byte[32])
            .build();

    assertNoKeyDecrypts(crypto(suite, impostor), ct, "wrong key");
  }

  @ParameterizedTest
  @EnumSource(names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
  void decrypt_encryptedDataKeyFromAnotherMessage_opaqueFailure(AlgorithmSuite suite) {
    CirrusCrypto crypto = crypto(suite);
    byte[] a = crypto.encrypt(DATA, CTX).ciphertext();
    byte[] b = crypto.encrypt(DATA, CTX).ciphertext();
    int edkStart = indexOf(a, EsdkInteropTest.NAMESPACE.getBytes(java.nio.charset.StandardCharsets.UTF_8)) - 2;
    byte[] swapped = b.clone();
    System.arraycopy(a, edkStart, swapped, edkStart, EDK_LENGTH);

    assertThat(swapped).isNotEqualTo(b);
    if (suite.isSigned()) {
      // The context holds the message's own public key, so a's key does not unwrap under b's context.
      assertNoKeyDecrypts(crypto, swapped, "swapped edk");
    } else {
      assertRejected(crypto, swapped, "swapped edk");
    }
    assertThat(crypto.decrypt(a).plaintext()).isEqualTo(DATA);
  }

  static int indexOf(byte[] hay, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= hay.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
