package dev.cirrus.retry;

import static dev.cirrus.retry.RetryPolicyTest.failing;
import static dev.cirrus.retry.RetryPolicyTest.serverError;
import static dev.cirrus.retry.RetryPolicyTest.throttle;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

class RetryPolicyIdempotencyTest {
  private final FakeTime time = new FakeTime();
  private final List<GiveUpReason> reasons = new ArrayList<>();

  private RetryPolicy.Builder notIdempotent() {
    return time.policy().maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(1))).idempotent(false)
        .addListener(new RetryListener() {
          @Override
          public void onGiveUp(int attempts, Throwable lastFailure, GiveUpReason reason) {
            reasons.add(reason);
          }
        });
  }

  private static SdkClientException unableToExecute(Throwable cause) {
    return SdkClientException.create("Unable to execute HTTP request: " + cause.getMessage(), cause);
  }

  @Test
  void idempotent_default_true() {
    assertThat(RetryPolicy.defaults().idempotent()).isTrue();
    assertThat(RetryPolicy.builder().idempotent(false).build().toBuilder().build().idempotent()).isFalse();
  }

  @Test
  void call_notIdempotentServerError_rethrownUnchangedAfterOneAttempt() {
    AwsServiceException error = serverError();
    AtomicInteger attempts = new AtomicInteger();

    Throwable thrown = catchThrowable(() -> notIdempotent().build().call(() -> {
      attempts.incrementAndGet();
      throw error;
    }));

    assertThat(thrown).isSameAs(error);
    assertThat(attempts).hasValue(1);
    assertThat(time.sleeps).isEmpty();
    assertThat(reasons).containsExactly(GiveUpReason.NOT_IDEMPOTENT);
  }

  @Test
  void call_idempotentServerError_retried() {
    String result = time.policy().maxAttempts(3).build().call(failing(serverError(), serverError()));

    assertThat(result).isEqualTo("ok");
    assertThat(time.sleeps).hasSize(2);
  }

  @Test
  void call_notIdempotentThrottles_retried() {
    String result = notIdempotent().build().call(failing(throttle(), throttle()));

    assertThat(result).isEqualTo("ok");
    assertThat(time.sleeps).containsExactly(1_000_000L, 1_000_000L);
  }

  @Test
  void call_notIdempotentConnectionRefused_retried() {
    String result = notIdempotent().build().call(failing(unableToExecute(new ConnectException("Connection refused"))));

    assertThat(result).isEqualTo("ok");
    assertThat(time.sleeps).containsExactly(1_000_000L);
  }

  @Test
  void call_notIdempotentConnectionReset_notRetried() {
    SdkClientException reset = unableToExecute(new SocketException("Connection reset"));

    Throwable thrown = catchThrowable(() -> notIdempotent().build().call(failing(reset)));

    assertThat(thrown).isSameAs(reset);
    assertThat(reasons).containsExactly(GiveUpReason.NOT_IDEMPOTENT);
  }

  @Test
  void call_notIdempotentReadTimeout_notRetried() {
    SdkClientException timeout = unableToExecute(new SocketTimeoutException("Read timed out"));

    Throwable thrown = catchThrowable(() -> notIdempotent().build().call(failing(timeout)));

    assertThat(thrown).isSameAs(timeout);
  }

  @Test
  void call_notIdempotentCheckedIoFailure_exhaustedWithReasonAndMessage() {
    IOException io = new IOException("broken pipe");

    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> notIdempotent().build().call(failing(io)));

    assertThat(e.reason()).isEqualTo(GiveUpReason.NOT_IDEMPOTENT);
    assertThat(e.attempts()).isEqualTo(1);
    assertThat(e.lastFailure()).isSameAs(io);
    assertThat(e).hasMessage("Gave up after 1 attempt (the call is not idempotent and the failure may have "
        + "executed); last failure: java.io.IOException: broken pipe");
  }

  @Test
  void call_notIdempotentNotRetryable_reasonStaysNotRetryable() {
    IllegalStateException bug = new IllegalStateException("bug");

    Throwable thrown = catchThrowable(() -> notIdempotent().build().call(failing(bug)));

    assertThat(thrown).isSameAs(bug);
    assertThat(reasons).containsExactly(GiveUpReason.NOT_RETRYABLE);
  }

  @Test
  void call_notIdempotentCustomClassifierProvesNotSent_retried() {
    ErrorClassifier classifier = new ErrorClassifier() {
      @Override
      public ErrorKind classify(Throwable failure) {
        return ErrorKind.TRANSIENT;
      }

      @Override
      public boolean cannotHaveExecuted(Throwable failure) {
        return failure.getMessage().equals("queued, never sent");
      }
    };

    String result = notIdempotent().classifier(classifier.withOverride(t -> null))
        .build().call(failing(new IllegalStateException("queued, never sent")));

    assertThat(result).isEqualTo("ok");
  }

  @Test
  void callAsync_notIdempotentServerError_completesWithItAfterOneAttempt() {
    AwsServiceException error = serverError();
    AtomicInteger attempts = new AtomicInteger();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      CompletableFuture<String> f = notIdempotent().build().callAsync(() -> {
        attempts.incrementAndGet();
        return CompletableFuture.failedFuture(error);
      }, scheduler);

      assertThatThrownBy(f::join).isInstanceOf(CompletionException.class).hasCause(error);
      assertThat(attempts).hasValue(1);
    } finally {
      scheduler.shutdownNow();
    }
  }

  @Test
  void callAsync_notIdempotentThrottle_retried() {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger attempts = new AtomicInteger();
    try {
      CompletableFuture<String> f = notIdempotent().build().callAsync(() -> attempts.incrementAndGet() == 1
          ? CompletableFuture.failedFuture(throttle()) : CompletableFuture.completedFuture("ok"), scheduler);

      assertThat(f.join()).isEqualTo("ok");
      assertThat(attempts).hasValue(2);
    } finally {
      scheduler.shutdownNow();
    }
  }
}
