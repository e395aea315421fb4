package dev.cirrus.retry;

import dev.cirrus.retry.internal.SdkErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Classifies AWS failures: throttles by HTTP 429 or error code, HTTP 5xx and I/O failures as transient, every
 * other 4xx as not retryable.
 *
 * <p>Works on AWS SDK v2 exceptions when the SDK is on the class path (status code and error code of
 * {@code AwsServiceException}; {@code ApiCallAttemptTimeoutException} and {@code RetryableException} as
 * transient; {@code ApiCallTimeoutException} (the whole call timed out), {@code AbortedException} and
 * {@code NonRetryableException} as not retryable whatever they wrap) and on any other
 * {@link Throwable}: the cause chain is walked through wrappers ({@code CompletionException},
 * {@code ExecutionException}, a bare {@code RuntimeException}, SDK client exceptions; up to 16 levels), {@link IOException},
 * {@link UncheckedIOException} and {@link TimeoutException} are transient. Anything unrecognised is not
 * retryable. Call sites that see raw responses (a DynamoDB {@code UnprocessedItems} loop, an HTTP client)
 * can use {@link #classifyResponse(int, String)} directly.
 *
 * <p>Precedence: a throttling error code wins, then HTTP 429, then a transient error code, then
 * {@code status >= 500}; so S3's {@code 503 SlowDown} is a throttle, a plain 503 is transient. The SDK's
 * exception types count like their error codes: a generated exception class is named after its modeled error,
 * with or without the {@code Exception} suffix, so a {@code ProvisionedThroughputExceededException} or
 * {@code RequestLimitExceededException} built by hand without {@code awsErrorDetails} is a throttle too.
 *
 * <p>This class is immutable and thread-safe.
 */
public final class AwsErrorClassifier implements ErrorClassifier {

  /** The error codes treated as throttling by default. */
  public static final Set<String> DEFAULT_THROTTLING_ERROR_CODES = Collections.unmodifiableSet(new LinkedHashSet<>(
      List.of("Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
          "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
          "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
          "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException")));

  /** The error codes treated as transient by default, whatever their status: S3's 400 {@code RequestTimeout}. */
  public static final Set<String> DEFAULT_TRANSIENT_ERROR_CODES = Collections.unmodifiableSet(new LinkedHashSet<>(
      List.of("RequestTimeout", "RequestTimeoutException", "InternalError", "ServiceUnavailable")));

  private static final AwsErrorClassifier DEFAULTS = builder().build();
  private static final int MAX_CAUSE_DEPTH = 16;

  private final Set<String> throttlingErrorCodes;
  private final Set<String> transientErrorCodes;

  private AwsErrorClassifier(Builder b) {
    this.throttlingErrorCodes = Set.copyOf(b.throttlingErrorCodes);
    this.transientErrorCodes = Set.copyOf(b.transientErrorCodes);
  }

  /**
   * Returns the classifier with the default code lists.
   *
   * @return the classifier with the default code lists
   */
  public static AwsErrorClassifier defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder starting from the default code lists.
   *
   * @return a builder starting from the default code lists
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this classifier's code lists.
   *
   * @return a builder holding this classifier's code lists
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.throttlingErrorCodes.clear();
    b.throttlingErrorCodes.addAll(throttlingErrorCodes);
    b.transientErrorCodes.clear();
    b.transientErrorCodes.addAll(transientErrorCodes);
    return b;
  }

  /**
   * Returns the throttling error codes (unmodifiable).
   *
   * @return the throttling error codes (unmodifiable)
   */
  public Set<String> throttlingErrorCodes() {
    return throttlingErrorCodes;
  }

  /**
   * Returns the transient error codes (unmodifiable).
   *
   * @return the transient error codes (unmodifiable)
   */
  public Set<String> transientErrorCodes() {
    return transientErrorCodes;
  }

  /**
   * Classifies a raw AWS response.
   *
   * @return the kind, never null
   * @param statusCode the HTTP status, or 0 if unknown
   * @param errorCode the AWS error code ({@code __type} / {@code x-amzn-ErrorType} / XML {@code Code}), may be null
   */
  public ErrorKind classifyResponse(int statusCode, String errorCode) {
    if (errorCode != null && throttlingErrorCodes.contains(errorCode)) {
      return ErrorKind.THROTTLING;
    }
    if (statusCode == 429) {
      return ErrorKind.THROTTLING;
    }
    if (errorCode != null && transientErrorCodes.contains(errorCode)) {
      return ErrorKind.TRANSIENT;
    }
    if (statusCode >= 500 && statusCode <= 599) {
      return ErrorKind.TRANSIENT;
    }
    return ErrorKind.NOT_RETRYABLE;
  }

  /**
   * Classifies a failure; see the class documentation for the rules.
   *
   * @throws NullPointerException if {@code failure} is null
   */
  @Override
  public ErrorKind classify(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
      if (SdkErrors.SDK_CORE) {
        if (SdkErrors.isServiceException(t)) {
          return classifyService(t);
        }
        if (SdkErrors.isAttemptTimeout(t)) {
          return ErrorKind.TRANSIENT;
        }
        ErrorKind sdkVerdict = SdkErrors.clientExceptionKind(t);
        if (sdkVerdict != null) {
          return sdkVerdict;
        }
      }
      if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
        return ErrorKind.TRANSIENT;
      }
      if (!isWrapper(t)) {
        return ErrorKind.NOT_RETRYABLE;
      }
    }
    return ErrorKind.NOT_RETRYABLE;
  }

  /**
   * The error code decides, and the exception's type as well: a generated SDK exception class is named after
   * its modeled error ({@code ProvisionedThroughputExceededException}, {@code RequestLimitExceededException}
   * for {@code RequestLimitExceeded}), so a hand-built one without error details is still recognised.
   */
  private ErrorKind classifyService(Throwable t) {
    ErrorKind kind = classifyResponse(SdkErrors.statusCode(t), SdkErrors.errorCode(t));
    if (kind == ErrorKind.THROTTLING) {
      return kind;
    }
    if (SdkErrors.typeNamedAfter(t, throttlingErrorCodes)) {
      return ErrorKind.THROTTLING;
    }
    if (kind == ErrorKind.NOT_RETRYABLE && SdkErrors.typeNamedAfter(t, transientErrorCodes)) {
      return ErrorKind.TRANSIENT;
    }
    return kind;
  }

  /**
   * Wrappers are looked through to their cause: future wrappers, a bare {@code RuntimeException}, and SDK
   * client exceptions (which wrap the I/O failure). Any other exception is the caller's own verdict.
   */
  private static boolean isWrapper(Throwable t) {
    return t instanceof CompletionException || t instanceof ExecutionException || t.getClass() == RuntimeException.class
        || t.getClass().getName().startsWith("software.amazon.awssdk.");
  }

  /**
   * Returns {@code x-amz-retry-after} (milliseconds) or {@code Retry-After} (whole seconds) from an AWS SDK v2
   * service exception anywhere in the cause chain; empty otherwise or if the SDK is absent.
   */
  @Override
  public Optional<Duration> retryAfter(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    if (!SdkErrors.AWS_CORE) {
      return Optional.empty();
    }
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
      Optional<Duration> hint = SdkErrors.retryAfter(t);
      if (hint.isPresent()) {
        return hint;
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "AwsErrorClassifier{throttlingErrorCodes=" + throttlingErrorCodes + ", transientErrorCodes="
        + transientErrorCodes + "}";
  }

  /**
   * Builds an {@link AwsErrorClassifier}. Starts from the default code lists.
   *
   * <p>This class is not thread-safe; {@link #build()} copies its state, so a reused builder never changes
   * a classifier it built.
   */
  public static final class Builder {
    private final Set<String> throttlingErrorCodes = new LinkedHashSet<>(DEFAULT_THROTTLING_ERROR_CODES);
    private final Set<String> transientErrorCodes = new LinkedHashSet<>(DEFAULT_TRANSIENT_ERROR_CODES);

    private Builder() {}

    /**
     * Adds an error code classified as throttling.
     *
     * @param errorCode the AWS error code, e.g. {@code ThrottlingException}
     * @return this builder
     * @throws NullPointerException if {@code errorCode} is null
     * @throws IllegalArgumentException if {@code errorCode} is empty
     */
    public Builder addThrottlingErrorCode(String errorCode) {
      throttlingErrorCodes.add(requireCode(errorCode));
      return this;
    }

    /**
     * Adds an error code classified as transient.
     *
     * @param errorCode the AWS error code, e.g. {@code ThrottlingException}
     * @return this builder
     * @throws NullPointerException if {@code errorCode} is null
     * @throws IllegalArgumentException if {@code errorCode} is empty
     */
    public Builder addTransientErrorCode(String errorCode) {
      transientErrorCodes.add(requireCode(errorCode));
      return this;
    }

    /**
     * Removes an error code from both lists, so it falls back to its HTTP status.
     *
     * @param errorCode the AWS error code, e.g. {@code ThrottlingException}
     * @return this builder
     * @throws NullPointerException if {@code errorCode} is null
     */
    public Builder removeErrorCode(String errorCode) {
      Objects.requireNonNull(errorCode, "errorCode");
      throttlingErrorCodes.remove(errorCode);
      transientErrorCodes.remove(errorCode);
      return this;
    }

    private static String requireCode(String errorCode) {
      Objects.requireNonNull(errorCode, "errorCode");
      if (errorCode.isEmpty()) {
        throw new IllegalArgumentException("errorCode must not be empty");
      }
      return errorCode;
    }

    /**
     * Returns a new immutable classifier.
     *
     * @return a new immutable classifier
     */
    public AwsErrorClassifier build() {
      return new AwsErrorClassifier(this);
    }
  }
}
