package dev.cirrus.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The result future and the view of it that uploads and downloads share. */
class TransferOutcomeTest {
  @Test
  void view_completedByTheCaller_doesNotReachTheOutcome() {
    TransferOutcome<String> o = new TransferOutcome<>(() -> true, () -> { });

    o.view().complete("forged");

    assertThat(o.isDone()).isFalse();
  }

  @Test
  void view_cancelRefused_staysUncancelled() {
    TransferOutcome<String> o = new TransferOutcome<>(() -> false, () -> { });

    assertThat(o.view().cancel(true)).isFalse();

    assertThat(o.view().isCancelled()).isFalse();
  }

  @Test
  void view_failure_isUnwrappedAfterBeforeViewRan() {
    AtomicInteger before = new AtomicInteger();
    TransferOutcome<String> o = new TransferOutcome<>(() -> true, before::incrementAndGet);
    IllegalStateException failure = new IllegalStateException("gone");

    o.completeExceptionally(new CompletionException(failure));

    assertThat(before).hasValue(1);
    assertThatThrownBy(() -> o.view().get()).isInstanceOf(ExecutionException.class).hasCause(failure);
  }

  @Test
  void join_failureOfTheType_isThrownAsItself() {
    TransferOutcome<String> o = new TransferOutcome<>(() -> true, () -> { });
    IllegalStateException failure = new IllegalStateException("gone");
    o.completeExceptionally(failure);

    assertThatThrownBy(() -> o.join(IllegalStateException.class)).isSameAs(failure);
    assertThatThrownBy(() -> o.join(UncheckedIOException.class)).isInstanceOf(CompletionException.class)
        .hasCause(failure);
  }

  @Test
  void earlierFailure_byState_isTheFailureOfTheTypeOnly() {
    TransferOutcome<String> running = new TransferOutcome<>(() -> true, () -> { });
    TransferOutcome<String> succeeded = new TransferOutcome<>(() -> true, () -> { });
    succeeded.complete("ok");
    TransferOutcome<String> failed = new TransferOutcome<>(() -> true, () -> { });
    UncheckedIOException failure = new UncheckedIOException(new IOException("disk gone"));
    failed.completeExceptionally(failure);

    assertThat(running.earlierFailure(UncheckedIOException.class)).isNull();
    assertThat(succeeded.earlierFailure(UncheckedIOException.class)).isNull();
    assertThat(failed.earlierFailure(UncheckedIOException.class)).isSameAs(failure);
    assertThat(failed.earlierFailure(IllegalStateException.class)).isNull();
  }
}
