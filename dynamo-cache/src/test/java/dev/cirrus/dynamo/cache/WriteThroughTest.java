package dev.cirrus.dynamo.cache;

import static dev.cirrus.dynamo.cache.FakeDynamo.item;
import static dev.cirrus.dynamo.cache.FakeDynamo.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.cache.ManualTicker;
import dev.cirrus.dynamo.InvalidItemException;
import dev.cirrus.dynamo.ItemValidator;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

class WriteThroughTest {
  private final FakeDynamo ddb = new FakeDynamo();
  private final ManualTicker ticker = new ManualTicker();

  private DynamoDbItemCacheBuilder builder() {
    return DynamoDbItemCache.builder(ddb).tableName("t").keySchema(ItemValidator.forTable("pk"))
        .ttl(Duration.ofMinutes(5)).ticker(ticker).executor(Runnable::run);
  }

  private static UpdateItemRequest setVersion(String pk, int v, ReturnValue returnValues) {
    return UpdateItemRequest.builder().tableName("t").key(key(pk)).updateExpression("SET v = :v, name = :n")
        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN(Integer.toString(v)),
            ":n", AttributeValue.fromS("n" + v)))
        .returnValues(returnValues).build();
  }

  @Test
  void putItem_cachedKey_invalidatesAndNextReadIsConsistent() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    cache.getItem(key("a"));

    cache.putItem(r -> r.tableName("t").item(item("a", 2)));

    assertThat(cache.getItem(key("a"))).contains(item("a", 2));
    assertThat(ddb.getItems).hasValue(2);
    assertThat(ddb.getRequests.get(1).consistentRead()).isTrue();
  }

  @Test
  void putItem_pastConsistentReadWindow_nextLoadIsEventuallyConsistent() {
    DynamoDbItemCache cache = builder().build();
    cache.putItem(r -> r.tableName("t").item(item("a", 2)));

    ticker.advance(Duration.ofSeconds(1));
    cache.getItem(key("a"));

    assertThat(ddb.getRequests.get(0).consistentRead()).isFalse();
  }

  @Test
  void putItem_itemWithoutKey_throwsAndSendsNothing() {
    DynamoDbItemCache cache = builder().build();

    assertThatThrownBy(() -> cache.putItem(r -> r.tableName("t").item(Map.of("v", AttributeValue.fromN("1")))))
        .isInstanceOf(InvalidItemException.class).hasMessage("attribute 'pk': partition key attribute is missing");
    assertThat(ddb.items).isEmpty();
  }

  @Test
  void updateItem_allNew_installsTheNewItemWithoutALoad() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    cache.getItem(key("a"));

    cache.updateItem(setVersion("a", 2, ReturnValue.ALL_NEW));

    assertThat(cache.getItem(key("a"))).contains(item("a", 2));
    assertThat(ddb.getItems).hasValue(1);
  }

  @Test
  void updateItem_noReturnValues_invalidates() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    cache.getItem(key("a"));

    cache.updateItem(setVersion("a", 2, ReturnValue.NONE));

    assertThat(cache.getItem(key("a"))).contains(item("a", 2));
    assertThat(ddb.getItems).hasValue(2);
  }

  @Test
  void updateItem_conditionFails_invalidatesAndRethrows() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    cache.getItem(key("a"));
    ddb.items.remove("a");

    assertThatThrownBy(() -> cache.updateItem(setVersion("a", 2, ReturnValue.ALL_NEW).toBuilder()
        .conditionExpression("attribute_exists(pk)").build()))
        .isInstanceOf(ConditionalCheckFailedException.class);

    assertThat(cache.getItem(key("a"))).isEmpty();
    assertThat(ddb.getItems).hasValue(2);
  }

  @Test
  void deleteItem_cachedKey_invalidates() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    cache.getItem(key("a"));

    cache.deleteItem(r -> r.tableName("t").key(key("a")));

    assertThat(cache.getItem(key("a"))).isEmpty();
  }

  @Test
  void transactWriteItems_itemsOfTheTable_invalidatedOthersIgnored() {
    ddb.store("a", 1);
    ddb.store("b", 1);
    DynamoDbItemCache cache = builder().build();
    cache.batchGetItem(List.of(key("a"), key("b")));

    cache.transactWriteItems(r -> r.transactItems(
        TransactWriteItem.builder().put(Put.builder().tableName("t").item(item("a", 2)).build()).build(),
        TransactWriteItem.builder().delete(Delete.builder().tableName("t").key(key("b")).build()).build(),
        TransactWriteItem.builder().delete(Delete.builder().tableName("other").key(Map.of()).build()).build()));

    assertThat(cache.getItem(key("a"))).contains(item("a", 2));
    assertThat(cache.getItem(key("b"))).isEmpty();
  }

  @Test
  void batchWriteItem_itemsOfTheTable_invalidated() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    cache.getItem(key("a"));

    cache.batchWriteItem(BatchWriteItemRequest.builder().requestItems(Map.of("t", List.of(
        WriteRequest.builder().putRequest(PutRequest.builder().item(item("a", 3)).build()).build()))).build());

    assertThat(cache.getItem(key("a"))).contains(item("a", 3));
  }

  @Test
  void updateItem_whileALoadIsInFlight_loadedValueIsNotCached() throws Exception {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    ddb.getRead = new CountDownLatch(1);
    ddb.releaseGet = new CountDownLatch(1);
    CompletableFuture<Map<String, AttributeValue>> reader =
        CompletableFuture.supplyAsync(() -> cache.getItem(key("a")).orElseThrow());
    assertThat(ddb.getRead.await(10, TimeUnit.SECONDS)).isTrue();

    cache.updateItem(setVersion("a", 2, ReturnValue.NONE));
    ddb.getRead = null;
    ddb.releaseGet.countDown();

    assertThat(reader.get(10, TimeUnit.SECONDS)).isEqualTo(item("a", 1));
    assertThat(cache.getItem(key("a"))).contains(item("a", 2));
    assertThat(ddb.getItems).hasValue(2);
  }

  @Test
  void updateItemAllNew_whileALoadIsInFlight_newItemKept() throws Exception {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    ddb.getRead = new CountDownLatch(1);
    ddb.releaseGet = new CountDownLatch(1);
    CompletableFuture<Map<String, AttributeValue>> reader =
        CompletableFuture.supplyAsync(() -> cache.getItem(key("a")).orElseThrow());
    assertThat(ddb.getRead.await(10, TimeUnit.SECONDS)).isTrue();

    cache.updateItem(setVersion("a", 2, ReturnValue.ALL_NEW));
    ddb.getRead = null;
    ddb.releaseGet.countDown();
    reader.get(10, TimeUnit.SECONDS);

    assertThat(cache.getItem(key("a"))).contains(item("a", 2));
    assertThat(ddb.getItems).hasValue(1);
  }

  @Test
  void query_cacheOff_passesThrough() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();

    cache.query(queryOf("a"));
    cache.query(queryOf("a"));

    assertThat(ddb.queries).hasValue(2);
    assertThat(cache.stats().passThroughs()).isEqualTo(2);
  }

  @Test
  void query_cacheOn_hitsUntilAWriteToThePartition() {
    ddb.store("a", 1);
    ddb.store("b", 1);
    DynamoDbItemCache cache = builder().queryCache(1 << 20).build();

    cache.query(queryOf("a"));
    cache.query(queryOf("b"));
    assertThat(cache.query(queryOf("a")).items()).containsExactly(item("a", 1));
    cache.putItem(r -> r.tableName("t").item(item("a", 2)));
    assertThat(cache.query(queryOf("a")).items()).containsExactly(item("a", 2));
    cache.query(queryOf("b"));

    assertThat(ddb.queries).hasValue(3);
    assertThat(cache.stats().queryHits()).isEqualTo(2);
    assertThat(cache.stats().queryMisses()).isEqualTo(3);
  }

  @Test
  void query_indexQuery_invalidatedByAnyWrite() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().queryCache(1 << 20).build();
    QueryRequest byIndex = queryOf("a").toBuilder().indexName("byName").build();

    cache.query(byIndex);
    cache.putItem(r -> r.tableName("t").item(item("z", 1)));
    cache.query(byIndex);

    assertThat(ddb.queries).hasValue(2);
  }

  private static QueryRequest queryOf(String pk) {
    return QueryRequest.builder().tableName("t").keyConditionExpression("#p = :p")
        .expressionAttributeNames(Map.of("#p", "pk")).expressionAttributeValues(Map.of(":p", AttributeValue.fromS(pk)))
        .build();
  }
}
