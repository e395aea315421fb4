package dev.cirrus.dynamo.cache.examples;

import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.dynamo.cache.DynamoDbItemCache;
import dev.cirrus.dynamo.cache.ItemCacheStats;
import dev.cirrus.retry.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;

/** The item cache as docs/guides/dynamo.md shows it. */
public final class ItemCacheExample {
  private ItemCacheExample() {
  }

  /** A cache of the table's items: 5-minute TTL, 64 MiB of item data, throttled loads retried. */
  public static DynamoDbItemCache cache(DynamoDbClient dynamo, String table) {
    return DynamoDbItemCache.builder(dynamo)
        .tableName(table)
        .keySchema(ItemValidator.forTable("pk"))       // or leave out: build() reads it with DescribeTable
        .ttl(Duration.ofMinutes(5))                   // bound on staleness for writes made elsewhere
        .negativeTtl(Duration.ofSeconds(10))          // "no such item" is cached this long
        .refreshAhead(Duration.ofMinutes(4))          // hot keys reload in the background, never miss
        .maximumWeightBytes(64L << 20)                // exact DynamoDB item sizes
        .loadRetryPolicy(RetryPolicy.defaults())      // throttled loads retried
        .build();
  }

  /** Reads a user, renames them through the cache, and reads them again: the new name, from the cache. */
  public static String rename(DynamoDbItemCache users, String id, String newName) {
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS(id));
    Optional<Map<String, AttributeValue>> before = users.getItem(key);   // miss: one GetItem, then cached

    users.updateItem(u -> u.tableName(users.tableName()).key(key)
        .updateExpression("SET #n = :n")
        .expressionAttributeNames(Map.of("#n", "name"))
        .expressionAttributeValues(Map.of(":n", AttributeValue.fromS(newName)))
        .returnValues(ReturnValue.ALL_NEW));                               // the cache takes the new item

    Map<String, AttributeValue> after = users.getItem(key).orElseThrow(); // hit: no GetItem
    ItemCacheStats stats = users.stats();                                 // hits=1 misses=1 loads=1
    return before.map(b -> b.get("name").s()).orElse("?") + " -> " + after.get("name").s()
        + " (hits=" + stats.hits() + ", loads=" + stats.loads() + ")";
  }
}
