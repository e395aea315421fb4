package dev.cirrus.retry.fleet;

import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The throttling server of the fleet simulation: a token bucket filled at the provisioned rate and holding up to
 * {@code burstSeconds} of unused capacity, like a DynamoDB table (300 s of unused capacity is kept for bursts), or a
 * FaultProxy-like bucket of a few tokens. A request that finds no token is throttled with the flavour's error. Time
 * comes from the caller (simulated nanoseconds); not thread-safe.
 */
final class SimServer {

  /** What a throttled request is answered with. */
  enum Flavor {
    /** DynamoDB: ProvisionedThroughputExceededException and ThrottlingException, alternately (both 400). */
    DYNAMODB,
    /** S3: 503 SlowDown on a hot prefix. */
    S3_SLOW_DOWN
  }

  private final Flavor flavor;
  private final double burstSeconds;
  private final double minBurst;
  private double rate;
  private double tokens;
  private long last;
  private long throttles;

  /**
   * @param rate the provisioned rate, requests per second
   * @param burstSeconds seconds of unused capacity the bucket keeps
   * @param minBurst the least bucket size in tokens (a bucket of {@code burstSeconds * rate} below it is raised)
   * @param flavor the throttling error
   */
  SimServer(double rate, double burstSeconds, double minBurst, Flavor flavor) {
    this.rate = rate;
    this.burstSeconds = burstSeconds;
    this.minBurst = minBurst;
    this.flavor = flavor;
    this.tokens = minBurst; // no burst credit banked beyond the least bucket: the table was busy before
  }

  private double capacity() {
    return Math.max(minBurst, burstSeconds * rate);
  }

  private void refill(long now) {
    tokens = Math.min(capacity(), tokens + (now - last) / 1e9 * rate);
    last = now;
  }

  /** Admits the request arriving at {@code now}, or returns the throttling error for it. */
  RuntimeException arrive(long now) {
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return null;
    }
    return throttle();
  }

  /** Changes the provisioned rate at {@code now}; the banked burst is kept up to the new bucket size. */
  void setRate(long now, double newRate) {
    refill(now);
    rate = newRate;
    tokens = Math.min(tokens, capacity());
  }

  double rate() {
    return rate;
  }

  private RuntimeException throttle() {
    throttles++;
    if (flavor == Flavor.S3_SLOW_DOWN) {
      return S3Exception.builder().statusCode(503).message("Please reduce your request rate.")
          .awsErrorDetails(AwsErrorDetails.builder().errorCode("SlowDown").serviceName("S3").build()).build();
    }
    AwsServiceException.Builder b = throttles % 2 == 0
        ? ProvisionedThroughputExceededException.builder() : DynamoDbException.builder();
    String code = throttles % 2 == 0 ? "ProvisionedThroughputExceededException" : "ThrottlingException";
    return (RuntimeException) b.statusCode(400).message("Rate of requests exceeds the allowed throughput.")
        .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).serviceName("DynamoDb").build()).build();
  }
}
