package dev.cirrus.retry.examples;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryBudgetExhaustedException;
import dev.cirrus.retry.RetryListener;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.retry.sdk.CirrusRetryStrategy;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** The code shown in docs/guides/retry.md; each method is run by RetryExamplesTest. */
public final class RetryExamples {
  private RetryExamples() {}

  // [running-calls]
  /** What {@link #saveOrder} returns: the DynamoDB put's response and the S3 upload's. */
  public record SavedOrder(PutItemResponse item, PutObjectResponse document) {}

  /**
   * Stores an order, deletes its draft and uploads its document under one policy, around clients that do not
   * retry themselves (otherwise retries multiply). The table and the bucket prefix are the limiter's keys.
   */
  public static CompletableFuture<SavedOrder> saveOrder(DynamoDbClient ddb, S3AsyncClient s3Async, String table,
      String bucket, String orderId, String document, ScheduledExecutorService scheduler, RetryBudget budget,
      AdaptiveRateLimiter limiter) {
    PutItemRequest request = PutItemRequest.builder().tableName(table)
        .item(Map.of("pk", AttributeValue.fromS(orderId))).build();
    Runnable cleanUp = () -> ddb.deleteItem(b -> b.tableName(table)
        .key(Map.of("pk", AttributeValue.fromS("draft-" + orderId))));
    PutObjectRequest upload = PutObjectRequest.builder().bucket(bucket).key("orders/" + orderId).build();

    RetryPolicy policy = RetryPolicy.builder().maxAttempts(6).budget(budget).rateLimiter(limiter).build();
    PutItemResponse r = policy.call(table, () -> ddb.putItem(request));   // key = the limiter's resource
    policy.run(cleanUp);
    CompletableFuture<PutObjectResponse> f = policy.callAsync(bucket + "/orders",
        () -> s3Async.putObject(upload, AsyncRequestBody.fromString(document)), scheduler);
    return f.thenApply(uploaded -> new SavedOrder(r, uploaded));
  }
  // [/running-calls]

  // [sdk-client]
  /** One budget and one limiter per service, shared by every client and policy that calls it. */
  static final RetryBudget DYNAMO_BUDGET = RetryBudget.create();
  static final AdaptiveRateLimiter DYNAMO_LIMITER = AdaptiveRateLimiter.create();

  public static DynamoDbClient dynamoDbClient(DynamoDbClientBuilder builder) {
    RetryPolicy policy = RetryPolicy.builder()
        .maxAttempts(8)
        .maxElapsed(Duration.ofSeconds(20))
        .throttlingBackoff(Backoff.fullJitter(Duration.ofMillis(250), Duration.ofSeconds(10)))
        .budget(DYNAMO_BUDGET)
        .rateLimiter(DYNAMO_LIMITER)
        .build();
    return builder.overrideConfiguration(o -> o.retryStrategy(CirrusRetryStrategy.create(policy))).build();
  }

  /** A put that reports a fail-fast refusal of the budget separately from an ordinary throttle. */
  public static String put(DynamoDbClient ddb, String table, String pk) {
    try {
      ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk))));
      return "stored";
    } catch (ProvisionedThroughputExceededException e) {
      RetryBudgetExhaustedException refused = CirrusRetryStrategy.budgetExhaustion(e);
      return refused != null
          ? "shed: budget " + refused.availableTokens() + "/" + refused.capacity() + " after " + refused.attempts()
          + " attempts"
          : "throttled after " + e.numAttempts() + " attempts";
    }
  }
  // [/sdk-client]

  // [idempotency]
  /**
   * A DynamoDB client that retries every request as usual except counter updates ({@code ADD}), which it
   * retries only after failures that cannot have executed (throttles, connection refused).
   */
  public static DynamoDbClient countingClient(DynamoDbClientBuilder builder, RetryPolicy shared) {
    CirrusRetryStrategy strategy = CirrusRetryStrategy.builder()
        .policy(shared)
        .idempotentRequests(request -> !(request instanceof UpdateItemRequest update
            && update.updateExpression() != null && update.updateExpression().contains("ADD ")))
        .build();
    return builder.overrideConfiguration(strategy::applyTo).build();   // applyTo: strategy and its interceptor
  }

  /** The same rule around any call: a policy for calls that must not run twice. */
  public static long addToCounter(DynamoDbClient noRetryDdb, String table, String counter, RetryPolicy shared) {
    RetryPolicy once = shared.toBuilder().idempotent(false).build();
    UpdateItemResponse r = once.call(table, () -> noRetryDdb.updateItem(b -> b.tableName(table)
        .key(Map.of("pk", AttributeValue.fromS(counter)))
        .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))
        .returnValues(ReturnValue.UPDATED_NEW)));
    return Long.parseLong(r.attributes().get("n").n());
  }
  // [/idempotency]

  // [kms-per-key]
  /** A KMS client whose requests are paced under their key id (one client per key in this pattern). */
  public static KmsClient kmsClientForKey(KmsClientBuilder builder, String keyId, RetryPolicy shared) {
    CirrusRetryStrategy strategy = CirrusRetryStrategy.builder().policy(shared).rateLimiterKey("kms:" + keyId)
        .build();
    return builder.overrideConfiguration(o -> o.retryStrategy(strategy)).build();
  }
  // [/kms-per-key]

  // [async-part]
  /**
   * Per-part retry around an async S3 client that does not retry itself (otherwise retries multiply):
   * waits are scheduled, no thread blocks, cancelling the future cancels the part.
   */
  public static CompletableFuture<PutObjectResponse> putPart(S3AsyncClient noRetryS3, String bucket, String key,
      String body, ScheduledExecutorService scheduler, RetryListener metrics) {
    RetryPolicy policy = RetryPolicy.builder()
        .maxAttempts(6)
        .throttlingBackoff(Backoff.fullJitter(Duration.ofMillis(100), Duration.ofSeconds(5)))
        .addListener(metrics)
        .build();
    return policy.callAsync(bucket + "/" + key,
        () -> noRetryS3.putObject(b -> b.bucket(bucket).key(key), AsyncRequestBody.fromString(body)), scheduler);
  }

  /** The SDK strategy to give a client whose calls a Cirrus policy already retries. */
  public static software.amazon.awssdk.retries.api.RetryStrategy noSdkRetries() {
    return AwsRetryStrategy.doNotRetry();
  }
  // [/async-part]
}
