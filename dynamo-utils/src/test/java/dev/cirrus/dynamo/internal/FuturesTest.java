package dev.cirrus.dynamo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FuturesTest {

  @Test
  void unwrap_nestedWrappers_returnsTheTasksException() {
    IllegalStateException cause = new IllegalStateException("boom");

    assertThat(Futures.unwrap(new ExecutionException(new CompletionException(cause)))).isSameAs(cause);
    assertThat(Futures.unwrap(cause)).isSameAs(cause);
  }

  @Test
  void unwrap_wrapperWithoutCause_keepsTheWrapper() {
    ExecutionException bare = new ExecutionException("no cause", null);

    assertThat(Futures.unwrap(bare)).isSameAs(bare);
  }

  @Test
  void rethrow_uncheckedCause_throwsItAsIs() {
    IllegalArgumentException cause = new IllegalArgumentException("bad");
    AssertionError error = new AssertionError("bug");

    assertThatThrownBy(() -> Futures.rethrow(new ExecutionException(cause))).isSameAs(cause);
    assertThatThrownBy(() -> Futures.rethrow(new CompletionException(error))).isSameAs(error);
  }

  @Test
  void rethrow_checkedCause_throwsIllegalStateWrappingIt() {
    IOException cause = new IOException("io");

    assertThatThrownBy(() -> Futures.rethrow(new ExecutionException(cause)))
        .isInstanceOf(IllegalStateException.class).hasCause(cause);
  }
}
