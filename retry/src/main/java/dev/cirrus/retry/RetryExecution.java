package dev.cirrus.retry;

import dev.cirrus.retry.internal.RetryExecutor;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One call under a {@link RetryPolicy}, run by the caller: for code that makes its own attempts (a batch loop, a
 * protocol with partial failures) and wants the policy's decisions rather than its own. The caller reports what
 * each attempt did; the execution answers with a {@link Decision}, the next attempt after a delay or giving up,
 * made exactly as {@link RetryPolicy#call(java.util.concurrent.Callable)} makes it: the policy's abort predicates,
 * classifier, idempotency, max attempts, backoffs, server hints, deadline, budget, rate limiter and listeners. The
 * execution never sleeps and never runs the call: waiting the delay is the caller's part (for instance with the
 * policy's {@link RetryPolicy#sleeper()}).
 *
 * <pre>{@code
 * RetryExecution execution = policy.newExecution();
 * for (RetryExecution.Decision next = execution.start(); !next.givesUp(); ) {
 *   sleeper.sleep(next.delayNanos()); // on interrupt: execution.onInterrupted(e), then stop
 *   execution.attemptStarting();
 *   try {
 *     T result = call();
 *     execution.onSuccess();
 *     return result;
 *   } catch (RuntimeException e) {
 *     next = execution.onFailure(e);
 *   }
 * }
 * }</pre>
 *
 * <p>The methods must come in that order: {@link #start()} once; then, for each attempt,
 * {@link #attemptStarting()} followed by one of {@link #onSuccess()}, {@link #onFailure(Throwable)} or
 * {@link #onThrottled()}; {@link #onInterrupted(InterruptedException)} instead of an attempt that will not be made.
 * A call out of order throws {@link IllegalStateException} and changes nothing. An exception thrown by the policy's
 * classifier, abort predicate or backoff propagates from the method that called it.
 *
 * <p>Not thread-safe: one execution per call, used by one thread at a time (hand-offs between threads need a
 * happens-before edge, as a future gives). The policy's budget and rate limiter, shared by design, are
 * thread-safe.
 */
public final class RetryExecution {
  private enum State { NEW, AWAITING_ATTEMPT, IN_ATTEMPT, SUCCEEDED, GAVE_UP }

  private final RetryExecutor executor;
  private State state = State.NEW;

  RetryExecution(RetryPolicy policy, String resourceKey) {
    this.executor = new RetryExecutor(policy, Objects.requireNonNull(resourceKey, "resourceKey"));
  }

  /**
   * What follows an attempt (or comes before the first): the next attempt after a delay, or giving up.
   *
   * <p>This class is immutable and thread-safe.
   */
  public static final class Decision {
    private final long delayNanos;
    private final GiveUpReason reason;

    private Decision(RetryExecutor.Decision d) {
      this.delayNanos = d.delayNanos();
      this.reason = d.reason();
    }

    /** {@return whether the call is over: no further attempt may be made} */
    public boolean givesUp() {
      return reason != null;
    }

    /**
     * {@return nanoseconds to wait before the next attempt, zero or more}
     *
     * @throws IllegalStateException if this decision gives up
     */
    public long delayNanos() {
      if (reason != null) {
        throw new IllegalStateException("No next attempt to wait for: the decision gives up (" + reason + ")");
      }
      return delayNanos;
    }

    /**
     * {@return how long to wait before the next attempt, zero or more}
     *
     * @throws IllegalStateException if this decision gives up
     */
    public Duration delay() {
      return Duration.ofNanos(delayNanos());
    }

    /** {@return why the call gives up, or empty when there is a next attempt} */
    public Optional<GiveUpReason> reason() {
      return Optional.ofNullable(reason);
    }

    @Override
    public String toString() {
      return reason == null ? "attempt after " + Duration.ofNanos(delayNanos) : "give up (" + reason + ")";
    }
  }

  /**
   * Decides on the first attempt: at once, unless the policy's rate limiter reserves a later send slot; gives up
   * (reason {@link GiveUpReason#DEADLINE}, 0 attempts) if that slot comes after the policy's deadline.
   *
   * @return the wait before the first attempt, or giving up
   * @throws IllegalStateException if already started
   */
  public Decision start() {
    require(State.NEW, "start()", "the execution has already started");
    return decided(executor.start());
  }

  /**
   * Counts the attempt about to be made, after the wait of the last decision, and tells the listeners.
   *
   * @throws IllegalStateException if there is no decision to attempt (not started, an attempt in progress,
   *     succeeded or given up)
   */
  public void attemptStarting() {
    require(State.AWAITING_ATTEMPT, "attemptStarting()", "no decision to make an attempt (call start() first, "
        + "and report each attempt before the next)");
    executor.attemptStarting();
    state = State.IN_ATTEMPT;
  }

  /**
   * The attempt succeeded: the execution is over; refunds the budget, feeds the rate limiter, tells the listeners.
   *
   * @throws IllegalStateException if no attempt is in progress
   */
  public void onSuccess() {
    requireAttempt("onSuccess()");
    executor.onSuccess();
    state = State.SUCCEEDED;
  }

  /**
   * The attempt failed with {@code failure} (a {@code CompletionException} is unwrapped): decides, as the policy
   * does, between a retry after a delay (the budget paid, the listeners told) and giving up. The server's
   * {@code Retry-After} hint read by the policy's classifier is honoured as the policy says.
   *
   * @param failure the attempt's failure
   * @return the decision
   * @throws IllegalStateException if no attempt is in progress
   * @throws NullPointerException if {@code failure} is null
   */
  public Decision onFailure(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    requireAttempt("onFailure(Throwable)");
    return decided(executor.onFailure(failure));
  }

  /**
   * The attempt ended and the service refused part of it by throttling, with no exception to show (DynamoDB's
   * unprocessed items or keys): decides as {@link #onFailure(Throwable)} does for a failure classified
   * {@link ErrorKind#THROTTLING} (throttling backoff, max attempts, deadline, budget, the rate limiter told of a
   * throttle), without abort predicates, classifier or server hint. The listeners receive a stand-in failure whose
   * message says the attempt was partly throttled.
   *
   * @return the decision
   * @throws IllegalStateException if no attempt is in progress
   */
  public Decision onThrottled() {
    requireAttempt("onThrottled()");
    return decided(executor.onThrottled(new PartialThrottle(executor.attempts())));
  }

  /**
   * The caller was interrupted (or cancelled) while waiting and will not make the attempt the last decision
   * scheduled: gives back what that attempt took (budget tokens paid for it, its rate limiter slot), gives up
   * with reason {@link GiveUpReason#INTERRUPTED} and tells the listeners. The caller keeps the thread's interrupt
   * status as it sees fit.
   *
   * @param interrupt the interrupt, suppressed on the returned exception after a first attempt
   * @return the exception reporting the call's end, carrying every failure
   * @throws IllegalStateException if not waiting for an attempt (not started, an attempt in progress, succeeded
   *     or given up)
   * @throws NullPointerException if {@code interrupt} is null
   */
  public RetriesExhaustedException onInterrupted(InterruptedException interrupt) {
    Objects.requireNonNull(interrupt, "interrupt");
    require(State.AWAITING_ATTEMPT, "onInterrupted(InterruptedException)", "not waiting for an attempt");
    state = State.GAVE_UP;
    return executor.interruptedWaiting(interrupt);
  }

  /** {@return the attempts started so far} */
  public int attempts() {
    return executor.attempts();
  }

  @Override
  public String toString() {
    return "RetryExecution{attempts=" + executor.attempts() + ", state=" + state + "}";
  }

  private Decision decided(RetryExecutor.Decision d) {
    state = d.givesUp() ? State.GAVE_UP : State.AWAITING_ATTEMPT;
    return new Decision(d);
  }

  private void requireAttempt(String method) {
    require(State.IN_ATTEMPT, method, "no attempt in progress (call attemptStarting() before each attempt)");
  }

  private void require(State expected, String method, String why) {
    if (state != expected) {
      throw new IllegalStateException(method + " is not allowed: " + why + "; the execution is " + describe());
    }
  }

  private String describe() {
    switch (state) {
      case NEW:
        return "not started";
      case AWAITING_ATTEMPT:
        return "waiting for attempt " + (executor.attempts() + 1);
      case IN_ATTEMPT:
        return "in attempt " + executor.attempts();
      case SUCCEEDED:
        return "over (succeeded after " + executor.attempts() + " attempts)";
      default:
        GiveUpReason reason = executor.reason() == null ? GiveUpReason.INTERRUPTED : executor.reason();
        return "over (gave up after " + executor.attempts() + " attempts: " + reason + ")";
    }
  }

  /** Stands for a partial throttle in the failures and the listeners: no stack trace, nothing thrown. */
  private static final class PartialThrottle extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PartialThrottle(int attempt) {
      super("Attempt " + attempt + " was partly throttled: the service left part of the request unprocessed", null,
          false, false);
    }
  }
}
