package dev.cirrus.retry.internal;

import dev.cirrus.retry.ErrorKind;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.exception.SdkServiceException;

/**
 * Reads status, error code and retry hints from AWS SDK v2 exceptions. The SDK is an optional dependency:
 * callers MUST check {@link #SDK_CORE} / {@link #AWS_CORE} before calling, so this class's SDK references
 * are only resolved when the SDK is on the class path.
 */
public final class SdkErrors {
  /** Whether sdk-core (SdkServiceException) is on the class path. */
  public static final boolean SDK_CORE = present("software.amazon.awssdk.core.exception.SdkServiceException");
  /** Whether aws-core (AwsServiceException) is on the class path. */
  public static final boolean AWS_CORE = present("software.amazon.awssdk.awscore.exception.AwsServiceException");

  private static final String EXCEPTION_SUFFIX = "Exception";

  private SdkErrors() {}

  private static boolean present(String className) {
    try {
      Class.forName(className, false, SdkErrors.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  public static boolean isServiceException(Throwable t) {
    return t instanceof SdkServiceException;
  }

  public static boolean isAttemptTimeout(Throwable t) {
    return t instanceof ApiCallAttemptTimeoutException;
  }

  /**
   * The SDK's own verdict on its client exceptions, or null when it has none and the cause decides. They
   * usually wrap an {@code IOException}, which must not make them transient: {@code NonRetryableException}
   * (e.g. a request body that cannot be replayed), {@code AbortedException} (interrupted or aborted) and
   * {@code ApiCallTimeoutException} (the whole call's time is used up) are final; {@code RetryableException}
   * asks for a retry even without a cause.
   */
  public static ErrorKind clientExceptionKind(Throwable t) {
    if (t instanceof NonRetryableException || t instanceof AbortedException || t instanceof ApiCallTimeoutException) {
      return ErrorKind.NOT_RETRYABLE;
    }
    if (t instanceof RetryableException) {
      return ErrorKind.TRANSIENT;
    }
    return null;
  }

  public static int statusCode(Throwable t) {
    return ((SdkServiceException) t).statusCode();
  }

  /** The AWS error code, or null when aws-core is absent or the exception has none. */
  public static String errorCode(Throwable t) {
    if (AWS_CORE && t instanceof AwsServiceException) {
      AwsServiceException e = (AwsServiceException) t;
      return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }
    return null;
  }

  /**
   * Whether the service exception's class, or a superclass below {@code SdkServiceException}, is named after one
   * of {@code codes}, with or without the {@code Exception} suffix of generated SDK exception classes.
   */
  public static boolean typeNamedAfter(Throwable t, Set<String> codes) {
    for (Class<?> c = t.getClass(); c != null && c != SdkServiceException.class; c = c.getSuperclass()) {
      String name = c.getSimpleName();
      if (codes.contains(name) || name.endsWith(EXCEPTION_SUFFIX)
          && codes.contains(name.substring(0, name.length() - EXCEPTION_SUFFIX.length()))) {
        return true;
      }
    }
    return false;
  }

  /** {@code x-amz-retry-after} (milliseconds) first, then {@code Retry-After} (seconds). */
  public static Optional<Duration> retryAfter(Throwable t) {
    if (!(AWS_CORE && t instanceof AwsServiceException)) {
      return Optional.empty();
    }
    AwsServiceException e = (AwsServiceException) t;
    if (e.awsErrorDetails() == null || e.awsErrorDetails().sdkHttpResponse() == null) {
      return Optional.empty();
    }
    var response = e.awsErrorDetails().sdkHttpResponse();
    Optional<Duration> millis = response.firstMatchingHeader("x-amz-retry-after")
        .flatMap(v -> parse(v)).map(Duration::ofMillis);
    if (millis.isPresent()) {
      return millis;
    }
    return response.firstMatchingHeader("Retry-After").flatMap(v -> parse(v)).map(Duration::ofSeconds);
  }

  /** Non-negative integer header values only; HTTP dates and garbage are ignored. */
  public static Optional<Long> parse(String value) {
    try {
      long v = Long.parseLong(value.trim());
      return v >= 0 ? Optional.of(v) : Optional.empty();
    } catch (NumberFormatException ex) {
      return Optional.empty();
    }
  }
}
