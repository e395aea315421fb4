package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.doubles;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import org.junit.jupiter.api.Test;

class AdaptiveRateLimiterPropertyTest {

  @Test
  void anySequenceOfEvents_rateStaysWithinBoundsAndWaitsNeverNegative() {
    qt().withFixedSeed(0x11_4173L).withExamples(300)
        .forAll(doubles().between(0.1, 50), doubles().between(1, 5000),
            lists().of(integers().between(0, 3_000_000)).ofSizeBetween(1, 400))
        .checkAssert((min, span, events) -> {
          long[] now = {0};
          double max = min + span;
          AdaptiveRateLimiter l = AdaptiveRateLimiter.builder().minRatePerSecond(min).maxRatePerSecond(max)
              .nanoTicker(() -> now[0]).build();
          for (int e : events) {
            now[0] += (e / 4) * 1000L; // 0..750 ms between events
            switch (e % 4) {
              case 0:
                l.onResponse("k", true);
                break;
              case 1:
                assertThat(l.reserveNanos("k")).isGreaterThanOrEqualTo(0);
                break;
              default:
                l.onResponse("k", false);
            }
            double rate = l.ratePerSecond("k");
            if (!Double.isInfinite(rate)) {
              assertThat(rate).isBetween(min, max);
            }
          }
        });
  }
}
