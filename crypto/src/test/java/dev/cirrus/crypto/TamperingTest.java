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
 * encrypted data key: each gives the one opaque exception and no plaintext. The message is small (40
 * bytes of plaintext in frames of 16, so three frames) so that every bit position is tried.
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
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("damaged message of " + ct.length + " bytes decrypted to the end without an error");
  }

  static void assertRejected(CirrusCrypto crypto, byte[] ct, String what) {
    assertThatThrownBy(() -> crypto.decrypt(ct))
        .as(what)
        .isInstanceOf(InvalidCiphertextException.class)
        .hasMessage("invalid ciphertext");
  }

  @ParameterizedTest
  @EnumSource(names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
  void decrypt_everySingleBitFlip_opaqueFailure(AlgorithmSuite suite) {
    CirrusCrypto crypto = crypto(suite);
    byte[] ct = crypto.encrypt(DATA, CTX).ciphertext();
    for (int i = 0; i < ct.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] t = ct.clone();
        t[i] ^= (byte) (1 << bit);
        assertRejected(crypto, t, "byte " + i + " bit " + bit);
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
  void decrypt_wrongWrappingKeySameName_opaqueFailure(AlgorithmSuite suite) {
    byte[] ct = crypto(suite).encrypt(DATA, CTX).ciphertext();
    RawAesKeyring impostor =
        RawAesKeyring.builder()
            .keyNamespace(EsdkInteropTest.NAMESPACE)
            .keyName(EsdkInteropTest.NAME)
            .wrappingKey(new byte[32])
            .build();

    assertRejected(crypto(suite, impostor), ct, "wrong key");
  }

  @ParameterizedTest
  @EnumSource(names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
  void decrypt_encryptedDataKeyFromAnotherMessage_opaqueFailure(AlgorithmSuite suite) {
    CirrusCrypto crypto = crypto(suite);
    byte[] a = crypto.encrypt(DATA, CTX).ciphertext();
    byte[] b = crypto.encrypt(DATA, CTX).ciphertext();
    int edkStart = indexOf(a, EsdkInteropTest.NAMESPACE.getBytes(java.nio.charset.StandardCharsets.UTF_8)) - 2;
    int edkLength = 2 + 11 + 2 + (14 + 20) + 2 + 48;
    byte[] swapped = b.clone();
    System.arraycopy(a, edkStart, swapped, edkStart, edkLength);

    assertThat(swapped).isNotEqualTo(b);
    assertRejected(crypto, swapped, "swapped edk");
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
