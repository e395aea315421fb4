package dev.cirrus.retry;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.math.BigInteger;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffPropertyTest {
  private static final long SEED = 0xC1_44_05L;
  private static final long MAX_BASE = Duration.ofHours(1).toNanos();

  @Test
  void everyStrategy_anyInput_delayWithinZeroAndCap() {
    qt().withFixedSeed(SEED).withExamples(3000)
        .forAll(longs().between(1, MAX_BASE), longs().between(0, MAX_BASE), integers().between(1, Integer.MAX_VALUE),
            doubles().between(0.0, 0.999_999_999))
        .checkAssert((base, extra, attempt, r) -> {
          Duration b = Duration.ofNanos(base);
          Duration c = Duration.ofNanos(base + extra);
          for (Backoff backoff : new Backoff[] {Backoff.exponential(b, c), Backoff.fullJitter(b, c),
              Backoff.equalJitter(b, c), Backoff.decorrelatedJitter(b, c)}) {
            long d = backoff.delayNanos(attempt, base * 2, r);
            org.assertj.core.api.Assertions.assertThat(d).as("%s attempt %d", backoff, attempt)
                .isBetween(0L, base + extra);
          }
        });
  }

  @Test
  void exponential_anyAttempt_exactlyMinOfCapAndBaseTimesTwoToTheN() {
    qt().withFixedSeed(SEED).withExamples(3000)
        .forAll(longs().between(1, MAX_BASE), longs().between(0, Long.MAX_VALUE / 2), integers().between(1, 200))
        .checkAssert((base, extra, attempt) -> {
          long cap = base + extra;
          BigInteger expected = BigInteger.valueOf(base).shiftLeft(attempt - 1).min(BigInteger.valueOf(cap));
          long actual = Backoff.exponential(Duration.ofNanos(base), Duration.ofNanos(cap)).delayNanos(attempt, 0, 0.3);
          org.assertj.core.api.Assertions.assertThat(actual).isEqualTo(expected.longValueExact());
        });
  }

  @Test
  void decorrelatedJitter_anyPrevious_withinBaseAndMinOfCapAndThreeTimesPrevious() {
    qt().withFixedSeed(SEED).withExamples(3000)
        .forAll(longs().between(1, MAX_BASE), longs().between(0, MAX_BASE * 4), longs().between(0, MAX_BASE * 10),
            doubles().between(0.0, 0.999_999_999))
        .checkAssert((base, extra, prev, r) -> {
          long cap = base + extra;
          long d = Backoff.decorrelatedJitter(Duration.ofNanos(base), Duration.ofNanos(cap)).delayNanos(2, prev, r);
          long upper = Math.min(cap, 3 * Math.max(prev, base));
          org.assertj.core.api.Assertions.assertThat(d).isBetween(base, upper);
        });
  }

  @Test
  void everyStrategy_basesAndCapsUpToLongMax_delayWithinZeroAndCapAndDecorrelatedAtLeastBase() {
    qt().withFixedSeed(SEED).withExamples(5000)
        .forAll(longs().between(1, Long.MAX_VALUE / 2), longs().between(0, Long.MAX_VALUE / 2),
            integers().between(1, Integer.MAX_VALUE), doubles().between(0.0, 0.999_999_999_999_999_9))
        .checkAssert((base, extra, attempt, r) -> {
          long cap = base + extra;
          Duration b = Duration.ofNanos(base);
          Duration c = Duration.ofNanos(cap);
          for (Backoff backoff : new Backoff[] {Backoff.exponential(b, c), Backoff.fullJitter(b, c),
              Backoff.equalJitter(b, c)}) {
            org.assertj.core.api.Assertions.assertThat(backoff.delayNanos(attempt, cap, r))
                .as("%s attempt %d r %s", backoff, attempt, r).isBetween(0L, cap);
          }
          org.assertj.core.api.Assertions.assertThat(Backoff.decorrelatedJitter(b, c).delayNanos(attempt, cap, r))
              .as("decorrelated base %d cap %d r %s", base, cap, r).isBetween(base, cap);
        });
  }
}
