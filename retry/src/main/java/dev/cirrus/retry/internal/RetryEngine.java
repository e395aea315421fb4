package dev.cirrus.retry.internal;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.ErrorKind;
import dev.cirrus.retry.GiveUpReason;
import dev.cirrus.retry.RetriesExhaustedException;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryBudgetExhaustedException;
import dev.cirrus.retry.RetryListener;
import dev.cirrus.retry.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decisions shared by the sync loop, the async loop and the SDK adapter, so the three behave the same.
 *
 * <p>Order of checks on a failure (cheapest and most final first): abort predicates, classification, the
 * limiter is told about the response, max attempts, backoff delay (raised to a bounded server hint, then to
 * the limiter's reservation), deadline, and last the budget, so tokens are only spent on a retry that will
 * happen.
 */
public final class RetryEngine {
  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

  private RetryEngine() {}

  /** A new call's state, idempotent or not whatever the policy says. */
  public static RetryState newState(RetryPolicy p, String key, boolean idempotent) {
    boolean needsStart = p.maxElapsed().isPresent() || !p.listeners().isEmpty();
    return new RetryState(key, idempotent, needsStart ? p.nanoTicker().getAsLong() : 0L);
  }

  /** Nanoseconds to wait before the first attempt (the limiter's reservation). */
  public static long initialWait(RetryPolicy p, RetryState s) {
    AdaptiveRateLimiter limiter = p.rateLimiter().orElse(null);
    return limiter == null ? 0L : limiter.reserveNanos(s.key);
  }

  /** Counts the attempt about to be made and tells the listeners. */
  public static void attemptStarting(RetryPolicy p, RetryState s) {
    s.attempts++;
    if (p.listeners().isEmpty()) {
      return;
    }
    for (RetryListener l : p.listeners()) {
      try {
        l.onAttempt(s.attempts);
      } catch (RuntimeException e) {
        LOG.warn("RetryListener.onAttempt failed", e);
      }
    }
  }

  /** Refunds the budget, feeds the limiter, tells the listeners. */
  public static void onSuccess(RetryPolicy p, RetryState s) {
    if (s.attempts == 1 && p.budget().isEmpty() && p.rateLimiter().isEmpty() && p.listeners().isEmpty()) {
      return;
    }
    RetryBudget budget = p.budget().orElse(null);
    if (budget != null) {
      budget.release(s.acquiredCost > 0 ? s.acquiredCost : budget.successRefund());
    }
    AdaptiveRateLimiter limiter = p.rateLimiter().orElse(null);
    if (limiter != null) {
      limiter.onResponse(s.key, false);
    }
    if (!p.listeners().isEmpty()) {
      Duration elapsed = Duration.ofNanos(p.nanoTicker().getAsLong() - s.startNanos);
      for (RetryListener l : p.listeners()) {
        try {
          l.onSuccess(s.attempts, elapsed);
        } catch (RuntimeException e) {
          LOG.warn("RetryListener.onSuccess failed", e);
        }
      }
    }
  }

  /**
   * Decides what follows a failed attempt: the delay in nanoseconds before the next one, or -1 to give up
   * (the reason is then in the state).
   *
   * @param suggestedDelay a retry hint from outside the failure (the SDK's), or empty
   */
  public static long onFailure(RetryPolicy p, RetryState s, Throwable failure, Optional<Duration> suggestedDelay) {
    Throwable f = unwrap(failure);
    if (s.failures.isEmpty()) {
      s.firstFailureNanos = p.nanoTicker().getAsLong();
    }
    s.addFailure(f);
    for (Predicate<? super Throwable> abort : p.abortPredicates()) {
      if (abort.test(f)) {
        return giveUp(p, s, f, GiveUpReason.ABORTED);
      }
    }
    ErrorKind kind = p.classifier().classify(f);
    AdaptiveRateLimiter limiter = p.rateLimiter().orElse(null);
    if (limiter != null && kind != ErrorKind.NOT_RETRYABLE) {
      limiter.onResponse(s.key, kind == ErrorKind.THROTTLING);
    }
    if (!kind.isRetryable()) {
      return giveUp(p, s, f, GiveUpReason.NOT_RETRYABLE);
    }
    if (!s.idempotent && kind != ErrorKind.THROTTLING && !p.classifier().cannotHaveExecuted(f)) {
      return giveUp(p, s, f, GiveUpReason.NOT_IDEMPOTENT);
    }
    if (s.attempts >= p.maxAttempts()) {
      return giveUp(p, s, f, GiveUpReason.MAX_ATTEMPTS);
    }
    // A Backoff is a user-implementable interface: a negative delay would read as "give up" below.
    long delay = Math.max(0L, (kind == ErrorKind.THROTTLING ? p.throttlingBackoff() : p.transientBackoff())
        .delayNanos(s.attempts, s.previousDelayNanos, p.random().getAsDouble()));
    if (p.honourRetryAfter()) {
      long hint = Math.max(hintNanos(p.classifier().retryAfter(f)), hintNanos(suggestedDelay));
      delay = Math.max(delay, Math.min(hint, Durations.toNanosSaturated(p.maxRetryAfter())));
    }
    // The limiter's slot is part of the wait, so the deadline must see it; a slot that will not be used is
    // given back.
    if (limiter != null) {
      delay = Math.max(delay, limiter.reserveNanos(s.key));
    }
    Optional<Duration> maxElapsed = p.maxElapsed();
    if (maxElapsed.isPresent() && Durations.saturatedAdd(p.nanoTicker().getAsLong() - s.startNanos, delay)
        > Durations.toNanosSaturated(maxElapsed.get())) {
      cancelReservation(limiter, s);
      return giveUp(p, s, f, GiveUpReason.DEADLINE);
    }
    RetryBudget budget = p.budget().orElse(null);
    s.pendingRetryCost = 0;
    if (budget != null) {
      int cost = budget.retryCost(kind);
      if (!budget.tryAcquire(cost)) {
        s.budgetRequired = cost;
        s.budgetAvailable = budget.availableTokens();
        cancelReservation(limiter, s);
        return giveUp(p, s, f, GiveUpReason.BUDGET_EXHAUSTED);
      }
      s.acquiredCost += cost;
      s.pendingRetryCost = cost;
    }
    s.previousDelayNanos = delay;
    if (LOG.isDebugEnabled()) {
      LOG.debug("Attempt {} failed ({}: {}), retrying in {} ms", s.attempts, kind, f.toString(), delay / 1_000_000);
    }
    if (!p.listeners().isEmpty()) {
      Duration d = Duration.ofNanos(delay);
      for (RetryListener l : p.listeners()) {
        try {
          l.onRetryScheduled(s.attempts, f, kind, d);
        } catch (RuntimeException e) {
          LOG.warn("RetryListener.onRetryScheduled failed", e);
        }
      }
    }
    return delay;
  }

  private static void cancelReservation(AdaptiveRateLimiter limiter, RetryState s) {
    if (limiter != null) {
      limiter.cancelReservation(s.key);
    }
  }

  private static long hintNanos(Optional<Duration> hint) {
    return hint.isPresent() && !hint.get().isNegative() ? Durations.toNanosSaturated(hint.get()) : 0L;
  }

  private static long giveUp(RetryPolicy p, RetryState s, Throwable f, GiveUpReason reason) {
    s.reason = reason;
    LOG.debug("Giving up after {} attempts ({}): {}", s.attempts, reason, f.toString());
    notifyGiveUp(p, s.attempts, f, reason);
    return -1L;
  }

  private static void notifyGiveUp(RetryPolicy p, int attempts, Throwable f, GiveUpReason reason) {
    for (RetryListener l : p.listeners()) {
      try {
        l.onGiveUp(attempts, f, reason);
      } catch (RuntimeException e) {
        LOG.warn("RetryListener.onGiveUp failed", e);
      }
    }
  }

  /**
   * The exception reporting that the policy gave up: the last failure itself when it was not retryable (or
   * aborted) and {@code rethrowAsIs} accepts it, otherwise a {@link RetriesExhaustedException}.
   */
  public static Throwable giveUpException(RetryPolicy p, RetryState s, boolean checkedAllowed) {
    Throwable last = s.failures.get(s.failures.size() - 1);
    Duration elapsed = Duration.ofNanos(Math.max(0, p.nanoTicker().getAsLong() - s.firstFailureNanos));
    switch (s.reason) {
      case NOT_RETRYABLE:
      case NOT_IDEMPOTENT:
      case ABORTED:
        if (checkedAllowed || last instanceof RuntimeException || last instanceof Error) {
          for (int i = 0; i < s.failures.size() - 1; i++) {
            if (s.failures.get(i) != last) {
              last.addSuppressed(s.failures.get(i));
            }
          }
          return last;
        }
        return new RetriesExhaustedException(message(s, s.reason == GiveUpReason.NOT_IDEMPOTENT
            ? "the call is not idempotent and the failure may have executed" : "failure is not retryable"),
            s.reason, s.attempts, s.failures, elapsed);
      case BUDGET_EXHAUSTED: {
        RetryBudget budget = p.budget().orElseThrow();
        return new RetryBudgetExhaustedException(s.attempts, s.failures, elapsed, s.budgetRequired,
            s.budgetAvailable, budget.capacity());
      }
      case MAX_ATTEMPTS:
        return new RetriesExhaustedException(message(s, "maxAttempts is " + p.maxAttempts()), s.reason,
            s.attempts, s.failures, elapsed);
      case DEADLINE:
        return new RetriesExhaustedException(message(s, "the next retry would end after maxElapsed "
            + p.maxElapsed().orElseThrow()), s.reason, s.attempts, s.failures, elapsed);
      case INTERRUPTED:
      default:
        return new RetriesExhaustedException(message(s, "interrupted while waiting to retry"), s.reason, s.attempts,
            s.failures, elapsed);
    }
  }

  private static String message(RetryState s, String why) {
    Throwable last = s.failures.get(s.failures.size() - 1);
    return "Gave up after " + s.attempts + (s.attempts == 1 ? " attempt" : " attempts") + " (" + why
        + "); last failure: " + last;
  }

  /** Futures wrap the real failure in CompletionException; classify and report the real one. */
  public static Throwable unwrap(Throwable t) {
    Throwable r = t;
    while (r instanceof CompletionException && r.getCause() != null) {
      r = r.getCause();
    }
    return r;
  }
}
