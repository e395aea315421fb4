package dev.cirrus.retry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryBudgetExhaustedException;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class CirrusRetryStrategyIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  private static RetryPolicy.Builder fastPolicy() {
    return RetryPolicy.builder()
        .backoff(Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(5)));
  }

  @Test
  void dynamoDbPutItem_halfThrottled_all500Complete() {
    String table = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.PutItem", 0.5, Fault.throttle());
    RetryBudget budget = RetryBudget.create();
    CirrusRetryStrategy strategy = CirrusRetryStrategy.create(fastPolicy().maxAttempts(20).budget(budget).build());
    DynamoDbClient ddb = AWS.closeAfterTest(AWS.clients(proxy).dynamoDbBuilder()
        .overrideConfiguration(o -> o.retryStrategy(strategy)).build());

    for (int i = 0; i < 500; i++) {
      String pk = "item-" + i;
      ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS(pk))));
    }

    assertThat(AWS.dynamoDb().scan(b -> b.tableName(table)).count()).isEqualTo(500);
    assertThat(proxy.count("DynamoDB.PutItem", Outcome.FORWARDED)).isEqualTo(500);
    assertThat(proxy.count("DynamoDB.PutItem", Outcome.ERROR_INJECTED)).isGreaterThan(150);
    // Every call succeeded, and a success refunds everything its retries took.
    assertThat(budget.availableTokens()).isEqualTo(budget.capacity());
  }

  @Test
  void dynamoDbPutItem_alwaysThrottledSmallBudget_failsFastWithBoundedCalls() {
    String table = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.PutItem", 1.0, Fault.throttle());
    RetryBudget budget = RetryBudget.ofCapacity(20);
    CirrusRetryStrategy strategy = CirrusRetryStrategy.create(fastPolicy().maxAttempts(10).budget(budget).build());
    DynamoDbClient ddb = AWS.closeAfterTest(AWS.clients(proxy).dynamoDbBuilder()
        .overrideConfiguration(o -> o.retryStrategy(strategy)).build());

    Throwable first = catchThrowable(() -> ddb.putItem(b -> b.tableName(table)
        .item(Map.of("pk", AttributeValue.fromS("a"), "v", AttributeValue.fromB(SdkBytes.fromUtf8String("x"))))));
    Throwable second = catchThrowable(() -> ddb.putItem(b -> b.tableName(table)
        .item(Map.of("pk", AttributeValue.fromS("b")))));

    // 20 tokens pay for 4 throttled retries at 5 each: the first call makes 1 + 4 attempts, the second 1.
    assertThat(first).isInstanceOf(ProvisionedThroughputExceededException.class);
    RetryBudgetExhaustedException exhausted = CirrusRetryStrategy.budgetExhaustion(first);
    assertThat(exhausted).isNotNull();
    assertThat(exhausted.attempts()).isEqualTo(5);
    assertThat(exhausted.failures()).hasSize(5).allMatch(f -> f instanceof ProvisionedThroughputExceededException);
    assertThat(exhausted.availableTokens()).isZero();
    assertThat(exhausted.capacity()).isEqualTo(20);
    assertThat(exhausted.requiredTokens()).isEqualTo(5);
    assertThat(exhausted).hasMessageStartingWith("Retry budget exhausted after 5 attempts: a retry needs 5 tokens, 0 of 20 available");
    assertThat(CirrusRetryStrategy.budgetExhaustion(second).attempts()).isEqualTo(1);
    assertThat(proxy.count("DynamoDB.PutItem")).isEqualTo(6);
  }
}
