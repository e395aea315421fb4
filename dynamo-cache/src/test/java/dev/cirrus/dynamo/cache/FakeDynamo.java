package dev.cirrus.dynamo.cache;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * An in-memory table with partition key {@code pk} (S), for unit tests: counts calls, records the requests, can
 * fail the next GetItems, and can hold a GetItem after it read until a latch opens (to race loads and writes).
 * UpdateItem understands {@code SET a = :x, b = :y} and a condition {@code attribute_exists(pk)}.
 */
final class FakeDynamo implements DynamoDbClient {
  private static final Pattern SET = Pattern.compile("([A-Za-z0-9_]+)\\s*=\\s*(:[A-Za-z0-9_]+)");

  final Map<String, Map<String, AttributeValue>> items = new ConcurrentHashMap<>();
  final AtomicInteger getItems = new AtomicInteger();
  final AtomicInteger batchGets = new AtomicInteger();
  final AtomicInteger queries = new AtomicInteger();
  final List<GetItemRequest> getRequests = java.util.Collections.synchronizedList(new ArrayList<>());
  final AtomicInteger failNextGets = new AtomicInteger();
  volatile CountDownLatch getRead;
  volatile CountDownLatch releaseGet;

  static Map<String, AttributeValue> key(String pk) {
    return Map.of("pk", AttributeValue.fromS(pk));
  }

  static Map<String, AttributeValue> item(String pk, int version) {
    return Map.of("pk", AttributeValue.fromS(pk), "v", AttributeValue.fromN(Integer.toString(version)),
        "name", AttributeValue.fromS("n" + version));
  }

  void store(String pk, int version) {
    items.put(pk, item(pk, version));
  }

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    getItems.incrementAndGet();
    getRequests.add(request);
    if (failNextGets.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("DynamoDB unavailable (test)");
    }
    Map<String, AttributeValue> item = items.get(request.key().get("pk").s());
    CountDownLatch read = getRead;
    CountDownLatch release = releaseGet;
    if (read != null && release != null) {
      read.countDown();
      await(release);
    }
    return item == null ? GetItemResponse.builder().build() : GetItemResponse.builder().item(item).build();
  }

  @Override
  public BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
    batchGets.incrementAndGet();
    Map<String, List<Map<String, AttributeValue>>> out = new HashMap<>();
    for (Map.Entry<String, KeysAndAttributes> e : request.requestItems().entrySet()) {
      List<Map<String, AttributeValue>> found = new ArrayList<>();
      for (Map<String, AttributeValue> k : e.getValue().keys()) {
        Map<String, AttributeValue> item = items.get(k.get("pk").s());
        if (item != null) {
          found.add(item);
        }
      }
      out.put(e.getKey(), found);
    }
    return BatchGetItemResponse.builder().responses(out).build();
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    items.put(request.item().get("pk").s(), request.item());
    return PutItemResponse.builder().build();
  }

  @Override
  public UpdateItemResponse updateItem(UpdateItemRequest request) {
    String pk = request.key().get("pk").s();
    Map<String, AttributeValue> old = items.get(pk);
    if ("attribute_exists(pk)".equals(request.conditionExpression()) && old == null) {
      throw ConditionalCheckFailedException.builder().message("The conditional request failed").build();
    }
    Map<String, AttributeValue> next = new HashMap<>(old == null ? request.key() : old);
    Matcher m = SET.matcher(request.updateExpression());
    while (m.find()) {
      next.put(m.group(1), request.expressionAttributeValues().get(m.group(2)));
    }
    items.put(pk, Map.copyOf(next));
    UpdateItemResponse.Builder b = UpdateItemResponse.builder();
    if (request.returnValues() == ReturnValue.ALL_NEW) {
      b.attributes(next);
    }
    return b.build();
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    items.remove(request.key().get("pk").s());
    return DeleteItemResponse.builder().build();
  }

  @Override
  public TransactWriteItemsResponse transactWriteItems(TransactWriteItemsRequest request) {
    for (TransactWriteItem t : request.transactItems()) {
      if (t.put() != null && "t".equals(t.put().tableName())) {
        items.put(t.put().item().get("pk").s(), t.put().item());
      } else if (t.delete() != null && "t".equals(t.delete().tableName())) {
        items.remove(t.delete().key().get("pk").s());
      }
    }
    return TransactWriteItemsResponse.builder().build();
  }

  @Override
  public BatchWriteItemResponse batchWriteItem(BatchWriteItemRequest request) {
    for (List<WriteRequest> writes : request.requestItems().values()) {
      for (WriteRequest w : writes) {
        if (w.putRequest() != null) {
          items.put(w.putRequest().item().get("pk").s(), w.putRequest().item());
        } else {
          items.remove(w.deleteRequest().key().get("pk").s());
        }
      }
    }
    return BatchWriteItemResponse.builder().build();
  }

  @Override
  public QueryResponse query(QueryRequest request) {
    queries.incrementAndGet();
    AttributeValue v = request.expressionAttributeValues().values().iterator().next();
    Map<String, AttributeValue> item = items.get(v.s());
    return QueryResponse.builder().items(item == null ? List.of() : List.of(item)).count(item == null ? 0 : 1)
        .build();
  }

  @Override
  public DescribeTableResponse describeTable(DescribeTableRequest request) {
    return DescribeTableResponse.builder().table(TableDescription.builder().tableName(request.tableName())
        .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()).build()).build();
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
