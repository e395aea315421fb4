package dev.cirrus.dynamo.cache;

import static dev.cirrus.dynamo.cache.FakeDynamo.item;
import static dev.cirrus.dynamo.cache.FakeDynamo.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.cache.ManualTicker;
import dev.cirrus.dynamo.InvalidItemException;
import dev.cirrus.dynamo.ItemValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

class DynamoDbItemCacheTest {
  private final FakeDynamo ddb = new FakeDynamo();
  private final ManualTicker ticker = new ManualTicker();
  private final List<String> events = new ArrayList<>();

  private DynamoDbItemCacheBuilder builder() {
    return DynamoDbItemCache.builder(ddb).tableName("t").keySchema(ItemValidator.forTable("pk"))
        .ttl(Duration.ofMinutes(5)).ticker(ticker).executor(Runnable::run).listener(new ItemCacheListener() {
          @Override
          public void onLoad(Map<String, AttributeValue> key, boolean found, long weightBytes) {
            events.add("load " + key.get("pk").s() + " " + found + " " + weightBytes);
          }

          @Override
          public void onLoadFailure(Map<String, AttributeValue> key, RuntimeException failure) {
            events.add("failure " + key.get("pk").s());
          }

          @Override
          public void onRemoval(Map<String, AttributeValue> key, ItemRemovalCause cause) {
            events.add("removal " + key.get("pk").s() + " " + cause);
          }
        });
  }

  @Test
  void getItem_secondRead_servedFromCache() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();

    assertThat(cache.getItem(key("a"))).contains(item("a", 1));
    assertThat(cache.getItem(key("a"))).contains(item("a", 1));

    assertThat(ddb.getItems).hasValue(1);
    ItemCacheStats s = cache.stats();
    assertThat(s.hits()).isEqualTo(1);
    assertThat(s.misses()).isEqualTo(1);
    assertThat(s.loads()).isEqualTo(1);
    assertThat(s.entries()).isEqualTo(1);
    assertThat(s.weightBytes()).isEqualTo(2 + 1 + 1 + 2 + 4 + 2);
    assertThat(events).containsExactly("load a true 12");
    assertThat(ddb.getRequests.get(0).consistentRead()).isFalse();
  }

  @Test
  void getItem_pastTtl_reloadsAndCountsAnEviction() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    cache.getItem(key("a"));
    ddb.store("a", 2);

    ticker.advance(Duration.ofMinutes(5).minusNanos(1));
    assertThat(cache.getItem(key("a"))).contains(item("a", 1));
    ticker.advance(Duration.ofNanos(1));
    assertThat(cache.getItem(key("a"))).contains(item("a", 2));

    assertThat(ddb.getItems).hasValue(2);
    assertThat(cache.stats().evictions()).isEqualTo(1);
    assertThat(events).contains("removal a EXPIRED");
  }

  @Test
  void getItem_absentItem_negativeEntryLivesNegativeTtl() {
    DynamoDbItemCache cache = builder().negativeTtl(Duration.ofSeconds(30)).build();

    assertThat(cache.getItem(key("a"))).isEmpty();
    ddb.store("a", 1);
    ticker.advance(Duration.ofSeconds(29));
    assertThat(cache.getItem(key("a"))).isEmpty();
    ticker.advance(Duration.ofSeconds(1));
    assertThat(cache.getItem(key("a"))).contains(item("a", 1));

    assertThat(ddb.getItems).hasValue(2);
    assertThat(events).startsWith("load a false 3");
  }

  @Test
  void getItem_negativeTtlByDefault_isTenSeconds() {
    DynamoDbItemCache cache = builder().build();
    cache.getItem(key("a"));
    ddb.store("a", 1);

    ticker.advance(Duration.ofSeconds(10).minusNanos(1));
    assertThat(cache.getItem(key("a"))).isEmpty();
    ticker.advance(Duration.ofNanos(1));
    assertThat(cache.getItem(key("a"))).isPresent();
  }

  @Test
  void getItem_olderThanRefreshAhead_servedThenRefreshedInTheBackground() {
    ddb.store("a", 1);
    java.util.Queue<Runnable> background = new java.util.concurrent.ConcurrentLinkedQueue<>();
    DynamoDbItemCache cache = builder().executor(background::add).refreshAhead(Duration.ofMinutes(1)).build();
    cache.getItem(key("a"));
    ddb.store("a", 2);

    ticker.advance(Duration.ofMinutes(1));
    assertThat(cache.getItem(key("a"))).contains(item("a", 1));
    assertThat(ddb.getItems).hasValue(1);
    ticker.advance(Duration.ofNanos(1));
    assertThat(cache.getItem(key("a"))).contains(item("a", 1));
    assertThat(ddb.getItems).hasValue(1);
    for (Runnable r = background.poll(); r != null; r = background.poll()) {
      r.run();
    }
    assertThat(cache.getItem(key("a"))).contains(item("a", 2));

    assertThat(ddb.getItems).hasValue(2);
    assertThat(cache.stats().loads()).isEqualTo(2);
    assertThat(cache.stats().misses()).isEqualTo(1);
  }

  @Test
  void getItem_failedLoad_notCachedAndNextReadRetries() {
    ddb.store("a", 1);
    ddb.failNextGets.set(1);
    DynamoDbItemCache cache = builder().build();

    assertThatThrownBy(() -> cache.getItem(key("a")))
        .isInstanceOfSatisfying(ItemCacheLoadException.class, e -> {
          assertThat(e.tableName()).isEqualTo("t");
          assertThat(e.keys()).isEqualTo(1);
        })
        .hasMessage("GetItem on table t failed; nothing was cached: java.lang.IllegalStateException: DynamoDB"
            + " unavailable (test)")
        .hasCauseInstanceOf(IllegalStateException.class);
    assertThat(cache.getItem(key("a"))).contains(item("a", 1));

    assertThat(ddb.getItems).hasValue(2);
    assertThat(cache.stats().loadFailures()).isEqualTo(1);
    assertThat(events).containsExactly("failure a", "load a true 12");
  }

  @Test
  void getItem_dynamoDown_unexpiredEntriesStillServed() {
    ddb.store("a", 1);
    ddb.store("b", 1);
    DynamoDbItemCache cache = builder().build();
    cache.getItem(key("a"));
    ddb.failNextGets.set(1000);

    assertThat(cache.getItem(key("a"))).contains(item("a", 1));
    assertThatThrownBy(() -> cache.getItem(key("b"))).isInstanceOf(ItemCacheLoadException.class);
  }

  @Test
  void getItem_keyMissingKeyAttribute_throwsInvalidItemException() {
    DynamoDbItemCache cache = builder().build();

    assertThatThrownBy(() -> cache.getItem(Map.of("id", AttributeValue.fromS("a"))))
        .isInstanceOf(InvalidItemException.class).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("attribute 'pk': partition key attribute is missing");
    assertThat(ddb.getItems).hasValue(0);
  }

  @Test
  void getItem_keyWithExtraAttribute_throwsInvalidItemException() {
    DynamoDbItemCache cache = builder().build();

    assertThatThrownBy(() -> cache.getItem(Map.of("pk", AttributeValue.fromS("a"), "x", AttributeValue.fromS("b"))))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'x': a key must hold only the key attributes [pk], found extra attribute");
  }

  @Test
  void getItem_emptyStringKey_throwsBeforeLoading() {
    DynamoDbItemCache cache = builder().build();

    assertThatThrownBy(() -> cache.getItem(key("")))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'pk': partition key value must not be empty (String and Binary key values need at"
            + " least 1 byte)");
    assertThat(ddb.getItems).hasValue(0);
  }

  @Test
  void getItem_requestForAnotherTable_throws() {
    DynamoDbItemCache cache = builder().build();

    assertThatThrownBy(() -> cache.getItem(GetItemRequest.builder().tableName("u").key(key("a")).build()))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tableName must be t (the cache's table), was u");
  }

  @Test
  void getItem_stronglyConsistentRequest_passesThroughAndNeverFillsTheCache() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    GetItemRequest strong = GetItemRequest.builder().tableName("t").key(key("a")).consistentRead(true).build();

    assertThat(cache.getItem(strong).item()).isEqualTo(item("a", 1));
    assertThat(cache.getItem(strong).item()).isEqualTo(item("a", 1));

    assertThat(ddb.getItems).hasValue(2);
    assertThat(ddb.getRequests).allSatisfy(r -> assertThat(r).isSameAs(strong));
    assertThat(cache.stats().passThroughs()).isEqualTo(2);
    assertThat(cache.stats().entries()).isZero();
  }

  @Test
  void getItem_topLevelProjection_servedFromTheWholeItemWhichAFullReadThenHits() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();

    GetItemResponse projected = cache.getItem(GetItemRequest.builder().tableName("t").key(key("a"))
        .projectionExpression("#n, v").expressionAttributeNames(Map.of("#n", "name")).build());
    GetItemResponse legacy = cache.getItem(GetItemRequest.builder().tableName("t").key(key("a"))
        .attributesToGet("pk").build());

    assertThat(projected.item()).isEqualTo(Map.of("name", AttributeValue.fromS("n1"), "v", AttributeValue.fromN("1")));
    assertThat(legacy.item()).isEqualTo(key("a"));
    assertThat(cache.getItem(key("a"))).contains(item("a", 1));
    assertThat(ddb.getItems).hasValue(1);
    assertThat(ddb.getRequests.get(0).projectionExpression()).isNull();
  }

  @Test
  void getItem_nestedPathProjection_passesThrough() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    GetItemRequest nested = GetItemRequest.builder().tableName("t").key(key("a")).projectionExpression("m.x").build();

    cache.getItem(nested);

    assertThat(ddb.getRequests).containsExactly(nested);
    assertThat(cache.stats().passThroughs()).isEqualTo(1);
    assertThat(cache.stats().entries()).isZero();
  }

  @Test
  void getItem_absentItem_responseHasNoItem() {
    DynamoDbItemCache cache = builder().build();

    assertThat(cache.getItem(GetItemRequest.builder().tableName("t").key(key("a")).build()).hasItem()).isFalse();
  }

  @Test
  void getItem_numberKeysEqualByValue_shareOneEntry() {
    DynamoDbItemCache cache = DynamoDbItemCache.builder(new FakeNumberTable()).tableName("t")
        .keySchema(ItemValidator.forTable("id")).ttl(Duration.ofMinutes(1)).ticker(ticker).build();

    cache.getItem(Map.of("id", AttributeValue.fromN("1")));
    cache.getItem(Map.of("id", AttributeValue.fromN("1.0")));
    cache.getItem(Map.of("id", AttributeValue.fromN("10E-1")));

    assertThat(cache.stats().loads()).isEqualTo(1);
    assertThat(cache.stats().hits()).isEqualTo(2);
  }

  @Test
  void batchGetItem_misses_loadedInOneBatchAndNegativesCached() {
    ddb.store("a", 1);
    ddb.store("b", 1);
    DynamoDbItemCache cache = builder().build();
    cache.getItem(key("a"));

    List<Map<String, AttributeValue>> got = cache.batchGetItem(List.of(key("a"), key("b"), key("c"), key("b")));
    List<Map<String, AttributeValue>> again = cache.batchGetItem(List.of(key("c"), key("b")));

    assertThat(got).containsExactly(item("a", 1), item("b", 1));
    assertThat(again).containsExactly(item("b", 1));
    assertThat(ddb.batchGets).hasValue(1);
    assertThat(ddb.getItems).hasValue(1);
    assertThat(cache.stats().loads()).isEqualTo(3);
  }

  @Test
  void batchGetItem_invalidKey_throwsBeforeReading() {
    DynamoDbItemCache cache = builder().build();

    assertThatThrownBy(() -> cache.batchGetItem(List.of(key("a"), Map.of())))
        .isInstanceOf(InvalidItemException.class).hasMessage("attribute 'pk': partition key attribute is missing");
    assertThat(ddb.batchGets).hasValue(0);
  }

  @Test
  void invalidate_cachedKey_nextReadLoads() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    cache.getItem(key("a"));
    ddb.store("a", 2);

    cache.invalidate(key("a"));

    assertThat(cache.getItem(key("a"))).contains(item("a", 2));
    assertThat(events).contains("removal a INVALIDATED");
  }

  @Test
  void invalidateAll_everything_nextReadsLoad() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().build();
    cache.getItem(key("a"));

    cache.invalidateAll();

    assertThat(cache.stats().entries()).isZero();
    cache.getItem(key("a"));
    assertThat(ddb.getItems).hasValue(2);
  }

  @Test
  void listener_throws_callerUnaffected() {
    ddb.store("a", 1);
    DynamoDbItemCache cache = builder().listener(new ItemCacheListener() {
      @Override
      public void onLoad(Map<String, AttributeValue> key, boolean found, long weightBytes) {
        throw new IllegalStateException("listener bug");
      }
    }).build();

    assertThat(cache.getItem(key("a"))).contains(item("a", 1));
  }

  @Test
  void maximumWeightBytes_exceeded_evictsBySize() {
    for (int i = 0; i < 10; i++) {
      ddb.store("k" + i, i);
    }
    DynamoDbItemCache cache = builder().maximumWeightBytes(50).build();
    for (int i = 0; i < 10; i++) {
      cache.getItem(key("k" + i));
    }

    ItemCacheStats s = cache.stats();
    assertThat(s.weightBytes()).isLessThanOrEqualTo(50);
    assertThat(s.evictions()).isPositive();
    assertThat(events).anyMatch(e -> e.endsWith(" SIZE"));
  }
}
