package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import org.junit.jupiter.api.Test;

class RetryBudgetPropertyTest {

  @Test
  void anySequenceOfAcquireAndRelease_tokensStayWithinZeroAndCapacity() {
    qt().withFixedSeed(0xB0D6E7L).withExamples(500)
        .forAll(integers().between(1, 1000), lists().of(integers().between(-2000, 2000)).ofSizeBetween(0, 200))
        .checkAssert((capacity, ops) -> {
          RetryBudget budget = RetryBudget.builder().capacity(capacity).throttlingRetryCost(0).transientRetryCost(0)
              .build();
          int model = capacity;
          for (int op : ops) {
            if (op < 0) {
              boolean took = budget.tryAcquire(-op);
              assertThat(took).isEqualTo(model >= -op);
              if (took) {
                model += op;
              }
            } else {
              budget.release(op);
              model = Math.min(capacity, model + op);
            }
            assertThat(budget.availableTokens()).isEqualTo(model).isBetween(0, capacity);
          }
        });
  }
}
