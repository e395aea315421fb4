package dev.cirrus.dynamo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

class BatchesTest {
  private static final Resender<String> ONE_ATTEMPT =
      new Resender<>(1, Backoff.none(), failure -> ErrorKind.NOT_RETRYABLE, () -> 0, nanos -> { });

  @Test
  void split_moreThanMaxCount_cutsInOrder() {
    List<List<Integer>> batches = Batches.split(List.of(1, 2, 3, 4, 5), 2, i -> 0, Long.MAX_VALUE);

    assertThat(batches).containsExactly(List.of(1, 2), List.of(3, 4), List.of(5));
  }

  @Test
  void split_nextWouldExceedMaxBytes_startsNewBatch() {
    List<List<Integer>> batches = Batches.split(List.of(6, 4, 1, 10, 3), 25, i -> i, 10);

    assertThat(batches).containsExactly(List.of(6, 4), List.of(1), List.of(10), List.of(3));
  }

  @Test
  void split_noElements_noBatches() {
    assertThat(Batches.split(List.<Integer>of(), 25, i -> i, 10)).isEmpty();
  }

  @Test
  void run_severalBatches_sumsOutcomesInBatchOrder() {
    Map<String, Double> units = Map.of("a", 1.0, "c", 2.5);
    Batches.Totals<String> totals = Batches.run(List.of(List.of("a", "b"), List.of("c", "d")), ONE_ATTEMPT, 2,
        pending -> new Resender.Reply<>(pending.subList(1, 2), units.get(pending.get(0))));

    assertThat(totals.done()).isEqualTo(2);
    assertThat(totals.requests()).isEqualTo(2);
    assertThat(totals.resends()).isZero();
    assertThat(totals.capacityUnits()).isEqualTo(3.5);
    assertThat(totals.unprocessed()).containsExactly("b", "d");
    assertThat(totals.error()).isNull();
  }

  @Test
  void run_batchesFail_firstErrorKeptOthersSuppressed() {
    List<RuntimeException> thrown = new ArrayList<>();
    Batches.Totals<String> totals = Batches.run(List.of(List.of("a"), List.of("b"), List.of("c")), ONE_ATTEMPT, 1,
        pending -> {
          RuntimeException e = new IllegalStateException(pending.get(0));
          thrown.add(e);
          throw e;
        });

    assertThat(totals.unprocessed()).containsExactly("a", "b", "c");
    assertThat(totals.error()).isSameAs(thrown.get(0));
    assertThat(totals.error().getSuppressed()).containsExactly(thrown.get(1), thrown.get(2));
  }

  @Test
  void capacityUnits_someWithoutUnits_sumsTheOthers() {
    List<ConsumedCapacity> consumed = List.of(ConsumedCapacity.builder().capacityUnits(1.5).build(),
        ConsumedCapacity.builder().build(), ConsumedCapacity.builder().capacityUnits(2.0).build());

    assertThat(Batches.capacityUnits(consumed)).isEqualTo(3.5);
    assertThat(Batches.capacityUnits(List.of())).isZero();
  }
}
