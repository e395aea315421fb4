package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PrefixPlannerTest {

  @Test
  void plan_table_exactPrefixCounts() {
    PrefixPlanner planner = PrefixPlanner.defaults();
    // writes, reads -> required, width
    Object[][] table = {
        {0.0, 0.0, 1L, 1},
        {1_000.0, 1_000.0, 1L, 1},
        {3_500.0, 0.0, 2L, 1},
        {0.0, 5_500.0, 2L, 1},
        {28_000.0, 0.0, 16L, 1},
        {28_001.0, 0.0, 17L, 2},
        {100_000.0, 300_000.0, 110L, 2},
        {1_000_000.0, 0.0, 572L, 3},
    };
    for (Object[] row : table) {
      PrefixPlan plan = planner.plan((double) row[0], (double) row[1]);
      assertThat(plan.requiredPrefixes()).as("required for %s", (Object) row).isEqualTo(row[2]);
      assertThat(plan.widthChars()).as("width for %s", (Object) row).isEqualTo(row[3]);
      assertThat(plan.prefixCount()).isGreaterThanOrEqualTo(plan.requiredPrefixes());
      assertThat(plan.writesPerSecondPerPrefix() * planner.headroom()).isLessThanOrEqualTo(3_500.0);
    }
  }

  @Test
  void plan_base32_listsPrefixesInOrder() {
    PrefixPlan plan = PrefixPlanner.builder().alphabet(PrefixAlphabet.BASE32).headroom(1.0).build()
        .plan(3_500 * 33, 0);
    assertThat(plan.widthChars()).isEqualTo(2);
    assertThat(plan.prefixes()).hasSize(1024).startsWith("00", "01").endsWith("vv").isSorted();
    assertThat(plan.explain()).contains("need 33 prefix(es)").contains("BASE32 width 2 gives 1024 prefixes");
  }

  @Test
  void plan_negativeRate_throwsIllegalArgument() {
    assertThatThrownBy(() -> PrefixPlanner.defaults().plan(-1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("writesPerSecond must be finite and at least 0, was -1.0");
    assertThatThrownBy(() -> PrefixPlanner.defaults().plan(0, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("readsPerSecond must be finite and at least 0, was NaN");
  }

  @Test
  void headroom_belowOne_throwsIllegalArgument() {
    assertThatThrownBy(() -> PrefixPlanner.builder().headroom(0.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("headroom must be between 1.0 and 100.0, was 0.5");
  }
  @Test
  void plan_impossibleRateOnHex_needsNPrefixesErrorNotOverflow() {
    // 3500 x 2^60 writes/s with headroom 2.0 need 2^61 prefixes: more than width 15's 2^60, and width 16 (2^64)
    // would overflow a long.
    double writes = 3_500.0 * 0x1p60;

    assertThatThrownBy(() -> PrefixPlanner.defaults().plan(writes, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("writesPerSecond " + writes + " and readsPerSecond 0.0 with headroom 2.0 need 2305843009213693952"
            + " prefixes at 3500.0 writes/s and 5500.0 reads/s per prefix; HEX gives at most 1152921504606846976"
            + " prefixes (width 15)");
  }

  @Test
  void plan_impossibleRateOnBase32_needsNPrefixesError() {
    PrefixPlanner planner = PrefixPlanner.builder().alphabet(PrefixAlphabet.BASE32).build();

    assertThatThrownBy(() -> planner.plan(0, 1e300))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("writesPerSecond 0.0 and readsPerSecond 1.0E300 with headroom 2.0 need 3.6363636363636366E296"
            + " prefixes at 3500.0 writes/s and 5500.0 reads/s per prefix; BASE32 gives at most 1152921504606846976"
            + " prefixes (width 12)");
  }

  @Test
  void plan_largestHexPlan_width15Exactly() {
    PrefixPlan plan = PrefixPlanner.builder().headroom(1.0).build().plan(3_500.0 * (1L << 60), 0);

    assertThat(plan.widthChars()).isEqualTo(15);
    assertThat(plan.requiredPrefixes()).isEqualTo(1L << 60);
    assertThat(plan.prefixCount()).isEqualTo(1L << 60);
  }
}
