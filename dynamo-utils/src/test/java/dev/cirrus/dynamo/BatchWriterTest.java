package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cirrus.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Pure unit tests with a scripted in-memory client; the service behaviour is covered by the integration test. */
class BatchWriterTest {
  private static final ItemValidator KEYS = ItemValidator.forTable("pk");

  /** Records requests; answers with the last {@code unprocessedPerCall.get(n)} items of the n-th request unprocessed. */
  private static final class ScriptedClient implements DynamoDbClient {
    final List<List<WriteRequest>> requests = new CopyOnWriteArrayList<>();
    final List<Integer> unprocessedPerCall;

    ScriptedClient(List<Integer> unprocessedPerCall) {
      this.unprocessedPerCall = unprocessedPerCall;
    }

    @Override
    public synchronized BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
      List<WriteRequest> sent = request.requestItems().get("t");
      int n = requests.size();
      requests.add(sent);
      int back = n < unprocessedPerCall.size() ? Math.min(unprocessedPerCall.get(n), sent.size()) : 0;
      Map<String, List<WriteRequest>> unprocessed = new HashMap<>();
      if (back > 0) {
        unprocessed.put("t", sent.subList(sent.size() - back, sent.size()));
      }
      return BatchWriteItemResponse.builder().unprocessedItems(unprocessed)
          .consumedCapacity(ConsumedCapacity.builder().tableName("t").capacityUnits((double) (sent.size() - back)).build())
          .build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {
    }
  }

  private static List<WriteOperation> puts(int n) {
    List<WriteOperation> ops = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ops.add(WriteOperation.put(Map.of("pk", AttributeValue.fromS("k" + i))));
    }
    return ops;
  }

  @Test
  void write_60Operations_threeRequestsOfAtMost25() {
    ScriptedClient client = new ScriptedClient(List.of());
    BatchWriteResult r = BatchWriter.builder().client(client).tableName("t").keySchema(KEYS).maxParallelRequests(1)
        .build().write(puts(60));
    assertThat(client.requests).extracting(List::size).containsExactly(25, 25, 10);
    assertThat(r).isEqualTo(new BatchWriteResult(60, 0, 3, 0, 60.0));
  }

  @Test
  void write_unprocessedItems_resentWithExactBackoffDelays() {
    ScriptedClient client = new ScriptedClient(List.of(10, 4, 1));
    List<Long> sleeps = new ArrayList<>();
    BatchWriteResult r = BatchWriter.builder().client(client).tableName("t").keySchema(KEYS)
        .backoff(Backoff.exponential(Duration.ofMillis(10), Duration.ofMillis(25))).sleeper(sleeps::add)
        .build().write(puts(20));
    assertThat(client.requests).extracting(List::size).containsExactly(20, 10, 4, 1);
    assertThat(sleeps).containsExactly(10_000_000L, 20_000_000L, 25_000_000L);
    assertThat(r.resends()).isEqualTo(3);
    assertThat(r.consumedCapacityUnits()).isEqualTo(20.0);
  }

  @Test
  void write_stillUnprocessedAtLastAttempt_reportsExactlyThoseItems() {
    ScriptedClient client = new ScriptedClient(List.of(3, 3, 3));
    List<WriteOperation> ops = puts(5);
    assertThatThrownBy(() -> BatchWriter.builder().client(client).tableName("t").keySchema(KEYS)
        .backoff(Backoff.none()).maxAttemptsPerBatch(3).build().write(ops))
        .isInstanceOfSatisfying(BatchWriteIncompleteException.class, e ->
            assertThat(e.unprocessedOperations()).containsExactlyElementsOf(ops.subList(2, 5)))
        .hasMessage("3 of 5 write operations to table t were not written (still unprocessed after the last attempt)");
  }

  @Test
  void write_duplicateKeys_neverInOneRequest() {
    ScriptedClient client = new ScriptedClient(List.of());
    List<WriteOperation> ops = new ArrayList<>(puts(30));
    ops.addAll(puts(30));
    BatchWriteResult r = BatchWriter.builder().client(client).tableName("t").keySchema(KEYS).build().write(ops);
    assertThat(r.operationsSuperseded()).isEqualTo(30);
    assertThat(client.requests.stream().mapToInt(List::size).sum()).isEqualTo(30);
  }

  @Test
  void write_numberKeysEqualInValue_collapsedLikeDynamoDbCompares() {
    ScriptedClient client = new ScriptedClient(List.of());
    WriteOperation last = WriteOperation.put(Map.of("pk", AttributeValue.fromN("10E-1"), "v", AttributeValue.fromS("c")));
    List<WriteOperation> ops = List.of(
        WriteOperation.put(Map.of("pk", AttributeValue.fromN("1"), "v", AttributeValue.fromS("a"))),
        WriteOperation.put(Map.of("pk", AttributeValue.fromN("1.00"), "v", AttributeValue.fromS("b"))),
        last);
    BatchWriteResult r = BatchWriter.builder().client(client).tableName("t").keySchema(KEYS).build().write(ops);
    assertThat(client.requests).hasSize(1);
    assertThat(client.requests.get(0)).containsExactly(last.toWriteRequest());
    assertThat(r.operationsWritten()).isEqualTo(1);
    assertThat(r.operationsSuperseded()).isEqualTo(2);
  }

  @Test
  void write_itemOver400Kb_rejectedBeforeAnyRequest() {
    ScriptedClient client = new ScriptedClient(List.of());
    List<WriteOperation> ops = new ArrayList<>(puts(3));
    ops.add(WriteOperation.put(Map.of("pk", AttributeValue.fromS("big"), "d", AttributeValue.fromS("x".repeat(409_600)))));
    assertThatThrownBy(() -> BatchWriter.builder().client(client).tableName("t").keySchema(KEYS).build().write(ops))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("item: item size must be at most 409600 bytes, was 409606");
    assertThat(client.requests).isEmpty();
  }

  /** Throws the scripted exceptions first (null = answer normally). */
  private static final class FailingClient implements DynamoDbClient {
    final List<RuntimeException> failures;
    int calls;

    FailingClient(List<RuntimeException> failures) {
      this.failures = failures;
    }

    @Override
    public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
      int n = calls++;
      if (n < failures.size() && failures.get(n) != null) {
        throw failures.get(n);
      }
      return BatchWriteItemResponse.builder().build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {
    }
  }

  private static RuntimeException serviceError(String code, int status) {
    return software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder().statusCode(status)
        .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder().errorCode(code)
            .errorMessage(code).build()).build();
  }

  @Test
  void write_throttledThenOk_retriedAfterBackoff() {
    FailingClient client = new FailingClient(List.of(serviceError("ProvisionedThroughputExceededException", 400),
        serviceError("InternalServerError", 500)));
    List<Long> sleeps = new ArrayList<>();
    BatchWriteResult r = BatchWriter.builder().client(client).tableName("t").keySchema(KEYS)
        .backoff(Backoff.fixed(Duration.ofMillis(7))).sleeper(sleeps::add).build().write(puts(3));
    assertThat(client.calls).isEqualTo(3);
    assertThat(sleeps).containsExactly(7_000_000L, 7_000_000L);
    assertThat(r.operationsWritten()).isEqualTo(3);
    assertThat(r.resends()).isEqualTo(2);
  }

  @Test
  void write_validationError_notRetried() {
    RuntimeException bad = serviceError("ValidationException", 400);
    FailingClient client = new FailingClient(List.of(bad));
    List<WriteOperation> ops = puts(2);
    assertThatThrownBy(() -> BatchWriter.builder().client(client).tableName("t").keySchema(KEYS)
        .sleeper(n -> { throw new AssertionError("must not sleep"); }).build().write(ops))
        .isInstanceOfSatisfying(BatchWriteIncompleteException.class, e -> {
          assertThat(e.unprocessedOperations()).containsExactlyElementsOf(ops);
          assertThat(e.getCause()).isSameAs(bad);
        });
    assertThat(client.calls).isEqualTo(1);
  }

  @Test
  void write_interruptedDuringBackoff_reportsPendingAndKeepsInterruptFlag() {
    FailingClient client = new FailingClient(List.of(serviceError("ThrottlingException", 400)));
    List<WriteOperation> ops = puts(2);
    try {
      assertThatThrownBy(() -> BatchWriter.builder().client(client).tableName("t").keySchema(KEYS)
          .sleeper(n -> { throw new InterruptedException("stop"); }).build().write(ops))
          .isInstanceOfSatisfying(BatchWriteIncompleteException.class, e ->
              assertThat(e.unprocessedOperations()).containsExactlyElementsOf(ops))
          .hasCauseInstanceOf(InterruptedException.class);
      assertThat(Thread.currentThread().isInterrupted()).isTrue();
    } finally {
      Thread.interrupted();
    }
  }

  @Test
  void write_callerInterruptedWhileParallelBatchesRun_reportsExactlyTheUnwrittenAndKeepsInterruptFlag() {
    ScriptedClient client = new ScriptedClient(List.of());
    List<WriteOperation> ops = puts(100);
    BatchWriter writer = BatchWriter.builder().client(client).tableName("t").keySchema(KEYS).maxParallelRequests(2)
        .build();
    Throwable thrown;
    boolean interrupted;
    Thread.currentThread().interrupt();
    try {
      thrown = catchThrowable(() -> writer.write(ops));
    } finally {
      interrupted = Thread.interrupted();
    }
    assertThat(interrupted).isTrue();
    List<WriteOperation> sent = new ArrayList<>();
    client.requests.forEach(r -> r.forEach(w -> sent.add(WriteOperation.of(w))));
    if (thrown == null) {
      assertThat(sent).containsExactlyInAnyOrderElementsOf(ops);
      return;
    }
    assertThat(thrown).isInstanceOf(BatchWriteIncompleteException.class).hasCauseInstanceOf(InterruptedException.class);
    List<WriteOperation> unwritten = ((BatchWriteIncompleteException) thrown).unprocessedOperations();
    assertThat(unwritten).isNotEmpty().doesNotContainAnyElementsOf(sent);
    List<WriteOperation> all = new ArrayList<>(sent);
    all.addAll(unwritten);
    assertThat(all).containsExactlyInAnyOrderElementsOf(ops);
  }

  @Test
  void builder_badSettings_rejected() {
    assertThatThrownBy(() -> BatchWriter.builder().maxParallelRequests(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxParallelRequests must be between 1 and 256, was 0");
    assertThatThrownBy(() -> BatchWriter.builder().maxAttemptsPerBatch(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("maxAttemptsPerBatch must be between 1 and 100, was 0");
    assertThatThrownBy(() -> BatchWriter.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("client, tableName and keySchema must be set");
  }
}
