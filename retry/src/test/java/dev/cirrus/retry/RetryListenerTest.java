package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The primitive listener events, and when a policy reads the clock for its listeners. */
class RetryListenerTest {
  private static final long MS = 1_000_000L;

  private final FakeTime time = new FakeTime();
  private final AtomicInteger clockReads = new AtomicInteger();

  /** Records attempts and successes with their primitive arguments; times calls if {@code timed}. */
  private static final class Recorder implements RetryListener {
    final List<String> events = new ArrayList<>();
    private final boolean timed;

    Recorder(boolean timed) {
      this.timed = timed;
    }

    @Override
    public void onAttempt(int attempt) {
      events.add("attempt " + attempt);
    }

    @Override
    public void onSuccess(int attempts, long elapsedNanos) {
      events.add("success " + attempts + " " + elapsedNanos);
    }

    @Override
    public boolean usesElapsedTime() {
      return timed;
    }
  }

  private RetryPolicy.Builder policy() {
    return time.policy().nanoTicker(() -> {
      clockReads.incrementAndGet();
      return time.now();
    }).backoff(Backoff.fixed(Duration.ofMillis(5)));
  }

  /** Fails with a retryable error {@code failures} times, each attempt taking 2 ms of fake time. */
  private java.util.concurrent.Callable<String> slowFailing(int failures) {
    AtomicInteger calls = new AtomicInteger();
    return () -> {
      time.nanos += 2 * MS;
      if (calls.incrementAndGet() <= failures) {
        throw new UncheckedIOException(new IOException("reset"));
      }
      return "ok";
    };
  }

  @Test
  void call_untimedListenerFirstAttemptSucceeds_noClockReadAndElapsedMinusOne() {
    Recorder recorder = new Recorder(false);
    RetryPolicy policy = policy().addListener(recorder).build();

    assertThat(policy.call(() -> "ok")).isEqualTo("ok");

    assertThat(clockReads).hasValue(0);
    assertThat(recorder.events).containsExactly("attempt 1", "success 1 -1");
  }

  @Test
  void call_untimedListenerRetried_eventsInOrderElapsedMinusOne() {
    Recorder recorder = new Recorder(false);
    RetryPolicy policy = policy().addListener(recorder).build();

    assertThat(policy.call(slowFailing(2))).isEqualTo("ok");

    assertThat(recorder.events).containsExactly("attempt 1", "attempt 2", "attempt 3", "success 3 -1");
  }

  @Test
  void call_timedListenerFirstAttemptFails_elapsedCountsFromBeforeTheFirstAttempt() {
    Recorder recorder = new Recorder(true);
    RetryPolicy policy = policy().addListener(recorder).build();

    policy.call(slowFailing(1));

    assertThat(recorder.events).containsExactly("attempt 1", "attempt 2", "success 2 " + 9 * MS);
  }

  @Test
  void call_durationOnlyListenerBesideAnUntimedOne_bothGetTheElapsedTime() {
    List<Duration> elapsed = new ArrayList<>();
    Recorder untimed = new Recorder(false);
    RetryPolicy policy = policy().addListener(untimed).addListener(new RetryListener() {
      @Override
      public void onSuccess(int attempts, Duration e) {
        elapsed.add(e);
      }
    }).build();

    policy.call(slowFailing(0));

    assertThat(elapsed).containsExactly(Duration.ofMillis(2));
    assertThat(untimed.events).containsExactly("attempt 1", "success 1 " + 2 * MS);
  }

  @Test
  void call_untimedListenerWithDeadline_firstAttemptCountsTowardsTheDeadline() {
    List<GiveUpReason> reasons = new ArrayList<>();
    RetryPolicy policy = policy().maxAttempts(10).maxElapsed(Duration.ofMillis(10)).addListener(new RetryListener() {
      @Override
      public void onGiveUp(int attempts, Throwable lastFailure, GiveUpReason reason) {
        reasons.add(reason);
      }

      @Override
      public boolean usesElapsedTime() {
        return false;
      }
    }).build();

    // 2 ms attempt + 5 ms wait + 2 ms attempt = 9 ms; the next wait would end at 14 ms, after the deadline.
    RetriesExhaustedException e = catchThrowableOfType(RetriesExhaustedException.class,
        () -> policy.call(slowFailing(Integer.MAX_VALUE)));

    assertThat(e.attempts()).isEqualTo(2);
    assertThat(reasons).containsExactly(GiveUpReason.DEADLINE);
  }

  @Test
  void call_listenerThrowsOnTheFastPath_callStillSucceeds() {
    Recorder recorder = new Recorder(false);
    RetryPolicy policy = policy().addListener(new RetryListener() {
      @Override
      public void onSuccess(int attempts, long elapsedNanos) {
        throw new IllegalStateException("broken metrics");
      }

      @Override
      public boolean usesElapsedTime() {
        return false;
      }
    }).addListener(recorder).build();

    assertThat(policy.call(() -> "ok")).isEqualTo("ok");

    assertThat(recorder.events).containsExactly("attempt 1", "success 1 -1");
  }

  @Test
  void callAsync_untimedListener_elapsedMinusOne() throws Exception {
    Recorder recorder = new Recorder(false);
    RetryPolicy policy = policy().addListener(recorder).build();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      assertThat(policy.callAsync(() -> CompletableFuture.completedFuture("ok"), scheduler).get()).isEqualTo("ok");
    } finally {
      scheduler.shutdownNow();
    }

    assertThat(recorder.events).containsExactly("attempt 1", "success 1 -1");
    assertThat(clockReads).hasValue(0);
  }

  @Test
  void onSuccessNanos_default_callsTheDurationFormZeroForUntimed() {
    List<Duration> elapsed = new ArrayList<>();
    RetryListener listener = new RetryListener() {
      @Override
      public void onSuccess(int attempts, Duration e) {
        elapsed.add(e);
      }
    };

    listener.onSuccess(1, 3 * MS);
    listener.onSuccess(1, -1L);

    assertThat(elapsed).containsExactly(Duration.ofMillis(3), Duration.ZERO);
    assertThat(listener.usesElapsedTime()).isTrue();
  }
}
