package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BackoffTest {
  private static final Duration BASE = Duration.ofNanos(100);
  private static final Duration CAP = Duration.ofNanos(1000);

  private static long[] table(Backoff b, double random) {
    long[] out = new long[7];
    long prev = 0;
    for (int attempt = 1; attempt <= 7; attempt++) {
      prev = b.delayNanos(attempt, prev, random);
      out[attempt - 1] = prev;
    }
    return out;
  }

  @Test
  void exponential_attempts1to7_doublesUntilCap() {
    assertThat(table(Backoff.exponential(BASE, CAP), 0.99)).containsExactly(100, 200, 400, 800, 1000, 1000, 1000);
  }

  @Test
  void fullJitter_randomHalf_halfOfExponential() {
    assertThat(table(Backoff.fullJitter(BASE, CAP), 0.5)).containsExactly(50, 100, 200, 400, 500, 500, 500);
  }

  @Test
  void fullJitter_randomZero_zero() {
    assertThat(table(Backoff.fullJitter(BASE, CAP), 0.0)).containsOnly(0L);
  }

  @Test
  void equalJitter_randomQuarter_halfPlusQuarterOfHalf() {
    assertThat(table(Backoff.equalJitter(BASE, CAP), 0.25)).containsExactly(62, 125, 250, 500, 625, 625, 625);
  }

  @Test
  void decorrelatedJitter_randomHalf_growsFromPreviousDelay() {
    // base + 0.5 * (3 * max(prev, base) - base): 100 -> 200 -> 350 -> 575 -> 912 -> cap
    assertThat(table(Backoff.decorrelatedJitter(BASE, CAP), 0.5)).containsExactly(200, 350, 575, 912, 1000, 1000,
        1000);
  }

  @Test
  void decorrelatedJitter_randomZero_base() {
    assertThat(table(Backoff.decorrelatedJitter(BASE, CAP), 0.0)).containsOnly(100L);
  }

  @Test
  void fixedAndNone_anyAttempt_constant() {
    assertThat(table(Backoff.fixed(Duration.ofMillis(7)), 0.3)).containsOnly(7_000_000L);
    assertThat(table(Backoff.none(), 0.3)).containsOnly(0L);
  }

  @ParameterizedTest
  @CsvSource({"10000", "2147483647", "63", "64", "65"})
  void everyStrategy_hugeAttempt_capNotNegative(int attempt) {
    Duration cap = Duration.ofSeconds(20);
    assertThat(Backoff.exponential(Duration.ofMillis(50), cap).delayNanos(attempt, 0, 0.5))
        .isEqualTo(cap.toNanos());
    assertThat(Backoff.fullJitter(Duration.ofMillis(50), cap).delayNanos(attempt, 0, 0.5))
        .isEqualTo(cap.toNanos() / 2);
    assertThat(Backoff.equalJitter(Duration.ofMillis(50), cap).delayNanos(attempt, 0, 0.999999))
        .isBetween(cap.toNanos() / 2, cap.toNanos());
    assertThat(Backoff.decorrelatedJitter(Duration.ofMillis(50), cap).delayNanos(attempt, Long.MAX_VALUE, 0.999))
        .isEqualTo(cap.toNanos());
  }

  @Test
  void exponential_hugeCap_saturatesWithoutOverflow() {
    Backoff b = Backoff.exponential(Duration.ofSeconds(1), Duration.ofSeconds(Long.MAX_VALUE));
    assertThat(b.delayNanos(10_000, 0, 0.0)).isEqualTo(Long.MAX_VALUE);
    assertThat(b.delayNanos(63, 0, 0.0)).isEqualTo(Long.MAX_VALUE);
    assertThat(b.delayNanos(30, 0, 0.0)).isEqualTo(1_000_000_000L << 29);
  }

  @Test
  void delay_durationOverload_sameAsNanos() {
    Backoff b = Backoff.fullJitter(Duration.ofMillis(10), Duration.ofSeconds(1));
    assertThat(b.delay(3, Duration.ZERO, 0.5)).isEqualTo(Duration.ofMillis(20));
  }

  @Test
  void factories_zeroBase_illegalArgument() {
    assertThatThrownBy(() -> Backoff.fullJitter(Duration.ZERO, CAP))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("base must be positive, was PT0S");
  }

  @Test
  void factories_negativeBase_illegalArgument() {
    assertThatThrownBy(() -> Backoff.exponential(Duration.ofMillis(-5), CAP))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("base must be positive, was PT-0.005S");
  }

  @Test
  void factories_capBelowBase_illegalArgument() {
    assertThatThrownBy(() -> Backoff.decorrelatedJitter(Duration.ofMillis(100), Duration.ofMillis(50)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cap must be at least base (PT0.1S), was PT0.05S");
    assertThatThrownBy(() -> Backoff.equalJitter(Duration.ofMillis(100), Duration.ofMillis(50)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("cap must be at least base (PT0.1S), was PT0.05S");
  }

  @Test
  void fixed_zeroDelay_illegalArgument() {
    assertThatThrownBy(() -> Backoff.fixed(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("delay must be positive, was PT0S");
  }

  @Test
  void factories_nullArguments_nullPointerNamingParameter() {
    assertThatThrownBy(() -> Backoff.fullJitter(null, CAP)).isInstanceOf(NullPointerException.class).hasMessage("base");
    assertThatThrownBy(() -> Backoff.fullJitter(BASE, null)).isInstanceOf(NullPointerException.class).hasMessage("cap");
    assertThatThrownBy(() -> Backoff.fixed(null)).isInstanceOf(NullPointerException.class).hasMessage("delay");
  }

  @Test
  void delayNanos_attemptZero_illegalArgument() {
    assertThatThrownBy(() -> Backoff.fullJitter(BASE, CAP).delayNanos(0, 0, 0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("attempt must be at least 1, was 0");
  }

  @Test
  void delayNanos_randomOutOfRange_illegalArgument() {
    assertThatThrownBy(() -> Backoff.fullJitter(BASE, CAP).delayNanos(1, 0, 1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("random must be in [0.0, 1.0), was 1.0");
    assertThatThrownBy(() -> Backoff.fullJitter(BASE, CAP).delayNanos(1, 0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("random must be in [0.0, 1.0), was NaN");
  }

  @Test
  void toString_namesStrategyAndBounds() {
    assertThat(Backoff.fullJitter(Duration.ofMillis(50), Duration.ofSeconds(20)))
        .hasToString("Backoff.full_jitter(base=PT0.05S, cap=PT20S)");
  }

  @Test
  void exponential_capJustBelowLongMaxNanos_notRaisedToLongMax() {
    Backoff b = Backoff.exponential(Duration.ofNanos(1), Duration.ofNanos(Long.MAX_VALUE - 1));

    assertThat(b.delayNanos(64, 0, 0.0)).isEqualTo(Long.MAX_VALUE - 1);
    assertThat(b.delayNanos(10_000, 0, 0.0)).isEqualTo(Long.MAX_VALUE - 1);
  }
}
