package dev.cirrus.retry;

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
   * Returns the AWS classifier with its default rules; see {@link AwsErrorClassifier}.
   *
   * @return the AWS classifier with its default rules
   */
  static ErrorClassifier aws() {
    return AwsErrorClassifier.defaults();
  }

  /**
   * Returns a classifier that asks {@code rule} first and falls back to {@code this} when the rule returns
   * {@code null}. Retry hints still come from {@code this}.
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
    };
  }
}
