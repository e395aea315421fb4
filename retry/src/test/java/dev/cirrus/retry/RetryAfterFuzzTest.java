package dev.cirrus.retry;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.http.SdkHttpResponse;
import dev.cirrus.testsupport.ThreadAllocations;

/**
 * Coverage-guided fuzzing of the server's retry hint: {@code x-amz-retry-after} (milliseconds) and {@code
 * Retry-After} (whole seconds) read by {@link AwsErrorClassifier#retryAfter} from a service exception, and the
 * delay a {@link RetryExecution} then decides. Input lines (ISO-8859-1, {@code <null>} for an absent header):
 * x-amz-retry-after, Retry-After, a second Retry-After value, the HTTP status. Invariants: nothing escapes; a
 * hint is present exactly when the first value of a header is a non-negative integer that fits a long (the
 * milliseconds header first), and equals it; the decided delay is at least the hint up to {@code maxRetryAfter}
 * and never more than {@code maxRetryAfter} (the backoff is zero); reading the hint allocates only a fixed amount.
 */
class RetryAfterFuzzTest {
  private static final Pattern INTEGER = Pattern.compile("\\+?[0-9]+|-0+");
  private static final Duration MAX_RETRY_AFTER = Duration.ofSeconds(20);
  private static final RetryPolicy POLICY = RetryPolicy.builder().backoff(Backoff.none()).withoutBudget()
      .withoutRateLimiter().withoutMaxElapsed().maxRetryAfter(MAX_RETRY_AFTER).build();

  @FuzzTest
  void retryAfter_arbitraryHeaders_nonNegativeHintOrNone(byte[] input) {
    String[] lines = Arrays.copyOf(new String(input, StandardCharsets.ISO_8859_1).split("\n", 4), 4);
    SdkHttpResponse.Builder response = SdkHttpResponse.builder().statusCode(status(lines[3]));
    header(response, "x-amz-retry-after", lines[0]);
    header(response, "Retry-After", lines[1]);
    header(response, "retry-after", lines[2]);
    AwsServiceException e = AwsServiceException.builder().statusCode(503).message("SlowDown")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode("SlowDown").sdkHttpResponse(response.build()).build())
        .build();
    Throwable failure = new CompletionException(e);

    ThreadAllocations before = ThreadAllocations.start();
    Optional<Duration> hint = AwsErrorClassifier.defaults().retryAfter(failure);
    before.assertAtMost(256 * 1024 + 8L * input.length, "reading a retry hint");
    Optional<Duration> model = model(absent(lines[0]) ? null : lines[0], absent(lines[1]) ? lines[2] : lines[1]);
    if (!hint.equals(model)) {
      throw new AssertionError("hint " + hint + " for " + Arrays.toString(lines) + ", model " + model);
    }
    RetryExecution execution = POLICY.newExecution();
    execution.start();
    execution.attemptStarting();
    RetryExecution.Decision next = execution.onFailure(failure);
    long floor = hint.map(h -> h.compareTo(MAX_RETRY_AFTER) < 0 ? h.toNanos() : MAX_RETRY_AFTER.toNanos()).orElse(0L);
    if (next.givesUp() || next.delayNanos() < floor || next.delayNanos() > MAX_RETRY_AFTER.toNanos()) {
      throw new AssertionError(next + " for hint " + hint);
    }
  }

  private static boolean absent(String line) {
    return line == null || "<null>".equals(line);
  }

  private static void header(SdkHttpResponse.Builder r, String name, String value) {
    if (!absent(value)) {
      r.appendHeader(name, value);
    }
  }

  private static int status(String line) {
    try {
      int s = Integer.parseInt(line == null ? "" : line.trim());
      return s >= 100 && s <= 599 ? s : 503;
    } catch (NumberFormatException e) {
      return 503;
    }
  }

  /** The milliseconds header if it is a usable integer, else the seconds header's first value, else none. */
  static Optional<Duration> model(String millis, String seconds) {
    Optional<BigInteger> ms = integer(millis);
    if (ms.isPresent()) {
      return Optional.of(Duration.ofMillis(ms.get().longValueExact()));
    }
    return integer(seconds).map(s -> Duration.ofSeconds(s.longValueExact()));
  }

  private static Optional<BigInteger> integer(String value) {
    if (value == null) {
      return Optional.empty();
    }
    String t = value.trim();
    if (!INTEGER.matcher(t).matches()) {
      return Optional.empty();
    }
    BigInteger v = new BigInteger(t);
    return v.signum() >= 0 && v.bitLength() < 64 ? Optional.of(v) : Optional.empty();
  }
}
