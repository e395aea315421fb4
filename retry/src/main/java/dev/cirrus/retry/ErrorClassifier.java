package dev.cirrus.retry;

import dev.cirrus.retry.internal.NeverSent;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides whether a failure is a throttle, a transient error or not retryable, and reads any server
 * retry hint.
 *
 * <p>Implementations MUST be thread-safe and SHOULD be cheap: they run on every failed attempt.
 */
@FunctionalInterface
public interface ErrorClassifier {

  /**
   * Classifies a failure.
   *
   * @param failure the exception thrown by an attempt, never null
   * @return the kind, never null
   */
  ErrorKind classify(Throwable failure);

  /**
   * Returns the delay the server asked for ({@code Retry-After} or {@code x-amz-retry-after}), if the failure
   * carries one. By default none.
   *
   * @return the hinted delay, or empty
   * @param failure the exception thrown by an attempt, never null
   */
  default Optional<Duration> retryAfter(Throwable failure) {
    return Optional.empty();
  }

  /**
   * Returns whether {@code failure} proves that the request never reached the service, so that even a call
   * that is not idempotent may be retried after it. By default true when the cause chain (up to 16 levels)
   * holds a {@link java.net.ConnectException} (connection refused; Netty's and Apache's connect timeouts and
   * refusals extend it), a {@link java.net.UnknownHostException}, a {@link java.net.NoRouteToHostException},
   * an Apache HttpClient {@code ConnectTimeoutException} (4.x or 5.x, including the 4.x
   * {@code ConnectionPoolTimeoutException}) or a {@code java.net.http.HttpConnectTimeoutException}; false
   * for everything else, including read timeouts, connection resets and 5xx responses, after which the
   * request may have run. Throttles need no such proof: a throttled request was refused, and a policy retries
   * it whatever this method says.
   *
   * @param failure the exception thrown by an attempt, never null
   * @return whether the request certainly was not sent
   * @throws NullPointerException if {@code failure} is null
   */
  default boolean cannotHaveExecuted(Throwable failure) {
    return NeverSent.test(failure);
  }

  /**
   * Returns the AWS classifier with its default rules; see {@link AwsErrorClassifier}.
   *
   * @return the AWS classifier with its default rules
   */
  static ErrorClassifier aws() {
    return AwsErrorClassifier.defaults();
  }

  /**
   * Returns a classifier that asks {@code rule} first and falls back to {@code this} when the rule returns
   * {@code null}. Retry hints and {@link #cannotHaveExecuted(Throwable)} still come from {@code this}.
   *
   * @param rule returns the kind, or {@code null} to defer to this classifier
   * @return the combined classifier
   * @throws NullPointerException if {@code rule} is null
   */
  default ErrorClassifier withOverride(Function<? super Throwable, ErrorKind> rule) {
    Objects.requireNonNull(rule, "rule");
    ErrorClassifier fallback = this;
    return new ErrorClassifier() {
      @Override
      public ErrorKind classify(Throwable failure) {
        ErrorKind kind = rule.apply(failure);
        return kind != null ? kind : fallback.classify(failure);
      }

      @Override
      public Optional<Duration> retryAfter(Throwable failure) {
        return fallback.retryAfter(failure);
      }

      @Override
      public boolean cannotHaveExecuted(Throwable failure) {
        return fallback.cannotHaveExecuted(failure);
      }
    };
  }
}
