package dev.cirrus.benchmarks.dynamo;

import dev.cirrus.dynamo.BatchWriter;
import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.dynamo.WriteOperation;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.MotoServer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Time per item to write 500 ~200-byte items to moto (no faults), {@code impl=cirrus} through {@link BatchWriter}
 * (validation, duplicate collapse, packing, re-send loop; {@code maxParallelRequests=1} so both sides send
 * sequentially) against {@code impl=handLoop}: the usual hand-written loop of 25-item BatchWriteItem calls that
 * re-sends UnprocessedItems immediately, on the same client with the SDK's default retries. The difference is
 * Cirrus' per-item overhead; moto's own latency dominates both, so read the ratio, not the absolute numbers.
 *
 * <p>Recorded run (alone on the machine; starts moto itself):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.dynamo.BatchWriterBenchmark' \
 *     -f 1 -wi 3 -w 2s -i 5 -r 2s -rf json -rff benchmarks/target/jmh-dynamo-batchwriter.json
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class BatchWriterBenchmark {
  private static final int ITEMS = 500;

  @Param({"cirrus", "handLoop"})
  public String impl;

  private MotoServer server;
  private AwsClients clients;
  private DynamoDbClient client;
  private String table;
  private BatchWriter writer;
  private List<WriteOperation> operations;
  private List<WriteRequest> requests;

  @Setup(Level.Trial)
  public void setup() {
    server = MotoServer.start();
    clients = new AwsClients(server.endpoint());
    client = clients.dynamoDb();
    table = "bench-" + impl + "-" + System.nanoTime();
    client.createTable(r -> r.tableName(table)
        .attributeDefinitions(AttributeDefinition.builder().attributeName("pk").attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build())
        .billingMode(BillingMode.PAY_PER_REQUEST));
    writer = BatchWriter.builder().client(client).tableName(table).keySchema(ItemValidator.forTable("pk"))
        .maxParallelRequests(1).build();
    operations = new ArrayList<>();
    requests = new ArrayList<>();
    for (int i = 0; i < ITEMS; i++) {
      Map<String, AttributeValue> item = Map.of("pk", AttributeValue.fromS("item-" + i),
          "v", AttributeValue.fromN(Integer.toString(i)), "pad", AttributeValue.fromS("x".repeat(180)));
      operations.add(WriteOperation.put(item));
      requests.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    clients.close();
    server.close();
  }

  @Benchmark
  @OperationsPerInvocation(ITEMS)
  public long write() {
    if ("cirrus".equals(impl)) {
      return writer.write(operations).operationsWritten();
    }
    long written = 0;
    for (int from = 0; from < requests.size(); from += 25) {
      List<WriteRequest> pending = requests.subList(from, Math.min(from + 25, requests.size()));
      while (!pending.isEmpty()) {
        Map<String, List<WriteRequest>> batch = new HashMap<>();
        batch.put(table, pending);
        BatchWriteItemResponse resp = client.batchWriteItem(r -> r.requestItems(batch));
        List<WriteRequest> left = resp.unprocessedItems().getOrDefault(table, List.of());
        written += pending.size() - left.size();
        pending = left;
      }
    }
    return written;
  }
}
