package dev.cirrus.retry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.ErrorKind;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryBudgetExhaustedException;
import dev.cirrus.retry.RetryListener;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

class CirrusRetryStrategyServicesIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  private static RetryPolicy.Builder fast() {
    return RetryPolicy.builder().backoff(Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(5)));
  }

  @Test
  void kmsGenerateDataKey_halfThrottled_allComplete() {
    String keyId = AWS.createKmsKey();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.GenerateDataKey", 0.5, Fault.throttle());
    CirrusRetryStrategy strategy = CirrusRetryStrategy.create(fast().maxAttempts(20).budget(RetryBudget.create()).build());
    KmsClient kms = AWS.closeAfterTest(AWS.clients(proxy).kmsBuilder()
        .overrideConfiguration(o -> o.retryStrategy(strategy)).build());

    for (int i = 0; i < 100; i++) {
      assertThat(kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)).plaintext().asByteArray())
          .hasSize(32);
    }

    assertThat(proxy.count("KMS.GenerateDataKey", Outcome.FORWARDED)).isEqualTo(100);
    assertThat(proxy.count("KMS.GenerateDataKey", Outcome.ERROR_INJECTED)).isGreaterThan(30);
  }

  @Test
  void kmsGenerateDataKey_alwaysThrottledSharedSmallBudget_failsFastAcrossClients() {
    String keyId = AWS.createKmsKey();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.GenerateDataKey", 1.0, Fault.kmsThrottling());
    RetryBudget budget = RetryBudget.ofCapacity(30);
    CirrusRetryStrategy strategy = CirrusRetryStrategy.create(fast().maxAttempts(10).budget(budget).build());
    KmsClient first = AWS.closeAfterTest(AWS.clients(proxy).kmsBuilder()
        .overrideConfiguration(o -> o.retryStrategy(strategy)).build());
    KmsClient second = AWS.closeAfterTest(AWS.clients(proxy).kmsBuilder()
        .overrideConfiguration(o -> o.retryStrategy(strategy)).build());

    List<Throwable> failures = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      KmsClient kms = i % 2 == 0 ? first : second;
      failures.add(catchThrowable(() -> kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256))));
    }

    // 30 tokens = 6 retries in total, then every call is a single attempt: 10 calls + 6 retries.
    assertThat(failures).allMatch(f -> f instanceof KmsException && ((KmsException) f).statusCode() == 400);
    assertThat(failures).allMatch(f -> CirrusRetryStrategy.budgetExhaustion(f) != null);
    assertThat(CirrusRetryStrategy.budgetExhaustion(failures.get(0)).attempts()).isEqualTo(7);
    assertThat(CirrusRetryStrategy.budgetExhaustion(failures.get(9)).attempts()).isEqualTo(1);
    assertThat(proxy.count("KMS.GenerateDataKey")).isEqualTo(16);
    assertThat(budget.availableTokens()).isZero();
  }

  @Test
  void s3PutObject_halfSlowDown_allComplete() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("S3.PutObject", 0.5, Fault.s3SlowDown());
    CirrusRetryStrategy strategy = CirrusRetryStrategy.create(fast().maxAttempts(20).budget(RetryBudget.create()).build());
    S3Client s3 = AWS.closeAfterTest(AWS.clients(proxy).s3Builder()
        .overrideConfiguration(o -> o.retryStrategy(strategy)).build());

    for (int i = 0; i < 60; i++) {
      String key = "k" + i;
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("body " + key));
    }

    assertThat(AWS.s3().listObjectsV2(b -> b.bucket(bucket)).keyCount()).isEqualTo(60);
    assertThat(proxy.count("S3.PutObject", Outcome.ERROR_INJECTED)).isGreaterThan(15);
  }

  @Test
  void s3PutObject_alwaysSlowDownSmallBudget_failsFastWith503() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("S3.PutObject", 1.0, Fault.throttle());
    CirrusRetryStrategy strategy = CirrusRetryStrategy.create(fast().maxAttempts(10)
        .budget(RetryBudget.ofCapacity(10)).build());
    S3Client s3 = AWS.closeAfterTest(AWS.clients(proxy).s3Builder()
        .overrideConfiguration(o -> o.retryStrategy(strategy)).build());

    Throwable f = catchThrowable(() -> s3.putObject(b -> b.bucket(bucket).key("x"), RequestBody.fromString("x")));

    assertThat(f).isInstanceOf(S3Exception.class);
    assertThat(((S3Exception) f).statusCode()).isEqualTo(503);
    assertThat(((S3Exception) f).awsErrorDetails().errorCode()).isEqualTo("SlowDown");
    RetryBudgetExhaustedException exhausted = CirrusRetryStrategy.budgetExhaustion(f);
    assertThat(exhausted.attempts()).isEqualTo(3);
    assertThat(proxy.count("S3.PutObject")).isEqualTo(3);
  }

  @Test
  void dynamoDbAsyncClient_halfThrottledConcurrent_allComplete() {
    String table = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.PutItem", 0.5, Fault.throttle());
    RetryBudget budget = RetryBudget.create();
    CirrusRetryStrategy strategy = CirrusRetryStrategy.create(fast().maxAttempts(20).budget(budget).build());
    DynamoDbAsyncClient ddb = AWS.closeAfterTest(AWS.clients(proxy).dynamoDbAsyncBuilder()
        .overrideConfiguration(o -> o.retryStrategy(strategy)).build());

    List<CompletableFuture<?>> puts = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      String pk = "item-" + i;
      puts.add(ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk)))));
    }
    CompletableFuture.allOf(puts.toArray(new CompletableFuture<?>[0])).join();

    assertThat(proxy.count("DynamoDB.PutItem", Outcome.FORWARDED)).isEqualTo(100);
    assertThat(budget.availableTokens()).isEqualTo(budget.capacity());
  }

  @Test
  void dynamoDbAsyncClient_alwaysThrottledSmallBudget_futureFailsWithServiceException() {
    String table = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.PutItem", 1.0, Fault.throttle());
    CirrusRetryStrategy strategy = CirrusRetryStrategy.create(fast().maxAttempts(10)
        .budget(RetryBudget.ofCapacity(10)).build());
    DynamoDbAsyncClient ddb = AWS.closeAfterTest(AWS.clients(proxy).dynamoDbAsyncBuilder()
        .overrideConfiguration(o -> o.retryStrategy(strategy)).build());

    Throwable f = catchThrowable(() -> ddb.putItem(b -> b.tableName(table)
        .item(Map.of("pk", AttributeValue.fromS("a")))).join());

    assertThat(f).isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(ProvisionedThroughputExceededException.class);
    assertThat(CirrusRetryStrategy.budgetExhaustion(f).attempts()).isEqualTo(3);
    assertThat(proxy.count("DynamoDB.PutItem")).isEqualTo(3);
  }

  @Test
  void policyCallAsync_s3AsyncUploadWithoutSdkRetries_slowDownsRetriedByPolicy() throws Exception {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("S3.PutObject", Fault.s3SlowDown(), Fault.s3InternalError(), null);
    S3AsyncClient s3 = AWS.closeAfterTest(AWS.clients(proxy).s3AsyncBuilder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    List<ErrorKind> kinds = new CopyOnWriteArrayList<>();
    RetryPolicy policy = fast().maxAttempts(5).addListener(new RetryListener() {
      @Override
      public void onRetryScheduled(int attempt, Throwable failure, ErrorKind kind, Duration delay) {
        kinds.add(kind);
      }
    }).build();
    try {
      policy.callAsync(bucket + "/part", () -> s3.putObject(b -> b.bucket(bucket).key("part"),
          AsyncRequestBody.fromString("data")), scheduler).get(30, TimeUnit.SECONDS);
    } finally {
      scheduler.shutdownNow();
    }

    assertThat(kinds).containsExactly(ErrorKind.THROTTLING, ErrorKind.TRANSIENT);
    assertThat(proxy.count("S3.PutObject")).isEqualTo(3);
    assertThat(AWS.s3().getObjectAsBytes(b -> b.bucket(bucket).key("part")).asUtf8String()).isEqualTo("data");
  }

  @Test
  void retryAfterHeader_fromServer_raisesDelayWithinBound() {
    String table = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    String body = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ThrottlingException\",\"message\":\"slow\"}";
    proxy.injectSequence("DynamoDB.PutItem",
        Fault.error(400, "Bad Request", List.of(Map.entry("Content-Type", "application/x-amz-json-1.0"),
            Map.entry("x-amzn-ErrorType", "ThrottlingException"), Map.entry("x-amz-retry-after", "250")), body),
        Fault.error(400, "Bad Request", List.of(Map.entry("Content-Type", "application/x-amz-json-1.0"),
            Map.entry("x-amzn-ErrorType", "ThrottlingException"), Map.entry("Retry-After", "3600")), body),
        null);
    List<Duration> delays = new CopyOnWriteArrayList<>();
    CirrusRetryStrategy strategy = CirrusRetryStrategy.create(fast().maxAttempts(5)
        .maxRetryAfter(Duration.ofMillis(400)).addListener(new RetryListener() {
          @Override
          public void onRetryScheduled(int attempt, Throwable failure, ErrorKind kind, Duration delay) {
            delays.add(delay);
          }
        }).build());
    var ddb = AWS.closeAfterTest(AWS.clients(proxy).dynamoDbBuilder()
        .overrideConfiguration(o -> o.retryStrategy(strategy)).build());

    ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("a"),
        "b", AttributeValue.fromB(SdkBytes.fromUtf8String("x")))));

    assertThat(delays).containsExactly(Duration.ofMillis(250), Duration.ofMillis(400));
  }

  @Test
  void connectionReset_transient_retried() {
    String table = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.PutItem", Fault.connectionReset(), null);
    CirrusRetryStrategy strategy = CirrusRetryStrategy.create(fast().build());
    var ddb = AWS.closeAfterTest(AWS.clients(proxy).dynamoDbBuilder()
        .overrideConfiguration(o -> o.retryStrategy(strategy)).build());

    ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("a"))));

    assertThat(proxy.count("DynamoDB.PutItem", Outcome.CONNECTION_RESET)).isEqualTo(1);
    assertThat(proxy.count("DynamoDB.PutItem", Outcome.FORWARDED)).isEqualTo(1);
  }
}
