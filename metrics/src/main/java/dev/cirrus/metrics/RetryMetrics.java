package dev.cirrus.metrics;

import dev.cirrus.metrics.internal.Count;
import dev.cirrus.metrics.internal.Meters;
import dev.cirrus.metrics.internal.NanoTimer;
import dev.cirrus.retry.ErrorKind;
import dev.cirrus.retry.GiveUpReason;
import dev.cirrus.retry.RetryListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;
import java.util.EnumMap;

/**
 * A {@link RetryListener} that counts what a {@code RetryPolicy} does: add it with
 * {@code RetryPolicy.Builder.addListener(..)} when building the policy, and bind it to a registry then or later.
 *
 * <p>Meters, each tagged {@code name}:
 * <ul>
 *   <li>{@code cirrus.retry.attempts} (function counter): attempts started, first attempts included;</li>
 *   <li>{@code cirrus.retry.retries} (function counter), tagged {@code kind} = {@code throttling} or
 *       {@code transient}: failed attempts that will be retried;</li>
 *   <li>{@code cirrus.retry.backoff} (function timer): the waits scheduled before those retries (count and
 *       total time), raised by server hints and the rate limiter as the policy did;</li>
 *   <li>{@code cirrus.retry.giveups} (function counter), tagged {@code reason} = {@code not_retryable},
 *       {@code aborted}, {@code max_attempts}, {@code deadline}, {@code budget_exhausted}, {@code interrupted} or
 *       {@code not_idempotent}: calls that failed;</li>
 *   <li>{@code cirrus.retry.successes} (function counter): calls that succeeded;</li>
 *   <li>{@code cirrus.retry.latency} (function timer), only from a {@link #timed(String) timed} listener: the
 *       calls that succeeded and their time from the start of the call to the success, retries and waits
 *       included.</li>
 * </ul>
 * Exceptions and their messages are never recorded, only their classification.
 *
 * <p>Each event costs one or two striped-adder increments on the calling thread; nothing is looked up in a
 * registry. A listener made by {@link #RetryMetrics(String)} does not use the time of calls ({@link
 * #usesElapsedTime()} is false), so a call that succeeds at once costs two increments, no clock read and no
 * allocation; a {@link #timed(String) timed} one makes every call read the clock twice (20 to 70 ns each). Events are counted from the moment the policy is built, whether or not a registry is bound yet; a
 * registry bound later sees every event since then. Instances are threadsafe; one listener may serve several
 * policies, whose events it then adds up.
 */
public final class RetryMetrics implements RetryListener, MeterBinder {
  static final String ATTEMPTS = "cirrus.retry.attempts";

  private final String name;
  private final Count attempts = new Count();
  private final EnumMap<ErrorKind, Count> retries = new EnumMap<>(ErrorKind.class);
  private final EnumMap<GiveUpReason, Count> giveUps = new EnumMap<>(GiveUpReason.class);
  private final NanoTimer backoff = new NanoTimer();
  private final Count successes = new Count();
  /** Null unless timed. */
  private final NanoTimer latency;

  /**
   * Creates a listener whose meters are tagged {@code name}; bind it with {@link #bindTo(MeterRegistry)}.
   *
   * @param name the name tag, for example {@code "orders"}; unique among the retry policies of a registry
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public RetryMetrics(String name) {
    this(name, false);
  }

  private RetryMetrics(String name, boolean timed) {
    this.name = Meters.requireName(name);
    this.latency = timed ? new NanoTimer() : null;
    for (ErrorKind kind : ErrorKind.values()) {
      if (kind.isRetryable()) {
        retries.put(kind, new Count());
      }
    }
    for (GiveUpReason reason : GiveUpReason.values()) {
      giveUps.put(reason, new Count());
    }
  }

  /**
   * Creates a listener that also times the calls that succeed, as {@code cirrus.retry.latency}; bind it with
   * {@link #bindTo(MeterRegistry)}. Every call of a policy it listens to then reads the policy's clock at its
   * start and at its success.
   *
   * @param name the name tag, for example {@code "orders"}; unique among the retry policies of a registry
   * @return the listener
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public static RetryMetrics timed(String name) {
    return new RetryMetrics(name, true);
  }

  static RetryMetrics bound(MeterRegistry registry, String name, boolean timed) {
    Meters.requireRegistry(registry);
    RetryMetrics metrics = new RetryMetrics(name, timed);
    metrics.bindTo(registry);
    return metrics;
  }

  /**
   * Returns the name tag of this listener's meters.
   *
   * @return the name given at creation
   */
  public String name() {
    return name;
  }

  @Override
  public void onAttempt(int attempt) {
    attempts.increment();
  }

  @Override
  public void onRetryScheduled(int attempt, Throwable failure, ErrorKind kind, Duration delay) {
    Count count = retries.get(kind);
    if (count != null) {
      count.increment();
    }
    backoff.record(delay.toNanos());
  }

  @Override
  public void onGiveUp(int attempts, Throwable lastFailure, GiveUpReason reason) {
    giveUps.get(reason).increment();
  }

  @Override
  public void onSuccess(int attempts, long elapsedNanos) {
    successes.increment();
    if (latency != null) {
      latency.record(elapsedNanos);
    }
  }

  /** {@return whether this listener was made {@link #timed(String) timed}} */
  @Override
  public boolean usesElapsedTime() {
    return latency != null;
  }

  /**
   * Registers the meters with {@code registry}.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is null
   * @throws IllegalStateException if a retry listener of the same name is bound to {@code registry} already
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Meters.requireRegistry(registry);
    Meters.requireUnbound(registry, ATTEMPTS, name, "retry listener");
    Tags tags = Tags.of(Meters.nameTag(name));
    attempts.register(registry, ATTEMPTS, tags, "attempts started, first attempts included", null);
    retries.forEach((kind, count) -> count.register(registry, "cirrus.retry.retries",
        tags.and("kind", Meters.tagValue(kind)), "failed attempts that will be retried", null));
    giveUps.forEach((reason, count) -> count.register(registry, "cirrus.retry.giveups",
        tags.and("reason", Meters.tagValue(reason)), "calls that failed, by why retrying stopped", null));
    backoff.register(registry, "cirrus.retry.backoff", tags, "waits scheduled before retries");
    successes.register(registry, "cirrus.retry.successes", tags, "calls that succeeded", null);
    if (latency != null) {
      latency.register(registry, "cirrus.retry.latency", tags, "calls that succeeded, and their time");
    }
  }

  @Override
  public String toString() {
    return "RetryMetrics{name=" + name + ", attempts=" + attempts.sum() + "}";
  }
}
