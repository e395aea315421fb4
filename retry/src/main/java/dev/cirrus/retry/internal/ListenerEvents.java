package dev.cirrus.retry.internal;

import dev.cirrus.retry.ErrorKind;
import dev.cirrus.retry.GiveUpReason;
import dev.cirrus.retry.RetryListener;
import dev.cirrus.retry.RetryPolicy;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a policy's listeners about a call, each listener's failure logged at WARN and otherwise ignored. The
 * lists are a frozen policy's unmodifiable (random-access) lists, walked by index: an attempt and a success
 * cost the listeners' own work and nothing else (no iterator, no {@code Duration}). Stateless and threadsafe.
 */
public final class ListenerEvents {
  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

  private ListenerEvents() {}

  /**
   * Whether a listener of {@code listeners} uses the elapsed time of a success
   * ({@link RetryListener#usesElapsedTime()}): only then does a call read the clock for them.
   */
  public static boolean timed(List<RetryListener> listeners) {
    for (int i = 0, n = listeners.size(); i < n; i++) {
      if (listeners.get(i).usesElapsedTime()) {
        return true;
      }
    }
    return false;
  }

  /** {@link RetryListener#onAttempt(int)} on each listener. */
  public static void attempt(List<RetryListener> listeners, int attempt) {
    for (int i = 0, n = listeners.size(); i < n; i++) {
      try {
        listeners.get(i).onAttempt(attempt);
      } catch (RuntimeException e) {
        LOG.warn("RetryListener.onAttempt failed", e);
      }
    }
  }

  /** {@link RetryListener#onSuccess(int, long)} on each listener; {@code elapsedNanos} -1 when untimed. */
  public static void success(List<RetryListener> listeners, int attempts, long elapsedNanos) {
    for (int i = 0, n = listeners.size(); i < n; i++) {
      try {
        listeners.get(i).onSuccess(attempts, elapsedNanos);
      } catch (RuntimeException e) {
        LOG.warn("RetryListener.onSuccess failed", e);
      }
    }
  }

  /** {@link RetryListener#onRetryScheduled} on each listener. */
  public static void retryScheduled(List<RetryListener> listeners, int attempt, Throwable failure, ErrorKind kind,
      long delayNanos) {
    if (listeners.isEmpty()) {
      return;
    }
    Duration delay = Duration.ofNanos(delayNanos);
    for (int i = 0, n = listeners.size(); i < n; i++) {
      try {
        listeners.get(i).onRetryScheduled(attempt, failure, kind, delay);
      } catch (RuntimeException e) {
        LOG.warn("RetryListener.onRetryScheduled failed", e);
      }
    }
  }

  /** {@link RetryListener#onGiveUp} on each listener. */
  public static void giveUp(List<RetryListener> listeners, int attempts, Throwable failure, GiveUpReason reason) {
    for (int i = 0, n = listeners.size(); i < n; i++) {
      try {
        listeners.get(i).onGiveUp(attempts, failure, reason);
      } catch (RuntimeException e) {
        LOG.warn("RetryListener.onGiveUp failed", e);
      }
    }
  }
}
