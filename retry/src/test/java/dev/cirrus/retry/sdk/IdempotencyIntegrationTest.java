package dev.cirrus.retry.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryListener;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.ProxyResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/** Non-idempotent requests through real SDK clients: a 500 after the server acted is not retried, a throttle is. */
class IdempotencyIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  /** Forwards the request, so the server applies it, then answers DynamoDB's 500 as if it had failed. */
  private static final Fault EXECUTED_THEN_500 = Fault.intercept("executedThen500", (request, upstream) -> {
    upstream.forward(request);
    return new ProxyResponse(500, "Internal Server Error", List.of(
        Map.entry("Content-Type", "application/x-amz-json-1.0"),
        Map.entry("x-amzn-ErrorType", "InternalServerError:")),
        "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":\"Internal server error\"}"
            .getBytes(StandardCharsets.UTF_8));
  });

  /** Counters (UpdateItem with ADD) are not idempotent; everything else the tests send is. */
  private static boolean idempotent(SdkRequest request) {
    return !(request instanceof UpdateItemRequest update && update.updateExpression().contains("ADD"));
  }

  private static RetryPolicy.Builder fastPolicy() {
    return RetryPolicy.builder().maxAttempts(3).backoff(Backoff.fixed(Duration.ofMillis(1)));
  }

  private static DynamoDbClient client(FaultProxy proxy, CirrusRetryStrategy strategy) {
    return AWS.closeAfterTest(AwsClients.amend(AWS.clients(proxy).dynamoDbBuilder(), strategy::applyTo).build());
  }

  private static void increment(DynamoDbClient ddb, String table) {
    ddb.updateItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("counter")))
        .updateExpression("ADD n :one").expressionAttributeValues(Map.of(":one", AttributeValue.fromN("1"))));
  }

  private static String counter(String table) {
    return AWS.dynamoDb().getItem(b -> b.tableName(table).key(Map.of("pk", AttributeValue.fromS("counter"))))
        .item().get("n").n();
  }

  @Test
  void updateItemAdd_idempotentByDefault_500AfterExecutingAppliesTwice() {
    String table = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.UpdateItem", EXECUTED_THEN_500);
    DynamoDbClient ddb = client(proxy, CirrusRetryStrategy.create(fastPolicy().build()));

    increment(ddb, table);

    assertThat(proxy.count("DynamoDB.UpdateItem")).isEqualTo(2);
    assertThat(counter(table)).isEqualTo("2");
  }

  @Test
  void updateItemAdd_notIdempotentRequest_500NotRetriedCounterOnce() {
    String table = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.UpdateItem", EXECUTED_THEN_500);
    DynamoDbClient ddb = client(proxy, CirrusRetryStrategy.builder().policy(fastPolicy().build())
        .idempotentRequests(IdempotencyIntegrationTest::idempotent).build());

    DynamoDbException e = catchThrowableOfType(DynamoDbException.class, () -> increment(ddb, table));

    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InternalServerError");
    assertThat(proxy.count("DynamoDB.UpdateItem")).isEqualTo(1);
    assertThat(counter(table)).isEqualTo("1");
  }

  @Test
  void updateItemAdd_notIdempotentRequest_throttleRetried() {
    String table = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.UpdateItem", Fault.throttle(), Fault.dynamoDbThrottling());
    DynamoDbClient ddb = client(proxy, CirrusRetryStrategy.builder().policy(fastPolicy().build())
        .idempotentRequests(IdempotencyIntegrationTest::idempotent).build());

    increment(ddb, table);

    assertThat(proxy.count("DynamoDB.UpdateItem")).isEqualTo(3);
    assertThat(counter(table)).isEqualTo("1");
  }

  @Test
  void putItem_idempotentRequestOnSameClient_500Retried() {
    String table = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.PutItem", Fault.serverError());
    DynamoDbClient ddb = client(proxy, CirrusRetryStrategy.builder().policy(fastPolicy().build())
        .idempotentRequests(IdempotencyIntegrationTest::idempotent).build());

    ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("a"))));

    assertThat(proxy.count("DynamoDB.PutItem")).isEqualTo(2);
  }

  @Test
  void updateItemAdd_notIdempotentPolicy_connectionResetNotRetried() {
    String table = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.UpdateItem", Fault.connectionReset());
    DynamoDbClient ddb = client(proxy, CirrusRetryStrategy.create(fastPolicy().idempotent(false).build()));

    Throwable thrown = catchThrowable(() -> increment(ddb, table));

    assertThat(thrown).isInstanceOf(SdkClientException.class);
    assertThat(proxy.count("DynamoDB.UpdateItem")).isEqualTo(1);
  }

  @Test
  void predicateWithoutInterceptor_requestNotSeen_treatedAsNotIdempotent() {
    String table = SdkTestSupport.createTable(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.injectSequence("DynamoDB.PutItem", Fault.serverError());
    CirrusRetryStrategy strategy = CirrusRetryStrategy.builder().policy(fastPolicy().build())
        .idempotentRequests(IdempotencyIntegrationTest::idempotent).build();
    DynamoDbClient ddb = AWS.closeAfterTest(AwsClients.amend(AWS.clients(proxy).dynamoDbBuilder(),
        o -> o.retryStrategy(strategy)).build());

    DynamoDbException e = catchThrowableOfType(DynamoDbException.class,
        () -> ddb.putItem(b -> b.tableName(table).item(Map.of("pk", AttributeValue.fromS("a")))));

    assertThat(e.statusCode()).isEqualTo(500);
    assertThat(proxy.count("DynamoDB.PutItem")).isEqualTo(1);
  }

  @Test
  void notIdempotentPolicy_connectionRefused_retriedToMaxAttempts() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    AtomicInteger attempts = new AtomicInteger();
    RetryPolicy policy = fastPolicy().idempotent(false).addListener(new RetryListener() {
      @Override
      public void onAttempt(int attempt) {
        attempts.incrementAndGet();
      }
    }).build();
    DynamoDbClient ddb = AWS.closeAfterTest(AwsClients.configure(DynamoDbClient.builder(),
        URI.create("http://127.0.0.1:" + closedPort))
        .overrideConfiguration(o -> o.retryStrategy(CirrusRetryStrategy.create(policy))).build());

    Throwable thrown = catchThrowable(() -> increment(ddb, "counters"));

    assertThat(thrown).isInstanceOf(SdkClientException.class).hasRootCauseInstanceOf(java.net.ConnectException.class);
    assertThat(attempts).hasValue(3);
  }
}
