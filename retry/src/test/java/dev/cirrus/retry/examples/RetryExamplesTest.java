package dev.cirrus.retry.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.ErrorKind;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryListener;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.s3.S3AsyncClient;

class RetryExamplesTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  @Test
  void saveOrder_oneFailureOnEachCall_everyCallRetriedOnceAndBudgetRefunded() throws Exception {
    String table = createTable();
    String bucket = AWS.createBucket();
    AWS.dynamoDb().putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("draft-o1"))));
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.PutItem", Fault.throttle(), null);
    proxy.injectSequence("DynamoDB.DeleteItem", Fault.serverError(), null);
    proxy.injectSequence("S3.PutObject", Fault.s3SlowDown(), null);
    AwsClients via = AWS.clients(proxy);
    DynamoDbClient ddb = AWS.closeAfterTest(via.dynamoDbBuilder()
        .overrideConfiguration(o -> o.retryStrategy(RetryExamples.noSdkRetries())).build());
    S3AsyncClient s3 = AWS.closeAfterTest(via.s3AsyncBuilder()
        .overrideConfiguration(o -> o.retryStrategy(RetryExamples.noSdkRetries())).build());
    RetryBudget budget = RetryBudget.create();
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.create();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    RetryExamples.SavedOrder saved;
    try {
      saved = RetryExamples.saveOrder(ddb, s3, table, bucket, "o1", "order o1", scheduler, budget, limiter)
          .get(60, TimeUnit.SECONDS);
    } finally {
      scheduler.shutdownNow();
    }

    assertThat(saved.item().sdkHttpResponse().isSuccessful()).isTrue();
    assertThat(saved.document().eTag()).isNotBlank();
    assertThat(proxy.count("DynamoDB.PutItem")).isEqualTo(2);
    assertThat(proxy.count("DynamoDB.DeleteItem")).isEqualTo(2);
    assertThat(proxy.count("S3.PutObject")).isEqualTo(2);
    assertThat(AWS.dynamoDb().getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("o1"))))
        .hasItem()).isTrue();
    assertThat(AWS.dynamoDb().getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("draft-o1"))))
        .hasItem()).isFalse();
    assertThat(AWS.s3().getObjectAsBytes(b -> b.bucket(bucket).key("orders/o1")).asUtf8String())
        .isEqualTo("order o1");
    // the throttles slowed down their own keys only; the 500 on the clean-up is not a throttle
    assertThat(limiter.ratePerSecond(table)).isFinite();
    assertThat(limiter.ratePerSecond(bucket + "/orders")).isFinite();
    assertThat(limiter.ratePerSecond(AdaptiveRateLimiter.DEFAULT_KEY)).isInfinite();
    // every call succeeded, so everything its retries spent is refunded
    assertThat(budget.availableTokens()).isEqualTo(budget.capacity());
  }

  @Test
  void dynamoDbClient_throttledPuts_stored() {
    String table = createTable();
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.PutItem", Fault.throttle(), null);
    DynamoDbClient ddb = AWS.closeAfterTest(RetryExamples.dynamoDbClient(AWS.clients(proxy).dynamoDbBuilder()));

    assertThat(RetryExamples.put(ddb, table, "a")).isEqualTo("stored");
    assertThat(proxy.count("DynamoDB.PutItem")).isEqualTo(2);
  }

  @Test
  void kmsClientForKey_generateDataKey_works() {
    String keyId = AWS.createKmsKey();
    KmsClient kms = AWS.closeAfterTest(RetryExamples.kmsClientForKey(AWS.clients().kmsBuilder(), keyId,
        RetryPolicy.defaults()));

    assertThat(kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256)).plaintext().asByteArray())
        .hasSize(32);
  }

  @Test
  void putPart_slowDownOnce_retriedAndCountedByListener() throws Exception {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("S3.PutObject", Fault.s3SlowDown(), null);
    S3AsyncClient s3 = AWS.closeAfterTest(AWS.clients(proxy).s3AsyncBuilder()
        .overrideConfiguration(o -> o.retryStrategy(RetryExamples.noSdkRetries())).build());
    List<ErrorKind> retries = new CopyOnWriteArrayList<>();
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    try {
      RetryExamples.putPart(s3, bucket, "part-1", "data", scheduler, new RetryListener() {
        @Override
        public void onRetryScheduled(int attempt, Throwable failure, ErrorKind kind, Duration delay) {
          retries.add(kind);
        }
      }).get(30, TimeUnit.SECONDS);
    } finally {
      scheduler.shutdownNow();
    }

    assertThat(retries).containsExactly(ErrorKind.THROTTLING);
    assertThat(AWS.s3().getObjectAsBytes(b -> b.bucket(bucket).key("part-1")).asUtf8String()).isEqualTo("data");
  }

  @Test
  void countingClient_500OnCounterAndOnPut_counterNotResentPutResent() {
    String table = createTable();
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.UpdateItem", Fault.serverError());
    proxy.injectSequence("DynamoDB.PutItem", Fault.serverError());
    DynamoDbClient ddb = AWS.closeAfterTest(RetryExamples.countingClient(AWS.clients(proxy).dynamoDbBuilder(),
        RetryPolicy.builder().backoff(dev.cirrus.retry.Backoff.none()).build()));

    Throwable counter = org.assertj.core.api.Assertions.catchThrowable(() -> ddb.updateItem(b -> b.tableName(table)
        .key(Map.of("pk", AttributeValue.fromS("c"))).updateExpression("ADD n :one")
        .expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1")))));
    ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("p"))));

    assertThat(counter).isInstanceOf(software.amazon.awssdk.services.dynamodb.model.DynamoDbException.class);
    assertThat(proxy.count("DynamoDB.UpdateItem")).isEqualTo(1);
    assertThat(proxy.count("DynamoDB.PutItem")).isEqualTo(2);
  }

  @Test
  void addToCounter_throttledOnce_retriedAndCountedOnce() {
    String table = createTable();
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.UpdateItem", Fault.throttle());
    DynamoDbClient ddb = AWS.closeAfterTest(AWS.clients(proxy).dynamoDbBuilder()
        .overrideConfiguration(o -> o.retryStrategy(RetryExamples.noSdkRetries())).build());

    long n = RetryExamples.addToCounter(ddb, table, "c", RetryPolicy.builder()
        .backoff(dev.cirrus.retry.Backoff.none()).build());

    assertThat(n).isEqualTo(1);
    assertThat(proxy.count("DynamoDB.UpdateItem")).isEqualTo(2);
  }

  private static String createTable() {
    String table = AWS.uniqueName("ex");
    AWS.dynamoDb().createTable(b -> b.tableName(table)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
    return table;
  }
}
