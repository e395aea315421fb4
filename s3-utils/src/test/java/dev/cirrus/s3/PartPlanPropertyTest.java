package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import org.junit.jupiter.api.Test;

class PartPlanPropertyTest {

  @Test
  void planFor_anySize_coversObjectExactlyWithinLimits() {
    qt().withFixedSeed(21L).withExamples(3000)
        .forAll(longs().between(0, PartSizePolicy.DEFAULT_MAX_OBJECT_SIZE_BYTES),
            longs().between(PartSizePolicy.MIN_PART_SIZE_BYTES, PartSizePolicy.MAX_PART_SIZE_BYTES))
        .checkAssert((size, preferred) -> {
          PartPlan plan = PartSizePolicy.builder().preferredPartSizeBytes(preferred).build().planFor(size);
          int n = plan.partCount();
          assertThat(n).isBetween(1, PartSizePolicy.MAX_PARTS);
          long part = plan.firstPartSizeBytes();
          assertThat(part).isBetween(preferred, PartSizePolicy.MAX_PART_SIZE_BYTES);
          assertThat(plan.partOffsetBytes(n) + plan.partSizeBytes(n)).isEqualTo(size);
          assertThat(plan.partSizeBytes(n)).isBetween(size == 0 ? 0L : 1L, part);
          if (n > 1) {
            assertThat(plan.partSizeBytes(n - 1)).isEqualTo(part);
            assertThat(plan.partOffsetBytes(2)).isEqualTo(part);
          }
          // smallest doubling that fits: half the size would not fit (unless it is below the preferred size)
          if (part > preferred && part < PartSizePolicy.MAX_PART_SIZE_BYTES) {
            assertThat(PartSizePolicy.ceilDiv(size, part / 2)).isGreaterThan(PartSizePolicy.MAX_PARTS);
          }
        });
  }

  @Test
  void planForUnknownLength_anyPreferredAndCapacity_scheduleGrowsAndHoldsCapacity() {
    qt().withFixedSeed(22L).withExamples(300)
        .forAll(longs().between(PartSizePolicy.MIN_PART_SIZE_BYTES, 64L * 1024 * 1024),
            longs().between(1, 40L * 1024 * 1024 * 1024 * 1024), integers().between(1, PartSizePolicy.MAX_PARTS))
        .checkAssert((preferred, capacity, probe) -> {
          PartSizePolicy policy = PartSizePolicy.builder().preferredPartSizeBytes(preferred)
              .unknownLengthCapacityBytes(capacity).build();
          PartPlan plan = policy.planForUnknownLength();
          assertThat(plan.partOffsetBytes(PartSizePolicy.MAX_PARTS)
              + plan.partSizeBytes(PartSizePolicy.MAX_PARTS)).isGreaterThanOrEqualTo(capacity);
          assertThat(plan.partSizeBytes(1)).isEqualTo(preferred);
          long size = plan.partSizeBytes(probe);
          assertThat(size).isBetween(PartSizePolicy.MIN_PART_SIZE_BYTES, PartSizePolicy.MAX_PART_SIZE_BYTES);
          if (probe > 1) {
            assertThat(size).isGreaterThanOrEqualTo(plan.partSizeBytes(probe - 1));
            assertThat(plan.partOffsetBytes(probe))
                .isEqualTo(plan.partOffsetBytes(probe - 1) + plan.partSizeBytes(probe - 1));
          }
          assertThat(plan.partNumberAt(plan.partOffsetBytes(probe))).isEqualTo(probe);
        });
  }
}
