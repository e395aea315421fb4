package dev.cirrus.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretCacheBuilderTest {

  private static final CachePolicy POLICY = CachePolicy.builder().maxAge(Duration.ofMinutes(1)).build();

  private static SecretCacheBuilder<String, TestSecret> builder() {
    return SecretCache.<String, TestSecret>builder();
  }

  @Test
  void policy_null_throwsNullPointer() {
    assertThatThrownBy(() -> builder().policy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("policy");
  }

  @Test
  void ticker_null_throwsNullPointer() {
    assertThatThrownBy(() -> builder().ticker(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("ticker");
  }

  @Test
  void executor_null_throwsNullPointer() {
    assertThatThrownBy(() -> builder().executor(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("executor");
  }

  @Test
  void listener_null_throwsNullPointer() {
    assertThatThrownBy(() -> builder().listener(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("listener");
  }

  @Test
  void destroyer_null_throwsNullPointer() {
    assertThatThrownBy(() -> builder().destroyer(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("destroyer");
  }

  @Test
  void build_nullLoader_throwsNullPointer() {
    assertThatThrownBy(() -> builder().policy(POLICY).build(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("loader");
    assertThatThrownBy(() -> builder().policy(POLICY).buildAsync(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("loader");
  }

  @Test
  void buildAsync_withoutPolicy_throwsIllegalState() {
    assertThatThrownBy(() -> builder().buildAsync((key, executor) -> null))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("policy is required; call policy(CachePolicy) before build");
  }

  @Test
  void build_reusedBuilder_makesIndependentCaches() {
    RecordingLoader loader = new RecordingLoader(new ManualTicker());
    SecretCacheBuilder<String, TestSecret> builder = builder().policy(POLICY).executor(Runnable::run);
    SecretCache<String, TestSecret> first = builder.build(loader);
    SecretCache<String, TestSecret> second = builder.build(loader);

    first.acquire("k").close();
    second.acquire("k").close();

    assertThat(loader.calls).hasValue(2);
    assertThat(first.policy()).isEqualTo(POLICY);
  }

  @Test
  void asyncInvalidate_nullKey_throwsNullPointer() {
    AsyncSecretCache<String, TestSecret> cache = builder().policy(POLICY).buildAsync((key, executor) -> null);

    assertThatThrownBy(() -> cache.invalidate(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("key must not be null");
  }

  @Test
  void cacheStats_nullRetirements_throwsNullPointer() {
    assertThatThrownBy(() -> CacheStats.of(0, 0, 0, 0, 0, 0, 0, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("retirements");
  }

  @Test
  void cacheStats_negativeRetirementCount_throwsIllegalArgument() {
    assertThatThrownBy(() -> CacheStats.of(0, 0, 0, 0, 0, 0, 0, Map.of(RetirementCause.SIZE, -3L)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("retirements[SIZE] must be between 0 and 9223372036854775807, was -3");
  }

  @Test
  void cacheStats_retirementsOfNullCause_throwsNullPointer() {
    CacheStats stats = CacheStats.of(0, 0, 0, 0, 0, 0, 0, Map.of());

    assertThatThrownBy(() -> stats.retirements(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("cause");
  }

  @Test
  void manualTicker_nullAdvance_throwsNullPointer() {
    assertThatThrownBy(() -> new ManualTicker().advance(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("duration");
  }
}
