package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityPropertyTest {
  private static final long SEED = 0xCAFE_2026L;

  @Test
  void units_monotoneInItemSize() {
    qt().withFixedSeed(SEED).withExamples(2000)
        .forAll(integers().between(0, 409_599), integers().between(0, 5000))
        .checkAssert((size, delta) -> {
          long bigger = Math.min(409_600, (long) size + delta);
          for (ReadConsistency c : new ReadConsistency[] {ReadConsistency.EVENTUAL, ReadConsistency.STRONG}) {
            assertThat(CapacityCalculator.getItem(bigger, c).readUnits())
                .isGreaterThanOrEqualTo(CapacityCalculator.getItem(size, c).readUnits());
          }
          assertThat(CapacityCalculator.putItem(bigger, 0, WriteMode.STANDARD).writeUnits())
              .isGreaterThanOrEqualTo(CapacityCalculator.putItem(size, 0, WriteMode.STANDARD).writeUnits());
        });
  }

  @Test
  void batchGet_neverCheaperThanQuery_sameItems() {
    qt().withFixedSeed(SEED).withExamples(500)
        .forAll(lists().of(integers().between(1, 10_000)).ofSizeBetween(1, 100))
        .checkAssert(sizes -> {
          long[] arr = toArray(sizes);
          double batch = CapacityCalculator.batchGetItem(ReadConsistency.STRONG, arr).readUnits();
          double query = CapacityCalculator.query(ReadConsistency.STRONG, arr).readUnits();
          long total = sizes.stream().mapToLong(Integer::longValue).sum();
          assertThat(batch).isGreaterThanOrEqualTo(query);
          assertThat(query).isEqualTo((double) CapacityCalculator.readUnits(total));
          assertThat(batch - query).isLessThan(sizes.size());
        });
  }

  @Test
  void eventual_isHalfOfStrong() {
    qt().withFixedSeed(SEED).withExamples(500).forAll(integers().between(0, 409_600)).checkAssert(size ->
        assertThat(CapacityCalculator.getItem(size, ReadConsistency.EVENTUAL).readUnits() * 2)
            .isEqualTo(CapacityCalculator.getItem(size, ReadConsistency.STRONG).readUnits()));
  }

  private static long[] toArray(List<Integer> sizes) {
    return sizes.stream().mapToLong(Integer::longValue).toArray();
  }
}
