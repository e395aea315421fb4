package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Context keys whose UTF-8 order differs from Java's UTF-16 {@code String} order (a supplementary
 * character sorts before U+FF5E in UTF-16 but after it in UTF-8): the raw AES keyring authenticates the
 * serialized context, so both SDKs must sort identically.
 */
class ContextOrderingInteropTest {
  static final Map<String, String> CTX =
      Map.of("\uD83D\uDE00-smile", "1", "\uFF5E-tilde", "2", "ascii", "3", "\u00e9t\u00e9", "4");

  @Test
  void encrypt_utf8OrderedContext_esdkDecrypts() {
    byte[] pt = {1, 2, 3};
    byte[] ct = CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).build().encrypt(pt, CTX).ciphertext();

    assertThat(Esdk.client(0x0478, 4096).decryptData(EsdkInteropTest.ESDK_KEYRING, ct).getResult()).isEqualTo(pt);
  }

  @Test
  void decrypt_esdkUtf8OrderedContext_cirrusDecrypts() {
    byte[] pt = {4, 5, 6};
    byte[] ct = Esdk.client(0x0478, 4096).encryptData(EsdkInteropTest.ESDK_KEYRING, pt, CTX).getResult();

    DecryptResult d = CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).build().decrypt(ct, CTX);

    assertThat(d.plaintext()).isEqualTo(pt);
    assertThat(d.encryptionContext()).isEqualTo(CTX);
  }
}
