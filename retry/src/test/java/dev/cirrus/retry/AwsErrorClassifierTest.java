package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.NonRetryableException;
import software.amazon.awssdk.core.exception.RetryableException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.SdkHttpResponse;

class AwsErrorClassifierTest {
  private final AwsErrorClassifier classifier = AwsErrorClassifier.defaults();

  private static AwsServiceException sdk(int status, String code) {
    return sdk(status, code, SdkHttpResponse.builder().statusCode(status).build());
  }

  private static AwsServiceException sdk(int status, String code, SdkHttpResponse response) {
    return AwsServiceException.builder().statusCode(status)
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).sdkHttpResponse(response).build())
        .message(code).build();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
      "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
      "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown",
      "PriorRequestNotComplete", "EC2ThrottledException"})
  void classify_throttlingCode_throttling(String code) {
    assertThat(classifier.classify(sdk(400, code))).isEqualTo(ErrorKind.THROTTLING);
    assertThat(classifier.classifyResponse(400, code)).isEqualTo(ErrorKind.THROTTLING);
  }

  @Test
  void classify_status429WithoutCode_throttling() {
    assertThat(classifier.classify(sdk(429, null))).isEqualTo(ErrorKind.THROTTLING);
  }

  @Test
  void classify_s3SlowDown503_throttlingButPlain503Transient() {
    assertThat(classifier.classifyResponse(503, "SlowDown")).isEqualTo(ErrorKind.THROTTLING);
    assertThat(classifier.classifyResponse(503, "ServiceUnavailable")).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(classifier.classifyResponse(503, null)).isEqualTo(ErrorKind.TRANSIENT);
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 502, 504, 599})
  void classify_5xx_transient(int status) {
    assertThat(classifier.classify(sdk(status, "InternalServerError"))).isEqualTo(ErrorKind.TRANSIENT);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ValidationException", "AccessDeniedException", "ConditionalCheckFailedException",
      "ResourceNotFoundException", "NoSuchKey"})
  void classify_other4xx_notRetryable(String code) {
    assertThat(classifier.classify(sdk(400, code))).isEqualTo(ErrorKind.NOT_RETRYABLE);
    assertThat(classifier.classify(sdk(404, code))).isEqualTo(ErrorKind.NOT_RETRYABLE);
  }

  @Test
  void classify_ioFailures_transient() {
    assertThat(classifier.classify(new IOException("Connection reset"))).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(classifier.classify(new SocketTimeoutException("Read timed out"))).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(classifier.classify(new UncheckedIOException(new IOException("x")))).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(classifier.classify(SdkClientException.create("Unable to execute HTTP request",
        new IOException("Connection reset")))).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(classifier.classify(ApiCallAttemptTimeoutException.create(1000))).isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void classify_wrappedInFutureExceptions_lookedThrough() {
    assertThat(classifier.classify(new CompletionException(sdk(400, "ThrottlingException"))))
        .isEqualTo(ErrorKind.THROTTLING);
    assertThat(classifier.classify(new ExecutionException(new CompletionException(sdk(500, null)))))
        .isEqualTo(ErrorKind.TRANSIENT);
    assertThat(classifier.classify(new RuntimeException(new IOException("reset")))).isEqualTo(ErrorKind.TRANSIENT);
  }

  @Test
  void classify_arbitraryExceptions_notRetryable() {
    assertThat(classifier.classify(new IllegalStateException("bug", new IOException("x"))))
        .isEqualTo(ErrorKind.NOT_RETRYABLE);
    assertThat(classifier.classify(new Exception("checked"))).isEqualTo(ErrorKind.NOT_RETRYABLE);
    assertThat(classifier.classify(SdkClientException.create("no region"))).isEqualTo(ErrorKind.NOT_RETRYABLE);
  }

  @Test
  void builder_customCodes_pluggable() {
    AwsErrorClassifier custom = AwsErrorClassifier.builder().addThrottlingErrorCode("Busy")
        .addTransientErrorCode("TryAgain").removeErrorCode("LimitExceededException").build();
    assertThat(custom.classifyResponse(400, "Busy")).isEqualTo(ErrorKind.THROTTLING);
    assertThat(custom.classifyResponse(400, "TryAgain")).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(custom.classifyResponse(400, "LimitExceededException")).isEqualTo(ErrorKind.NOT_RETRYABLE);
    assertThat(classifier.classifyResponse(400, "Busy")).isEqualTo(ErrorKind.NOT_RETRYABLE);
    assertThat(custom.toBuilder().build().throttlingErrorCodes()).isEqualTo(custom.throttlingErrorCodes());
  }

  @Test
  void withOverride_ruleReturnsNull_fallsBack() {
    ErrorClassifier c = ErrorClassifier.aws().withOverride(t -> t instanceof IllegalStateException
        ? ErrorKind.TRANSIENT : null);
    assertThat(c.classify(new IllegalStateException())).isEqualTo(ErrorKind.TRANSIENT);
    assertThat(c.classify(sdk(400, "SlowDown"))).isEqualTo(ErrorKind.THROTTLING);
  }

  @Test
  void retryAfter_amzHeaderMillis_preferredOverRetryAfterSeconds() {
    SdkHttpResponse response = SdkHttpResponse.builder().statusCode(503)
        .putHeader("x-amz-retry-after", "1500").putHeader("Retry-After", "7").build();
    assertThat(classifier.retryAfter(sdk(503, "SlowDown", response))).contains(Duration.ofMillis(1500));
  }

  @Test
  void retryAfter_retryAfterSeconds_read() {
    SdkHttpResponse response = SdkHttpResponse.builder().statusCode(429).putHeader("Retry-After", "3").build();
    assertThat(classifier.retryAfter(new CompletionException(sdk(429, null, response))))
        .contains(Duration.ofSeconds(3));
  }

  @Test
  void retryAfter_garbageOrDateOrNegative_empty() {
    for (String v : new String[] {"soon", "Wed, 21 Oct 2015 07:28:00 GMT", "-5", ""}) {
      SdkHttpResponse response = SdkHttpResponse.builder().statusCode(429).putHeader("Retry-After", v).build();
      assertThat(classifier.retryAfter(sdk(429, null, response))).as(v).isEmpty();
    }
    assertThat(classifier.retryAfter(new IOException())).isEmpty();
  }

  @Test
  void classify_null_nullPointer() {
    assertThatThrownBy(() -> classifier.classify(null)).isInstanceOf(NullPointerException.class).hasMessage("failure");
  }

  @Test
  void builder_emptyCode_illegalArgument() {
    assertThatThrownBy(() -> AwsErrorClassifier.builder().addThrottlingErrorCode(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("errorCode must not be empty");
  }

  @Test
  void classify_sdkFinalClientExceptionsWrappingIo_notRetryable() {
    assertThat(classifier.classify(NonRetryableException.create("body cannot be replayed",
        new IOException("Connection reset")))).isEqualTo(ErrorKind.NOT_RETRYABLE);
    assertThat(classifier.classify(AbortedException.create("Thread was interrupted",
        new java.io.InterruptedIOException()))).isEqualTo(ErrorKind.NOT_RETRYABLE);
    assertThat(classifier.classify(ApiCallTimeoutException.create("call timed out",
        new java.util.concurrent.TimeoutException()))).isEqualTo(ErrorKind.NOT_RETRYABLE);
    assertThat(classifier.classify(ApiCallTimeoutException.create(1000))).isEqualTo(ErrorKind.NOT_RETRYABLE);
  }

  @Test
  void classify_sdkRetryableExceptionWithoutCause_transient() {
    assertThat(classifier.classify(RetryableException.create("retry me"))).isEqualTo(ErrorKind.TRANSIENT);
  }
}
