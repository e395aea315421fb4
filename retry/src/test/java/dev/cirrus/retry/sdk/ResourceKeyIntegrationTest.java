package dev.cirrus.retry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

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
  void staleResourceKey_requestFailedBeforeRetryStage_nextRequestOfClientWithoutInterceptorUsesDefaultKey() {
    String stale = SdkTestSupport.createTable(AWS);
    String hot = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.PutItem", Fault.throttle(), null);
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.create();
    CirrusRetryStrategy strategy = strategy(limiter);
    ExecutionInterceptor failsBeforeSending = new ExecutionInterceptor() {
      @Override
      public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes executionAttributes) {
        throw new IllegalStateException("refused before the retry stage");
      }
    };
    DynamoDbClient withInterceptor = AWS.closeAfterTest(AwsClients.amend(AWS.clients(proxy).dynamoDbBuilder(),
        o -> strategy.applyTo(o).addExecutionInterceptor(failsBeforeSending)).build());
    DynamoDbClient withoutInterceptor = AWS.closeAfterTest(AwsClients.amend(AWS.clients(proxy).dynamoDbBuilder(),
        o -> o.retryStrategy(strategy)).build());

    Throwable refused = catchThrowable(() -> withInterceptor.putItem(put(stale)));
    withoutInterceptor.putItem(put(hot));

    assertThat(refused).hasMessageContaining("refused before the retry stage");
    assertThat(limiter.ratePerSecond(AdaptiveRateLimiter.DEFAULT_KEY)).isFinite();
    assertThat(limiter.ratePerSecond("TableName=" + stale)).isInfinite();
    assertThat(proxy.count("DynamoDB.PutItem")).isEqualTo(2);
  }

  @Test
  void staleResourceKey_requestFailedInPipelineBeforeRetryStage_nextRequestOfClientWithoutInterceptorUsesDefaultKey() {
    String bucket = AWS.createBucket();
    String hot = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.PutItem", Fault.throttle(), null);
    AdaptiveRateLimiter limiter = AdaptiveRateLimiter.create();
    CirrusRetryStrategy strategy = strategy(limiter);
    S3Client s3 = AWS.closeAfterTest(AwsClients.amend(AWS.clients(proxy).s3Builder(), strategy::applyTo).build());
    DynamoDbClient withoutInterceptor = AWS.closeAfterTest(AwsClients.amend(AWS.clients(proxy).dynamoDbBuilder(),
        o -> o.retryStrategy(strategy)).build());
    ContentStreamProvider unreadable = () -> {
      throw new UncheckedIOException(new IOException("body cannot be read"));
    };

    Throwable refused = catchThrowable(() -> s3.putObject(b -> b.bucket(bucket).key("k")
        .checksumAlgorithm(ChecksumAlgorithm.CRC32), RequestBody.fromContentProvider(unreadable, 4, "text/plain")));
    withoutInterceptor.putItem(put(hot));

    assertThat(refused).hasStackTraceContaining("body cannot be read");
    assertThat(proxy.count("S3.PutObject")).isZero();
    assertThat(limiter.ratePerSecond(AdaptiveRateLimiter.DEFAULT_KEY)).isFinite();
    assertThat(limiter.ratePerSecond("Bucket=" + bucket)).isInfinite();
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
