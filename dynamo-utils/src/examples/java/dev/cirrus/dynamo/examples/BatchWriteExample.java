package dev.cirrus.dynamo.examples;

import dev.cirrus.dynamo.BatchWriteIncompleteException;
import dev.cirrus.dynamo.BatchWriteResult;
import dev.cirrus.dynamo.BatchWriter;
import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.dynamo.WriteOperation;
import dev.cirrus.retry.Backoff;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Writes 10,000 items under throttling: the writer packs BatchWriteItem calls, re-sends throttled requests
 * and unprocessed items with jittered backoff, and reports whatever it finally could not write. Run by
 * {@code BatchWriteExampleTest} through a proxy that throttles 30% of requests.
 */
public final class BatchWriteExample {
  private BatchWriteExample() {}

  /** Writes {@code count} items to a table keyed by {@code pk} (S); returns the writer's account. */
  public static BatchWriteResult writeOrders(DynamoDbClient client, String table, int count) {
    List<WriteOperation> ops = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ops.add(WriteOperation.put(Map.of(
          "pk", AttributeValue.fromS("order-" + i),
          "amount", AttributeValue.fromN(Integer.toString(i % 500)))));
    }
    BatchWriter writer = BatchWriter.builder()
        .client(client)
        .tableName(table)
        .keySchema(ItemValidator.forTable("pk"))
        .maxParallelRequests(4)                                           // default 4
        .maxAttemptsPerBatch(12)                                          // default 10
        .backoff(Backoff.fullJitter(Duration.ofMillis(20), Duration.ofSeconds(2)))   // default 50 ms, 5 s
        .build();
    try {
      return writer.write(ops);                                           // any number of puts/deletes
    } catch (BatchWriteIncompleteException e) {
      // Nothing is dropped silently: these operations were never written; retry them later or park them.
      List<WriteOperation> unwritten = e.unprocessedOperations();         // exactly what was not written
      throw new IllegalStateException(unwritten.size() + " orders not written", e);
    }
  }
}
