package dev.cirrus.cache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.RetirementCause;
import dev.cirrus.cache.SecretCache;
import dev.cirrus.cache.examples.DataKeyCacheExample.DataKey;
import dev.cirrus.cache.examples.DataKeyCacheExample.FakeKms;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

class DataKeyCacheExampleTest {

  @Test
  void encryptMany_smallMessages_oneKmsCallPerThousandMessages() {
    assertThat(DataKeyCacheExample.encryptMany(10_000, 100)).isEqualTo(10);
  }

  @Test
  void encryptMany_largeMessages_bytesLimitRetiresKeysFirst() {
    // 1 MiB per key at 100 KiB per message: 10 messages per key.
    assertThat(DataKeyCacheExample.encryptMany(100, 100 * 1024)).isEqualTo(10);
  }

  @Test
  void encryptMany_messageLargerThanMaxBytes_eachBypassesTheCache() {
    assertThat(DataKeyCacheExample.encryptMany(3, (1 << 20) + 1)).isEqualTo(3);
  }

  @Test
  void dataKeyCache_guideSettings_areThePolicy() {
    try (SecretCache<String, DataKey> cache = DataKeyCacheExample.dataKeyCache(new FakeKms(), Runnable::run)) {
      CachePolicy policy = cache.policy();

      assertThat(policy.maxAge()).hasMinutes(5);
      assertThat(policy.maxUses()).isEqualTo(100_000);
      assertThat(policy.maxBytes()).isEqualTo(1024L * 1024 * 1024);
      assertThat(policy.maximumSize()).isEqualTo(1_000);
      assertThat(policy.refreshAheadFraction()).hasValue(0.75);
    }
  }

  @Test
  void dataKeyCache_defaults_areThoseTheGuideNames() {
    CachePolicy defaults = CachePolicy.builder().maxAge(Duration.ofMinutes(5)).build();

    assertThat(defaults.maxUses()).isEqualTo(1L << 32).isEqualTo(CachePolicy.MAX_USES_LIMIT);
    assertThat(defaults.maxBytes()).isEqualTo(Long.MAX_VALUE);
    assertThat(defaults.maximumSize()).isEqualTo(1000);
    assertThat(defaults.refreshAheadFraction()).isEmpty();
  }

  @Test
  void encrypt_75000thMessage_startsOneRefreshOnTheExecutorWhileTheOldKeyServes() {
    FakeKms kms = new FakeKms();
    Queue<Runnable> background = new ConcurrentLinkedQueue<>();
    Executor refreshExecutor = background::add;
    byte[] message = new byte[16];
    try (SecretCache<String, DataKey> cache = DataKeyCacheExample.dataKeyCache(kms, refreshExecutor)) {
      for (int i = 1; i < 75_000; i++) {
        DataKeyCacheExample.encrypt(cache, "alias/orders", message);
      }
      assertThat(cache.stats().refreshes()).isZero();

      byte[] ciphertext = DataKeyCacheExample.encrypt(cache, "alias/orders", message); // 0.75 * 100,000
      assertThat(ciphertext).hasSize(12 + 16 + 16); // IV, message, tag
      assertThat(cache.stats().refreshes()).isEqualTo(1);
      assertThat(kms.generateDataKeyCalls()).isEqualTo(1); // the refresh waits for the executor

      for (Runnable task; (task = background.poll()) != null; ) {
        task.run();
      }
      assertThat(kms.generateDataKeyCalls()).isEqualTo(2);
      assertThat(cache.stats().retirements(RetirementCause.REPLACED)).isEqualTo(1);
      assertThat(kms.issued.get(0).isDestroyed()).isTrue(); // replaced, no lease open: zeroed
      DataKeyCacheExample.encrypt(cache, "alias/orders", message);
      assertThat(cache.stats().misses()).isEqualTo(1);
      assertThat(cache.stats().hits()).isEqualTo(75_000);
      assertThat(kms.issued.get(1).isDestroyed()).isFalse();
    }
  }
}
