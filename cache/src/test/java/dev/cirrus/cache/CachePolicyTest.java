package dev.cirrus.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CachePolicyTest {

  @Test
  void build_onlyMaxAge_hasDocumentedDefaults() {
    CachePolicy policy = CachePolicy.builder().maxAge(Duration.ofMinutes(5)).build();

    assertThat(policy.maxAge()).isEqualTo(Duration.ofMinutes(5));
    assertThat(policy.maxUses()).isEqualTo(4294967296L);
    assertThat(policy.maxBytes()).isEqualTo(Long.MAX_VALUE);
    assertThat(policy.maximumSize()).isEqualTo(1000);
    assertThat(policy.refreshAheadFraction()).isEmpty();
  }

  @Test
  void build_withoutMaxAge_throwsIllegalState() {
    assertThatThrownBy(() -> CachePolicy.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxAge is required; call maxAge(Duration) before build()");
  }

  @Test
  void maxAge_zero_throwsIllegalArgument() {
    assertThatThrownBy(() -> CachePolicy.builder().maxAge(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAge must be between PT0.000000001S and PT2562047H47M16.854775807S, was PT0S");
  }

  @Test
  void maxAge_negative_throwsIllegalArgument() {
    assertThatThrownBy(() -> CachePolicy.builder().maxAge(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAge must be between PT0.000000001S and PT2562047H47M16.854775807S, was PT-1S");
  }

  @Test
  void maxAge_beyondLongNanos_throwsIllegalArgument() {
    assertThatThrownBy(() -> CachePolicy.builder().maxAge(Duration.ofDays(365L * 300)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxAge must be between PT0.000000001S and PT2562047H47M16.854775807S, was PT2628000H");
  }

  @Test
  void maxAge_null_throwsNullPointer() {
    assertThatThrownBy(() -> CachePolicy.builder().maxAge(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("maxAge");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, 4294967297L, Long.MAX_VALUE})
  void maxUses_outOfRange_throwsIllegalArgument(long maxUses) {
    assertThatThrownBy(() -> CachePolicy.builder().maxUses(maxUses))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxUses must be between 1 and 4294967296, was " + maxUses);
  }

  @Test
  void maxUses_bounds_accepted() {
    assertThat(CachePolicy.builder().maxAge(Duration.ofSeconds(1)).maxUses(1).build().maxUses()).isOne();
    assertThat(CachePolicy.builder().maxAge(Duration.ofSeconds(1)).maxUses(1L << 32).build().maxUses())
        .isEqualTo(1L << 32);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -1, Long.MIN_VALUE})
  void maxBytes_belowOne_throwsIllegalArgument(long maxBytes) {
    assertThatThrownBy(() -> CachePolicy.builder().maxBytes(maxBytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxBytes must be between 1 and 9223372036854775807, was " + maxBytes);
  }

  @ParameterizedTest
  @ValueSource(longs = {0, -5})
  void maximumSize_belowOne_throwsIllegalArgument(long maximumSize) {
    assertThatThrownBy(() -> CachePolicy.builder().maximumSize(maximumSize))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maximumSize must be between 1 and 9223372036854775807, was " + maximumSize);
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.0, 1.0, -0.5, 1.5, Double.NaN})
  void refreshAheadFraction_outOfRange_throwsIllegalArgument(double fraction) {
    assertThatThrownBy(() -> CachePolicy.builder().refreshAheadFraction(fraction))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refreshAheadFraction must be greater than 0.0 and less than 1.0, was " + fraction);
  }

  @Test
  void toBuilder_changeOneLimit_leavesOriginalUnchanged() {
    CachePolicy original =
        CachePolicy.builder().maxAge(Duration.ofSeconds(30)).maxUses(10).refreshAheadFraction(0.5).build();

    CachePolicy changed = original.toBuilder().maxUses(20).build();

    assertThat(original.maxUses()).isEqualTo(10);
    assertThat(changed.maxUses()).isEqualTo(20);
    assertThat(changed.refreshAheadFraction()).hasValue(0.5);
    assertThat(changed.toBuilder().maxUses(10).build()).isEqualTo(original).hasSameHashCodeAs(original);
    assertThat(original.toBuilder().noRefreshAhead().build().refreshAheadFraction()).isEmpty();
  }

  @Test
  void toString_listsLimits() {
    CachePolicy policy = CachePolicy.builder().maxAge(Duration.ofSeconds(30)).maxUses(10).build();

    assertThat(policy)
        .hasToString(
            "CachePolicy{maxAge=PT30S, maxUses=10, maxBytes=9223372036854775807, maximumSize=1000,"
                + " refreshAheadFraction=off}");
  }

  @Test
  void manualTicker_negativeAdvance_throwsIllegalArgument() {
    assertThatThrownBy(() -> new ManualTicker().advance(Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("duration must not be negative, was PT-0.000000001S");
  }

  @Test
  void cacheStats_negativeCount_throwsIllegalArgument() {
    assertThatThrownBy(() -> CacheStats.of(-1, 0, 0, 0, 0, 0, 0, java.util.Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hits must be between 0 and 9223372036854775807, was -1");
  }
}
