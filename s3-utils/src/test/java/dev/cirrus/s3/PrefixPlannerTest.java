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
}
