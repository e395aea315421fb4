package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The message events of {@link CirrusCrypto.Builder#listener}; KMS calls are tested over moto in cirrus-micrometer. */
class CryptoListenerTest {
  private static final byte[] DATA = "attack at dawn".getBytes(StandardCharsets.UTF_8);

  private static Keyring keyring() {
    byte[] key = new byte[32];
    new SplittableRandom(7).nextBytes(key);
    return RawAesKeyring.builder().keyNamespace("ns").keyName("k").wrappingKey(key).build();
  }

  @Test
  void listener_encryptAndDecrypt_toldEachMessageWithItsPlaintextSize() {
    List<String> events = new ArrayList<>();
    CirrusCrypto crypto = CirrusCrypto.builder().keyring(keyring()).listener(new CryptoListener() {
      @Override
      public void onEncrypted(long plaintextBytes) {
        events.add("encrypted " + plaintextBytes);
      }

      @Override
      public void onDecrypted(long plaintextBytes) {
        events.add("decrypted " + plaintextBytes);
      }
    }).build();

    byte[] message = crypto.encrypt(DATA, Map.of()).ciphertext();
    crypto.decrypt(message);
    crypto.decryptAsync(crypto.encryptAsync(new byte[0], Map.of()).join().ciphertext(), Map.of()).join();
    message[message.length - 1] ^= 1;
    assertThatThrownBy(() -> crypto.decrypt(message)).isInstanceOf(InvalidCiphertextException.class);

    assertThat(events).containsExactly("encrypted " + DATA.length, "decrypted " + DATA.length, "encrypted 0",
        "decrypted 0");
  }

  @Test
  void listener_throws_operationStillSucceeds() {
    CirrusCrypto crypto = CirrusCrypto.builder().keyring(keyring()).listener(new CryptoListener() {
      @Override
      public void onEncrypted(long plaintextBytes) {
        throw new IllegalStateException("broken metrics");
      }

      @Override
      public void onDecrypted(long plaintextBytes) {
        throw new IllegalStateException("broken metrics");
      }
    }).build();

    assertThat(crypto.decrypt(crypto.encrypt(DATA, Map.of()).ciphertext()).plaintext()).isEqualTo(DATA);
  }

  @Test
  void listener_null_throwsNullPointerException() {
    assertThatThrownBy(() -> CirrusCrypto.builder().listener(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("listener");
    assertThatThrownBy(() -> KmsKeyring.builder().listener(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("listener");
  }
}
