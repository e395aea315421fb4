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
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call through a {@link RetryPolicy}: owns the call's attempt state (attempt number, start time, failures,
 * previous delay, budget tokens taken) and makes the policy's decisions for it, so the sync loop, the async
 * chain and the SDK adapter behave the same. A driver makes one executor per call and, for every attempt, calls
 * {@link #attemptStarting()} and then {@link #onSuccess()} or {@link #onFailure(Throwable)}, waiting the delay
 * of each {@link Decision} that does not give up.
 *
 * <p>Order of checks on a failure (cheapest and most final first): abort predicates, classification, the
 * limiter is told about the response, idempotency, max attempts, backoff delay (raised to a bounded server
 * hint, then to the limiter's reservation), deadline, and last the budget, so tokens are only spent on a retry
 * that will happen.
 *
 * <p>Not thread-safe: touched by one thread at a time (the sync loop, the async chain whose stages are ordered
 * by their futures, or the SDK's retry stage). {@link #refundUnstarted(int)} alone may run on another thread,
 * as it reads only what the constructor set.
 */
public final class RetryExecutor {
  private static final Logger LOG = LoggerFactory.getLogger(RetryPolicy.class);

  private final RetryPolicy policy;
  private final String key;
  private final boolean idempotent;
  private final List<RetryListener> listeners;
  private final RetryBudget budget;
  private final AdaptiveRateLimiter limiter;
  /** Whether a listener uses the elapsed time of a success ({@link RetryListener#usesElapsedTime()}). */
  private final boolean timed;
  /** Read only when a deadline or a timing listener needs it: a clock read costs 20-70 ns on virtualised hosts. */
  private final long startNanos;
  private long firstFailureNanos;
  private int attempts;
  private long previousDelayNanos;
  private int acquiredCost;
  /** Tokens paid for the retry just scheduled; refunded if that retry never starts (cancel, interrupt). */
  private int pendingRetryCost;
  /** Allocated on the first failure: the success path allocates nothing but this executor. */
  private List<Throwable> failures = List.of();
  private GiveUpReason reason;
  private int budgetRequired;
  private int budgetAvailable;
  /** Set when the call gave up before its first attempt: the limiter's first slot came after the deadline. */
  private RetriesExhaustedException beforeFirstAttempt;

  /**
   * A new call under {@code policy}, as idempotent as the policy says; the clock is read only if a deadline or a
   * listener that uses elapsed time needs the start time.
   *
   * @param policy the policy
   * @param key the rate limiter key
   */
  public RetryExecutor(RetryPolicy policy, String key) {
    this(policy, key, policy.idempotent());
  }

  /**
   * A new call under {@code policy}, idempotent or not whatever the policy says.
   *
   * @param policy the policy
   * @param key the rate limiter key
   * @param idempotent whether the call may safely run more than once
   */
  public RetryExecutor(RetryPolicy policy, String key, boolean idempotent) {
    this(policy, key, idempotent, ListenerEvents.timed(policy.listeners()), 0, 0L);
  }

  private RetryExecutor(RetryPolicy policy, String key, boolean idempotent, boolean timed, int attempts,
      long startNanos) {
    this.policy = policy;
    this.key = key;
    this.idempotent = idempotent;
    this.listeners = policy.listeners();
    this.budget = policy.budget().orElse(null);
    this.limiter = policy.rateLimiter().orElse(null);
    this.timed = timed;
    this.attempts = attempts;
    boolean needsStart = attempts == 0 && (timed || policy.maxElapsed().isPresent());
    this.startNanos = needsStart ? policy.nanoTicker().getAsLong() : startNanos;
  }

  /**
   * The executor of a call whose driver made the first attempt, and told the listeners of it, before creating
   * it: a policy without a rate limiter, whose first attempt needs no executor (see {@link SyncRetry}).
   *
   * @param policy the policy
   * @param key the rate limiter key
   * @param timed whether a listener uses the elapsed time ({@link ListenerEvents#timed})
   * @param startNanos when the call started by the policy's ticker, if a deadline or {@code timed} needed it
   * @return the executor, one attempt made
   */
  public static RetryExecutor afterFirstAttempt(RetryPolicy policy, String key, boolean timed, long startNanos) {
    return new RetryExecutor(policy, key, policy.idempotent(), timed, 1, startNanos);
  }

  /** What follows a failed attempt (or comes before the first): the next attempt after a delay, or giving up. */
  public static final class Decision {
    private static final Decision NOW = new Decision(0L, null);

    private final long delayNanos;
    private final GiveUpReason reason;

    private Decision(long delayNanos, GiveUpReason reason) {
      this.delayNanos = delayNanos;
      this.reason = reason;
    }

    static Decision attemptAfter(long delayNanos) {
      return delayNanos == 0L ? NOW : new Decision(delayNanos, null);
    }

    static Decision giveUp(GiveUpReason reason) {
      return new Decision(-1L, reason);
    }

    /** Whether the call is over: {@link RetryExecutor#giveUpException(boolean)} says how it ends. */
    public boolean givesUp() {
      return reason != null;
    }

    /** Nanoseconds to wait before the next attempt, non-negative; -1 when giving up. */
    public long delayNanos() {
      return delayNanos;
    }

    /** The reason for giving up, or null when there is a next attempt. */
    public GiveUpReason reason() {
      return reason;
    }

    @Override
    public String toString() {
      return reason == null ? "attempt after " + Duration.ofNanos(delayNanos) : "give up (" + reason + ")";
    }
  }

  /** Nanoseconds to wait before the first attempt (the limiter's reservation), whatever the deadline. */
  public long firstWaitNanos() {
    return limiter == null ? 0L : limiter.reserveNanos(key);
  }

  /**
   * The first attempt after the limiter's reservation, within the deadline: if the limiter's slot comes after
   * {@code maxElapsed}, gives the slot back, tells the listeners and gives up (reason
   * {@link GiveUpReason#DEADLINE}, 0 attempts).
   */
  public Decision start() {
    long wait = firstWaitNanos();
    Optional<Duration> maxElapsed = policy.maxElapsed();
    if (wait > 0 && maxElapsed.isPresent() && wait > Durations.toNanosSaturated(maxElapsed.get())) {
      limiter.cancelReservation(key);
      reason = GiveUpReason.DEADLINE;
      beforeFirstAttempt = new RetriesExhaustedException("Gave up before the first attempt: the rate "
          + "limiter's next send slot for " + key + " is in " + Duration.ofNanos(wait) + ", after maxElapsed "
          + maxElapsed.get(), GiveUpReason.DEADLINE, 0, List.of(), Duration.ZERO);
      notifyGiveUp(0, beforeFirstAttempt, GiveUpReason.DEADLINE);
      return Decision.giveUp(GiveUpReason.DEADLINE);
    }
    return Decision.attemptAfter(wait);
  }

  /** Counts the attempt about to be made (the tokens of a scheduled retry are now spent) and tells the listeners. */
  public void attemptStarting() {
    pendingRetryCost = 0;
    attempts++;
    ListenerEvents.attempt(listeners, attempts);
  }

  /**
   * What {@link #onSuccess()} does for a first attempt that succeeded before any executor was created (see
   * {@link #afterFirstAttempt}): the budget's success refund. The driver tells the listeners.
   */
  public static void succeededBeforeCreated(RetryPolicy policy) {
    policy.budget().ifPresent(b -> b.release(b.successRefund()));
  }

  /** The attempt succeeded: refunds the budget, feeds the limiter, tells the listeners. */
  public void onSuccess() {
    if (attempts == 1 && budget == null && limiter == null && listeners.isEmpty()) {
      return;
    }
    if (budget != null) {
      budget.release(acquiredCost > 0 ? acquiredCost : budget.successRefund());
    }
    if (limiter != null) {
      limiter.onResponse(key, false);
    }
    if (!listeners.isEmpty()) {
      ListenerEvents.success(listeners, attempts, timed ? policy.nanoTicker().getAsLong() - startNanos : -1L);
    }
  }

  /** Like {@link #onFailure(Throwable, Optional)} without a hint from outside the failure. */
  public Decision onFailure(Throwable failure) {
    return onFailure(failure, Optional.empty());
  }

  /**
   * Decides what follows a failed attempt: a retry after a delay (the budget paid, the listeners told), or
   * giving up (the listeners told; {@link #giveUpException(boolean)} builds the exception to end with).
   *
   * @param failure the attempt's failure; a {@link CompletionException} is unwrapped
   * @param suggestedDelay a retry hint from outside the failure (the SDK's), or empty
   * @return the decision
   */
  public Decision onFailure(Throwable failure, Optional<Duration> suggestedDelay) {
    Throwable f = unwrap(failure);
    record(f);
    for (Predicate<? super Throwable> abort : policy.abortPredicates()) {
      if (abort.test(f)) {
        return giveUp(f, GiveUpReason.ABORTED);
      }
    }
    ErrorKind kind = policy.classifier().classify(f);
    if (limiter != null && kind != ErrorKind.NOT_RETRYABLE) {
      limiter.onResponse(key, kind == ErrorKind.THROTTLING);
    }
    if (!kind.isRetryable()) {
      return giveUp(f, GiveUpReason.NOT_RETRYABLE);
    }
    if (!idempotent && kind != ErrorKind.THROTTLING && !policy.classifier().cannotHaveExecuted(f)) {
      return giveUp(f, GiveUpReason.NOT_IDEMPOTENT);
    }
    if (attempts >= policy.maxAttempts()) {
      return giveUp(f, GiveUpReason.MAX_ATTEMPTS);
    }
    long hint = policy.honourRetryAfter()
        ? Math.max(hintNanos(policy.classifier().retryAfter(f)), hintNanos(suggestedDelay)) : 0L;
    return scheduleRetry(f, kind, delayNanos(kind, hint));
  }

  /**
   * Decides what follows an attempt the service partly refused by throttling (DynamoDB's unprocessed items):
   * as {@link #onFailure(Throwable)} decides for a failure classified {@link ErrorKind#THROTTLING}, without
   * abort predicates, classifier or server hint. {@code throttle} stands for the failure in {@link #failures()},
   * the listeners and {@link #giveUpException(boolean)}.
   *
   * @param throttle the stand-in failure
   * @return the decision
   */
  public Decision onThrottled(Throwable throttle) {
    record(throttle);
    if (limiter != null) {
      limiter.onResponse(key, true);
    }
    if (attempts >= policy.maxAttempts()) {
      return giveUp(throttle, GiveUpReason.MAX_ATTEMPTS);
    }
    return scheduleRetry(throttle, ErrorKind.THROTTLING, delayNanos(ErrorKind.THROTTLING, 0L));
  }

  private void record(Throwable f) {
    if (failures.isEmpty()) {
      firstFailureNanos = policy.nanoTicker().getAsLong();
      failures = new ArrayList<>(4);
    }
    failures.add(f);
  }

  /**
   * The wait before retrying: the backoff of the failure's kind, raised to a server hint (already bounded
   * below; bounded above here), then to the limiter's next slot (reserved now, as the deadline must see it).
   */
  private long delayNanos(ErrorKind kind, long hintNanos) {
    // A Backoff is a user-implementable interface: a negative delay would read as "give up".
    long delay = Math.max(0L, (kind == ErrorKind.THROTTLING ? policy.throttlingBackoff() : policy.transientBackoff())
        .delayNanos(attempts, previousDelayNanos, policy.random().getAsDouble()));
    if (hintNanos > 0) {
      delay = Math.max(delay, Math.min(hintNanos, Durations.toNanosSaturated(policy.maxRetryAfter())));
    }
    if (limiter != null) {
      delay = Math.max(delay, limiter.reserveNanos(key));
    }
    return delay;
  }

  /** Checks the deadline, then pays the budget for the retry: a limiter slot that will not be used is given back. */
  private Decision scheduleRetry(Throwable f, ErrorKind kind, long delay) {
    Optional<Duration> maxElapsed = policy.maxElapsed();
    if (maxElapsed.isPresent() && Durations.saturatedAdd(policy.nanoTicker().getAsLong() - startNanos, delay)
        > Durations.toNanosSaturated(maxElapsed.get())) {
      cancelReservation();
      return giveUp(f, GiveUpReason.DEADLINE);
    }
    pendingRetryCost = 0;
    if (budget != null) {
      int cost = budget.retryCost(kind);
      if (!budget.tryAcquire(cost)) {
        budgetRequired = cost;
        budgetAvailable = budget.availableTokens();
        cancelReservation();
        return giveUp(f, GiveUpReason.BUDGET_EXHAUSTED);
      }
      acquiredCost += cost;
      pendingRetryCost = cost;
    }
    previousDelayNanos = delay;
    if (LOG.isDebugEnabled()) {
      LOG.debug("Attempt {} failed ({}: {}), retrying in {} ms", attempts, kind, f.toString(), delay / 1_000_000);
    }
    ListenerEvents.retryScheduled(listeners, attempts, f, kind, delay);
    return Decision.attemptAfter(delay);
  }

  private void cancelReservation() {
    if (limiter != null) {
      limiter.cancelReservation(key);
    }
  }

  /** Tokens paid for the retry scheduled last, until it starts. */
  public int pendingRetryCost() {
    return pendingRetryCost;
  }

  /**
   * Gives back what was taken for an attempt that will never start (the call was cancelled or interrupted while
   * waiting, or the scheduler refused it): {@code cost} budget tokens paid for it as a retry, and its limiter
   * slot. It put no load on the service.
   */
  public void refundUnstarted(int cost) {
    if (budget != null && cost > 0) {
      budget.release(cost);
    }
    cancelReservation();
  }

  /**
   * The waiting thread was interrupted before the next attempt: gives back what that attempt took, gives up
   * (reason {@link GiveUpReason#INTERRUPTED}) and returns the exception to end with, {@code interrupt}
   * suppressed on it when there were attempts before.
   */
  public RetriesExhaustedException interruptedWaiting(InterruptedException interrupt) {
    refundUnstarted(attempts == 0 ? 0 : pendingRetryCost);
    if (attempts == 0) {
      return new RetriesExhaustedException("Interrupted before the first attempt", GiveUpReason.INTERRUPTED, 0,
          List.of(interrupt), Duration.ZERO);
    }
    giveUp(lastFailure(), GiveUpReason.INTERRUPTED);
    RetriesExhaustedException giveUp = (RetriesExhaustedException) giveUpException(false);
    giveUp.addSuppressed(interrupt);
    return giveUp;
  }

  private static long hintNanos(Optional<Duration> hint) {
    return hint.isPresent() && !hint.get().isNegative() ? Durations.toNanosSaturated(hint.get()) : 0L;
  }

  private Decision giveUp(Throwable f, GiveUpReason why) {
    reason = why;
    LOG.debug("Giving up after {} attempts ({}): {}", attempts, why, f.toString());
    notifyGiveUp(attempts, f, why);
    return Decision.giveUp(why);
  }

  private void notifyGiveUp(int attempts, Throwable f, GiveUpReason why) {
    ListenerEvents.giveUp(listeners, attempts, f, why);
  }

  /** The number of attempts started so far. */
  public int attempts() {
    return attempts;
  }

  /** Why the call gave up, or null while it has not. */
  public GiveUpReason reason() {
    return reason;
  }

  /** The failures so far, oldest first (live; empty before the first). */
  public List<Throwable> failures() {
    return failures;
  }

  private Throwable lastFailure() {
    return failures.get(failures.size() - 1);
  }

  /**
   * The exception reporting that the call gave up: the last failure itself when it was not retryable (or
   * aborted) and unchecked or {@code checkedAllowed}, earlier failures suppressed on it; otherwise a
   * {@link RetriesExhaustedException} carrying every failure.
   *
   * @param checkedAllowed whether a checked exception may be reported as itself
   * @return the exception to end the call with
   */
  public Throwable giveUpException(boolean checkedAllowed) {
    if (beforeFirstAttempt != null) {
      return beforeFirstAttempt;
    }
    Throwable last = lastFailure();
    Duration elapsed = Duration.ofNanos(Math.max(0, policy.nanoTicker().getAsLong() - firstFailureNanos));
    switch (reason) {
      case NOT_RETRYABLE:
      case NOT_IDEMPOTENT:
      case ABORTED:
        if (checkedAllowed || last instanceof RuntimeException || last instanceof Error) {
          for (int i = 0; i < failures.size() - 1; i++) {
            if (failures.get(i) != last) {
              last.addSuppressed(failures.get(i));
            }
          }
          return last;
        }
        return exhausted(reason == GiveUpReason.NOT_IDEMPOTENT
            ? "the call is not idempotent and the failure may have executed" : "failure is not retryable", elapsed);
      case BUDGET_EXHAUSTED:
        return new RetryBudgetExhaustedException(attempts, failures, elapsed, budgetRequired, budgetAvailable,
            budget.capacity());
      case MAX_ATTEMPTS:
        return exhausted("maxAttempts is " + policy.maxAttempts(), elapsed);
      case DEADLINE:
        return exhausted("the next retry would end after maxElapsed " + policy.maxElapsed().orElseThrow(), elapsed);
      case INTERRUPTED:
      default:
        return exhausted("interrupted while waiting to retry", elapsed);
    }
  }

  private RetriesExhaustedException exhausted(String why, Duration elapsed) {
    String message = "Gave up after " + attempts + (attempts == 1 ? " attempt" : " attempts") + " (" + why
        + "); last failure: " + lastFailure();
    return new RetriesExhaustedException(message, reason, attempts, failures, elapsed);
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
