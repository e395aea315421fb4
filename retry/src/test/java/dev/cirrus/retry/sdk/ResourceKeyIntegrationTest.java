package dev.cirrus.retry.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

class ResourceKeyIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  private static CirrusRetryStrategy strategy(AdaptiveRateLimiter limiter) {
    return CirrusRetryStrategy.builder()
        .policy(RetryPolicy.builder().rateLimiter(limiter).backoff(Backoff.fixed(Duration.ofMillis(1))).build())
        .resourceKeys(CirrusRetryStrategy.awsResourceKeys())
        .build();
  }

  private static PutItemRequest put(String table) {
    return PutItemRequest.builder().tableName(table).item(Map.of("pk", AttributeValue.fromS("a"))).build();
  }

  @Test
  void syncClient_throttledTable_onlyThatTableLimited() {
    String hot = SdkTestSupport.createTable(AWS);
    String cold = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.PutItem", Fault.throttle(), null, null);
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.create();
    CirrusRetryStrategy strategy = strategy(limiter);
    DynamoDbClient ddb = AWS.closeAfterTest(AWS.clients(proxy).dynamoDbBuilder()
        .overrideConfiguration(strategy::applyTo).build());

    ddb.putItem(put(hot));
    ddb.putItem(put(cold));

    assertThat(limiter.ratePerSecond("TableName=" + hot)).isFinite();
    assertThat(limiter.ratePerSecond("TableName=" + cold)).isInfinite();
    assertThat(limiter.ratePerSecond(AdaptiveRateLimiter.DEFAULT_KEY)).isInfinite();
  }

  @Test
  void asyncClient_throttledTable_onlyThatTableLimited() {
    String hot = SdkTestSupport.createTable(AWS);
    String cold = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.PutItem", Fault.throttle(), null, null);
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.create();
    CirrusRetryStrategy strategy = strategy(limiter);
    DynamoDbAsyncClient ddb = AWS.closeAfterTest(AWS.clients(proxy).dynamoDbAsyncBuilder()
        .overrideConfiguration(strategy::applyTo).build());

    ddb.putItem(put(hot)).join();
    ddb.putItem(put(cold)).join();

    assertThat(limiter.ratePerSecond("TableName=" + hot)).isFinite();
    assertThat(limiter.ratePerSecond("TableName=" + cold)).isInfinite();
    assertThat(limiter.ratePerSecond(AdaptiveRateLimiter.DEFAULT_KEY)).isInfinite();
  }

  @Test
  void awsResourceKeys_requestsOfEachService_fieldAndValue() {
    var keys = CirrusRetryStrategy.awsResourceKeys();
    assertThat(keys.apply(put("orders"))).isEqualTo("TableName=orders");
    assertThat(keys.apply(software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest.builder().keyId("k-1")
        .build())).isEqualTo("KeyId=k-1");
    assertThat(keys.apply(software.amazon.awssdk.services.s3.model.PutObjectRequest.builder().bucket("b")
        .key("x").build())).isEqualTo("Bucket=b");
    assertThat(keys.apply(software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest.builder().build()))
        .isNull();
  }
}
