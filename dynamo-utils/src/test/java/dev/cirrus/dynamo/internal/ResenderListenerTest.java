package dev.cirrus.dynamo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.dynamo.BatchListener;
import dev.cirrus.dynamo.BatchListener.Operation;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.ErrorKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The events a re-send loop gives its {@link BatchListener}, in order. */
class ResenderListenerTest {

  /** Records every event as text. */
  private static final class Recorder implements BatchListener {
    final List<String> events = new ArrayList<>();

    @Override
    public void onRequest(Operation operation, String tableName, int sent, int unprocessed, double reported,
        double computed) {
      events.add(operation + " " + tableName + " sent " + sent + " unprocessed " + unprocessed + " reported "
          + reported + " computed " + computed);
    }

    @Override
    public void onRequestFailed(Operation operation, String tableName, int sent, Throwable failure) {
      events.add("failed sent " + sent + " " + failure.getMessage());
    }

    @Override
    public void onResend(Operation operation, String tableName, int elements) {
      events.add("resend " + elements);
    }
  }

  private static Resender<String> resender(BatchListener listener) {
    return new Resender<>(5, Backoff.none(), failure -> ErrorKind.THROTTLING, () -> 0, nanos -> { }, listener,
        Operation.GET, "orders");
  }

  @Test
  void run_unprocessedThenFailureThenDone_eventsInOrder() {
    Recorder recorder = new Recorder();
    AtomicInteger calls = new AtomicInteger();

    Resender.Outcome<String> outcome = resender(recorder).run(List.of("a", "b", "c"), pending -> {
      switch (calls.incrementAndGet()) {
        case 1:
          return new Resender.Reply<>(List.of("c"), 2.0, 1.5);
        case 2:
          throw new IllegalStateException("throttled");
        default:
          return new Resender.Reply<>(List.of(), 1.0, 0.5);
      }
    });

    assertThat(outcome.done()).isEqualTo(3);
    assertThat(recorder.events).containsExactly(
        "GET orders sent 3 unprocessed 1 reported 2.0 computed 1.5",
        "resend 1",
        "failed sent 1 throttled",
        "resend 1",
        "GET orders sent 1 unprocessed 0 reported 1.0 computed 0.5");
  }

  @Test
  void run_listenerThrows_batchStillCompletes() {
    BatchListener broken = new BatchListener() {
      @Override
      public void onRequest(Operation operation, String tableName, int sent, int unprocessed, double reported,
          double computed) {
        throw new IllegalStateException("broken metrics");
      }
    };

    Resender.Outcome<String> outcome = resender(broken).run(List.of("a"), pending -> new Resender.Reply<>(List.of(), 1));

    assertThat(outcome.done()).isEqualTo(1);
    assertThat(outcome.unprocessed()).isEmpty();
  }
}
