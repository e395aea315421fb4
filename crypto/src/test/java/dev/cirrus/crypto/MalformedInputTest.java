package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad inputs named in the issue: absurd lengths, frame limits, unsupported suites, reserved keys. */
class MalformedInputTest {
  static final CirrusCrypto CRYPTO = CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).build();

  static void assertInvalid(byte[] message) {
    assertThatThrownBy(() -> CRYPTO.decrypt(message))
        .isInstanceOf(InvalidCiphertextException.class)
        .hasMessage("invalid ciphertext");
  }

  /** An endless stream of one byte value that counts what was read from it. */
  static final class Endless extends InputStream {
    final byte[] prefix;
    final int fill;
    long read;

    Endless(byte[] prefix, int fill) {
      this.prefix = prefix;
      this.fill = fill;
    }

    @Override
    public int read() {
      long i = read++;
      return i < prefix.length ? prefix[(int) i] & 0xFF : fill;
    }
  }

  @Test
  void decrypt_emptyAndGarbage_invalid() {
    assertInvalid(new byte[0]);
    assertInvalid(new byte[] {2});
    assertInvalid(new byte[] {9, 9, 9, 9});
    assertInvalid(new byte[1000]);
  }

  @Test
  void decrypt_contextLengthBeyondMessage_invalidWithoutAllocation() {
    byte[] m = new byte[40];
    m[0] = 2;
    m[1] = 0x04;
    m[2] = 0x78;
    m[35] = (byte) 0xFF;
    m[36] = (byte) 0xFF;
    assertInvalid(m);
  }

  @Test
  void decryptingStream_endlessHeaderFields_stopsAtMaxHeaderBytes() {
    byte[] prefix = {2, 0x04, 0x78};
    Endless in = new Endless(prefix, 0xFF);
    CirrusCrypto crypto =
        CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).maxHeaderBytes(4096).build();

    assertThatThrownBy(() -> crypto.decryptingStream(in).read())
        .isInstanceOf(InvalidCiphertextException.class)
        .hasMessage("invalid ciphertext");
    assertThat(in.read).isLessThanOrEqualTo(4096 + 1);
  }

  @Test
  void decrypt_encryptedDataKeyCountAboveLimit_invalid() {
    CirrusCrypto two =
        CirrusCrypto.builder()
            .keyring(MultiKeyring.of(EsdkInteropTest.CIRRUS_KEYRING, java.util.List.of(EsdkInteropTest.CIRRUS_KEYRING)))
            .build();
    byte[] ct = two.encrypt(new byte[10], Map.of()).ciphertext();
    CirrusCrypto strict =
        CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).maxEncryptedDataKeys(1).build();

    assertThatThrownBy(() -> strict.decrypt(ct))
        .isInstanceOf(InvalidCiphertextException.class)
        .hasMessage("invalid ciphertext");
    assertThat(CRYPTO.decrypt(ct).plaintext()).hasSize(10);
  }

  @Test
  void decrypt_unsupportedSuiteIds_invalid() {
    byte[] ct = CRYPTO.encrypt(new byte[10], Map.of()).ciphertext();
    for (int id : new int[] {0x0014, 0x0046, 0x0078, 0x0114, 0x0146, 0x0214, 0x0346, 0x0479, 0x0678, 0xFFFF}) {
      byte[] t = ct.clone();
      t[1] = (byte) (id >>> 8);
      t[2] = (byte) id;
      assertInvalid(t);
    }
    byte[] v1 = ct.clone();
    v1[0] = 1;
    assertInvalid(v1);
  }

  @Test
  void decrypt_frameSequenceOutOfOrder_invalid() {
    CirrusCrypto small = CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).frameLengthBytes(4).build();
    byte[] ct = small.encrypt(new byte[12], Map.of()).ciphertext();
    byte[] t = ct.clone();
    int seqPos = indexOfSequence(t, 1);
    t[seqPos + 3] = 2;
    assertInvalid(t);
  }

  static int indexOfSequence(byte[] m, int seq) {
    for (int i = 0; i + 4 <= m.length; i++) {
      if (m[i] == 0 && m[i + 1] == 0 && m[i + 2] == 0 && m[i + 3] == seq
          && i + 4 + 12 <= m.length && m[i + 4 + 11] == seq && m[i + 4] == 0) {
        return i;
      }
    }
    throw new AssertionError("sequence not found");
  }

  @Test
  void encryptingStream_declaredLengthBeyondFrameLimit_rejected() {
    CirrusCrypto oneByteFrames = CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).frameLengthBytes(1).build();

    assertThatThrownBy(() -> oneByteFrames.encryptingStream(new ByteArrayOutputStream(), Map.of(), 1L << 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "plaintext of 4294967296 bytes at frameLengthBytes 1 needs 4294967296 frames, the format allows at most"
                + " 4294967295");
  }

  @Test
  void encrypt_reservedContextKey_rejected() {
    assertThatThrownBy(() -> CRYPTO.encrypt(new byte[1], Map.of("aws-crypto-public-key", "x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "encryption context keys must not start with \"aws-crypto-\" (reserved), was \"aws-crypto-public-key\"");
    assertThatThrownBy(() -> CRYPTO.encryptingStream(new ByteArrayOutputStream(), Map.of("aws-crypto-x", "y")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("encryption context keys must not start with \"aws-crypto-\" (reserved), was \"aws-crypto-x\"");
  }

  @Test
  void encrypt_contextTooLarge_rejected() {
    Map<String, String> huge = Map.of("k", "v".repeat(70_000));
    assertThatThrownBy(() -> CRYPTO.encrypt(new byte[1], huge))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("encryption context value must be at most 65535 UTF-8 bytes, was 70000");
    Map<String, String> wide = new java.util.HashMap<>();
    for (int i = 0; i < 2000; i++) {
      wide.put("key-" + i, "v".repeat(30));
    }
    assertThatThrownBy(() -> CRYPTO.encrypt(new byte[1], wide))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("serialized encryption context must be at most 65535 bytes, was ");
  }

  @Test
  void builder_badValues_rejectedWithMessages() {
    assertThatThrownBy(() -> CirrusCrypto.builder().frameLengthBytes(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("frameLengthBytes must be between 1 and 67108864, was 0");
    assertThatThrownBy(() -> CirrusCrypto.builder().algorithmSuite(AlgorithmSuite.AES_256_GCM_IV12_TAG16_HKDF_SHA256))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("algorithmSuite must be a committing suite (0x0478 or 0x0578), was 0x0178");
    assertThatThrownBy(() -> CirrusCrypto.builder().maxEncryptedDataKeys(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxEncryptedDataKeys must be between 1 and 65535, was 0");
    assertThatThrownBy(() -> CirrusCrypto.builder().maxHeaderBytes(10))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxHeaderBytes must be between 1024 and 268435456, was 10");
    assertThatThrownBy(() -> CirrusCrypto.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a keyring or a materialsManager is required");
    assertThatThrownBy(() -> AlgorithmSuite.fromId(0x0214))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("algorithm suite id must be one of 0x0178, 0x0378, 0x0478, 0x0578, was 0x0214");
    assertThatThrownBy(() -> RawAesKeyring.builder().wrappingKey(new byte[7]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("wrappingKey length must be 16, 24 or 32 bytes, was 7");
  }

  @Test
  void decrypt_truncatedAfterValidHeader_invalid() {
    byte[] ct = CRYPTO.encrypt(new byte[100], Map.of()).ciphertext();
    assertInvalid(Arrays.copyOf(ct, ct.length - 1));
  }
}
