package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.cache.ManualTicker;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CachingMaterialsManagerTest {
  static final byte[] DATA = new byte[400];
  static final Map<String, String> CTX = Map.of("tenant", "a");

  final RecordingKeyring keyring = new RecordingKeyring(EsdkInteropTest.CIRRUS_KEYRING);
  final ManualTicker ticker = new ManualTicker();

  CachingMaterialsManager.Builder cache() {
    return CachingMaterialsManager.builder().keyring(keyring).maxAge(Duration.ofMinutes(5)).ticker(ticker).executor(Runnable::run);
  }

  CirrusCrypto crypto(MaterialsManager m) {
    return CirrusCrypto.builder().materialsManager(m).build();
  }

  @Test
  void encrypt_withoutCache_destroysDataKeyAfterMessage() {
    CirrusCrypto crypto = CirrusCrypto.builder().keyring(keyring).build();

    byte[] ct = crypto.encrypt(DATA, CTX).ciphertext();
    crypto.decrypt(ct);

    assertThat(keyring.generated).singleElement().satisfies(k -> assertThat(k.isDestroyed()).isTrue());
    assertThat(keyring.decrypted).singleElement().satisfies(k -> assertThat(k.isDestroyed()).isTrue());
  }

  @Test
  void encrypt_maxMessagesReached_destroysKeyAfterItsLastMessageAndLoadsNewKey() {
    CachingMaterialsManager cmm = cache().maxMessagesPerKey(2).build();
    CirrusCrypto crypto = crypto(cmm);

    crypto.encrypt(DATA, CTX);
    assertThat(keyring.generated.get(0).isDestroyed()).isFalse();
    crypto.encrypt(DATA, CTX);
    // The second message was the key's last: it is destroyed when that message is done, not when the
    // next message asks for a key (the cache used to keep it until then).
    assertThat(keyring.generated).hasSize(1);
    assertThat(keyring.generated.get(0).isDestroyed()).isTrue();
    assertThat(cmm.encryptStats().retirements(dev.cirrus.cache.RetirementCause.USES)).isEqualTo(1);
    crypto.encrypt(DATA, CTX);

    assertThat(keyring.generated).hasSize(2);
    assertThat(keyring.generated.get(0).isDestroyed()).isTrue();
    assertThat(keyring.generated.get(1).isDestroyed()).isFalse();
    cmm.close();
    assertThat(keyring.generated.get(1).isDestroyed()).isTrue();
  }

  @Test
  void encrypt_maxBytesReached_loadsNewKey() {
    try (CachingMaterialsManager cmm = cache().maxBytesPerKey(1000).build()) {
      CirrusCrypto crypto = crypto(cmm);
      for (int i = 0; i < 5; i++) {
        crypto.encrypt(DATA, CTX);
      }
      assertThat(keyring.generated).hasSize(3);
    }
  }

  @Test
  void encrypt_maxBytesReachedExactly_destroysKeyAfterItsLastMessage() {
    try (CachingMaterialsManager cmm = cache().maxBytesPerKey(2 * DATA.length).build()) {
      CirrusCrypto crypto = crypto(cmm);
      crypto.encrypt(DATA, CTX);
      assertThat(keyring.generated.get(0).isDestroyed()).isFalse();

      crypto.encrypt(DATA, CTX);

      assertThat(keyring.generated).singleElement().satisfies(k -> assertThat(k.isDestroyed()).isTrue());
      assertThat(cmm.encryptStats().retirements(dev.cirrus.cache.RetirementCause.BYTES)).isEqualTo(1);
    }
  }

  @Test
  void encrypt_messageLargerThanMaxBytes_bypassesWithFreshKey() {
    try (CachingMaterialsManager cmm = cache().maxBytesPerKey(100).build()) {
      CirrusCrypto crypto = crypto(cmm);
      crypto.encrypt(DATA, CTX);
      crypto.encrypt(DATA, CTX);
      assertThat(keyring.generated).hasSize(2);
      assertThat(keyring.generated).allSatisfy(k -> assertThat(k.isDestroyed()).isTrue());
    }
  }

  @Test
  void encrypt_maxAgePassed_loadsNewKey() {
    try (CachingMaterialsManager cmm = cache().build()) {
      CirrusCrypto crypto = crypto(cmm);
      crypto.encrypt(DATA, CTX);
      ticker.advance(Duration.ofMinutes(4));
      crypto.encrypt(DATA, CTX);
      assertThat(keyring.generated).hasSize(1);
      ticker.advance(Duration.ofMinutes(2));
      crypto.encrypt(DATA, CTX);
      assertThat(keyring.generated).hasSize(2);
      assertThat(keyring.generated.get(0).isDestroyed()).isTrue();
    }
  }

  @Test
  void encrypt_refreshAhead_newKeyLoadedBeforeOldOneRunsOut() {
    try (CachingMaterialsManager cmm = cache().maxMessagesPerKey(4).refreshAheadFraction(0.5).build()) {
      CirrusCrypto crypto = crypto(cmm);
      crypto.encrypt(DATA, CTX);
      assertThat(keyring.generated).hasSize(1);
      crypto.encrypt(DATA, CTX);
      assertThat(keyring.generated).hasSize(2);
      assertThat(cmm.encryptStats().refreshes()).isEqualTo(1);
    }
  }

  @Test
  void encrypt_differentContexts_separateKeys() {
    try (CachingMaterialsManager cmm = cache().build()) {
      CirrusCrypto crypto = crypto(cmm);
      crypto.encrypt(DATA, Map.of("tenant", "a"));
      crypto.encrypt(DATA, Map.of("tenant", "b"));
      crypto.encrypt(DATA, Map.of("tenant", "a"));
      assertThat(keyring.generated).hasSize(2);
    }
  }

  @Test
  void encryptingStream_unknownLength_bypassesCache() throws Exception {
    try (CachingMaterialsManager cmm = cache().build()) {
      CirrusCrypto crypto = crypto(cmm);
      for (int i = 0; i < 2; i++) {
        try (OutputStream out = crypto.encryptingStream(new ByteArrayOutputStream(), CTX)) {
          out.write(DATA);
        }
      }
      assertThat(keyring.generated).hasSize(2);
      assertThat(keyring.generated).allSatisfy(k -> assertThat(k.isDestroyed()).isTrue());
      for (int i = 0; i < 2; i++) {
        try (OutputStream out = crypto.encryptingStream(new ByteArrayOutputStream(), CTX, DATA.length)) {
          out.write(DATA);
        }
      }
      assertThat(keyring.generated).hasSize(3);
    }
  }

  @Test
  void decrypt_sameMessageTwice_oneUnwrap() {
    CachingMaterialsManager cmm = cache().build();
    CirrusCrypto crypto = crypto(cmm);
    byte[] ct = crypto.encrypt(DATA, CTX).ciphertext();
    assertThat(crypto.decrypt(ct).plaintext()).isEqualTo(DATA);
    assertThat(crypto.decrypt(ct).plaintext()).isEqualTo(DATA);
    assertThat(keyring.decryptCalls).hasValue(1);
    cmm.close();
    assertThat(keyring.decrypted).allSatisfy(k -> assertThat(k.isDestroyed()).isTrue());
  }

  @Test
  void decrypt_wrongKey_noKeyCouldDecryptNotCached() {
    RawAesKeyring other =
        RawAesKeyring.builder().keyNamespace("cirrus-test").keyName("other").wrappingKey(new byte[32]).build();
    byte[] ct = CirrusCrypto.builder().keyring(other).build().encrypt(DATA, CTX).ciphertext();
    try (CachingMaterialsManager cmm = cache().build()) {
      String expected = "no key could decrypt this message; 1 encrypted data key: other (cirrus-test): "
          + RawAesKeyring.UNWRAP_FAILED;
      assertThatThrownBy(() -> crypto(cmm).decrypt(ct))
          .isInstanceOf(NoDecryptableKeyException.class)
          .hasMessage(expected);
      assertThatThrownBy(() -> crypto(cmm).decrypt(ct))
          .isInstanceOf(NoDecryptableKeyException.class)
          .hasMessage(expected);
      assertThat(cmm.decryptStats().loadFailures()).isEqualTo(2);
    }
  }

  @Test
  void builder_badValues_rejectedWithMessages() {
    assertThatThrownBy(() -> CachingMaterialsManager.builder().maxMessagesPerKey(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMessagesPerKey must be between 1 and 4294967296, was 0");
    assertThatThrownBy(() -> CachingMaterialsManager.builder().maxMessagesPerKey((1L << 32) + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxMessagesPerKey must be between 1 and 4294967296, was 4294967297");
    assertThatThrownBy(() -> CachingMaterialsManager.builder().maxBytesPerKey(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytesPerKey must be at least 1, was 0");
    assertThatThrownBy(() -> CachingMaterialsManager.builder().maxAge(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAge must be positive, was PT0S");
    assertThatThrownBy(() -> CachingMaterialsManager.builder().keyring(keyring).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxAge is required");
    assertThatThrownBy(() -> CachingMaterialsManager.builder().maxAge(Duration.ofSeconds(1)).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a backingMaterialsManager or keyring is required");
  }
}
