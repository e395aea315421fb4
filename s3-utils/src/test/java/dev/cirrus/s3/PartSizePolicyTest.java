package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PartSizePolicyTest {
  private static final long MIB = 1024 * 1024;
  private static final long GIB = 1024 * MIB;

  @Test
  void planFor_table_doublesLikeTheCli() {
    PartSizePolicy policy = PartSizePolicy.defaults();
    Object[][] table = {
        // size, part size, count, last
        {0L, 8 * MIB, 1, 0L},
        {1L, 8 * MIB, 1, 1L},
        {8 * MIB, 8 * MIB, 1, 8 * MIB},
        {8 * MIB + 1, 8 * MIB, 2, 1L},
        {10_000 * 8 * MIB, 8 * MIB, 10_000, 8 * MIB},
        {10_000 * 8 * MIB + 1, 16 * MIB, 5001, 1L},
        {1024 * GIB, 128 * MIB, 8192, 128 * MIB},
        {PartSizePolicy.DEFAULT_MAX_OBJECT_SIZE_BYTES, 5 * GIB, 10_000, 5 * GIB},
    };
    for (Object[] row : table) {
      PartPlan plan = policy.planFor((long) row[0]);
      assertThat(plan.firstPartSizeBytes()).as("part size for %s", row[0]).isEqualTo(row[1]);
      assertThat(plan.partCount()).as("count for %s", row[0]).isEqualTo(row[2]);
      assertThat(plan.partSizeBytes(plan.partCount())).as("last for %s", row[0]).isEqualTo(row[3]);
    }
  }

  @Test
  void planForUnknownLength_defaults_firstDefaultPartsPerDoublingPartsAre8MiB() {
    PartSizePolicy policy = PartSizePolicy.defaults();
    PartPlan plan = policy.planForUnknownLength();
    assertThat(plan.partsPerDoubling()).isEqualTo(PartSizePolicy.DEFAULT_PARTS_PER_DOUBLING);
    assertThat(policy.unknownLengthCapacityBytes()).isEqualTo(5L * 1024 * GIB);
    assertThat(plan.partsPerDoubling()).isEqualTo(policy.partsPerDoubling());
    assertThat(plan.partSizeBytes(1)).isEqualTo(8 * MIB);
    assertThat(plan.partSizeBytes(plan.partsPerDoubling())).isEqualTo(8 * MIB);
    assertThat(plan.partSizeBytes(plan.partsPerDoubling() + 1)).isEqualTo(16 * MIB);
    assertThat(PartPlan.streamCapacity(8 * MIB, plan.partsPerDoubling()))
        .isGreaterThanOrEqualTo(policy.unknownLengthCapacityBytes());
    assertThat(PartPlan.streamCapacity(8 * MIB, plan.partsPerDoubling() + 1))
        .isLessThan(policy.unknownLengthCapacityBytes());
    assertThat(plan.bufferBoundBytes(4, 1024 * MIB)).isEqualTo(32 * MIB);
    assertThat(plan.explain()).startsWith("unknown length up to 5497558138880 bytes: parts start at 8388608");
  }

  @Test
  void requiresMultipart_table_trueOnlyAboveTheSinglePutLimit() {
    Object[][] table = {
        {0L, false},
        {8 * MIB, false},
        {5 * GIB - 1, false},
        {5 * GIB, false},
        {5 * GIB + 1, true},
        {PartSizePolicy.DEFAULT_MAX_OBJECT_SIZE_BYTES, true},
    };
    for (Object[] row : table) {
      assertThat(PartSizePolicy.requiresMultipart((long) row[0])).as("size %s", row[0]).isEqualTo(row[1]);
    }
    assertThat(PartSizePolicy.MAX_SINGLE_REQUEST_BYTES).isEqualTo(5 * GIB);
  }

  @Test
  void requiresMultipart_negative_throwsIllegalArgument() {
    assertThatThrownBy(() -> PartSizePolicy.requiresMultipart(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objectSizeBytes must be at least 0, was -1");
  }

  @Test
  void planFor_negative_throwsIllegalArgument() {
    assertThatThrownBy(() -> PartSizePolicy.defaults().planFor(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objectSizeBytes must be at least 0, was -1");
  }

  @Test
  void planFor_beyondMaximum_throwsIllegalArgument() {
    PartSizePolicy policy = PartSizePolicy.builder().maxObjectSizeBytes(5L * 1024 * GIB).build();
    assertThatThrownBy(() -> policy.planFor(5L * 1024 * GIB + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("objectSizeBytes must be at most maxObjectSizeBytes 5497558138880, was 5497558138881");
  }

  @Test
  void preferredPartSize_below5MiB_throwsIllegalArgument() {
    assertThatThrownBy(() -> PartSizePolicy.builder().preferredPartSizeBytes(1024))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("preferredPartSizeBytes must be between 5242880 and 5368709120, was 1024");
  }

  @Test
  void maxObjectSize_beyondS3Limit_throwsIllegalArgument() {
    assertThatThrownBy(() -> PartSizePolicy.builder().maxObjectSizeBytes(53_687_091_200_001L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxObjectSizeBytes must be between 1 and 53687091200000, was 53687091200001");
  }

  @Test
  void unknownLengthCapacity_unreachable_throwsIllegalArgument() {
    assertThatThrownBy(() -> PartSizePolicy.builder()
            .unknownLengthCapacityBytes(PartSizePolicy.DEFAULT_MAX_OBJECT_SIZE_BYTES).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknownLengthCapacityBytes must be at most ")
        .hasMessageEndingWith(" (10,000 parts doubling from preferredPartSizeBytes 8388608), was 53687091200000");
    assertThatThrownBy(() -> PartSizePolicy.builder().maxObjectSizeBytes(GIB).unknownLengthCapacityBytes(2 * GIB)
            .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unknownLengthCapacityBytes must be at most maxObjectSizeBytes 1073741824, was 2147483648");
  }

  @Test
  void partSizeBytes_outOfRange_throwsIllegalArgument() {
    assertThatThrownBy(() -> PartSizePolicy.defaults().planFor(10).partSizeBytes(2))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("partNumber must be between 1 and 1, was 2");
  }
}
