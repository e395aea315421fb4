package dev.cirrus.dynamo.cache.internal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cirrus.dynamo.ItemSize;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ComparisonOperator;
import software.amazon.awssdk.services.dynamodb.model.Condition;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The optional query cache: whole QueryResponses keyed by the whole QueryRequest (pagination key included), each
 * tagged with the partition key value it reads. A write through the cache removes every cached query of the
 * written partition, and every query whose partition is unknown (queries of a secondary index, whose partitions a
 * write to the table can reach in any combination). Invalidation scans the query keys, which is why the query
 * cache has its own, usually small, weight bound.
 */
final class QueryStore {
  private static final Pattern EQUALS = Pattern.compile("(#?[A-Za-z0-9_.-]+)\\s*=\\s*(:[A-Za-z0-9_]+)");

  /** A query and its partition's canonical key value, or null when a write to any partition may change it. */
  record QueryKey(QueryRequest request, Object partition) {
  }

  private static final class Claim {
    CompletableFuture<QueryResponse> future;
  }

  private final Settings settings;
  private final Counters counters;
  private final AsyncCache<QueryKey, QueryResponse> cache;
  private final Cache<Object, Boolean> recentWrites;

  QueryStore(Settings settings, Counters counters) {
    this.settings = settings;
    this.counters = counters;
    this.cache = Caffeine.newBuilder().ticker(settings.ticker()::read).executor(settings.executor())
        .maximumWeight(settings.queryCacheMaximumWeightBytes())
        .weigher((QueryKey k, QueryResponse r) -> weight(r))
        .expireAfterWrite(settings.ttl())
        .buildAsync();
    this.recentWrites = settings.consistentReadAfterWrite().isZero() ? null
        : Caffeine.newBuilder().ticker(settings.ticker()::read).expireAfterWrite(settings.consistentReadAfterWrite())
            .maximumSize(100_000).executor(Runnable::run).build();
  }

  QueryResponse query(QueryRequest request) {
    QueryKey key = new QueryKey(request, partitionOf(request));
    CompletableFuture<QueryResponse> f = cache.getIfPresent(key);
    if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
      counters.queryHits.increment();
      return f.join();
    }
    counters.queryMisses.increment();
    Claim claim = new Claim();
    f = cache.get(key, (k, executor) -> claim.future = new CompletableFuture<>());
    if (claim.future != null) {
      try {
        claim.future.complete(settings.client().query(consistentIfWritten(key)));
      } catch (RuntimeException e) {
        claim.future.completeExceptionally(e);
      }
    }
    try {
      return f.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
  }

  /** Removes the cached queries a write to this partition may have changed, including any in flight. */
  void written(Object partition) {
    if (recentWrites != null) {
      recentWrites.put(partition, Boolean.TRUE);
    }
    cache.asMap().keySet().removeIf(k -> k.partition() == null || k.partition().equals(partition));
  }

  void invalidateAll() {
    cache.synchronous().invalidateAll();
  }

  private QueryRequest consistentIfWritten(QueryKey key) {
    if (recentWrites == null || key.partition() == null || recentWrites.getIfPresent(key.partition()) == null) {
      return key.request();
    }
    return key.request().toBuilder().consistentRead(true).build();
  }

  /** The partition key value a base-table query reads, or null if it cannot be told (an index, an odd form). */
  Object partitionOf(QueryRequest r) {
    if (r.indexName() != null) {
      return null;
    }
    String pk = settings.keySchema().partitionKey();
    if (r.keyConditionExpression() != null) {
      Matcher m = EQUALS.matcher(r.keyConditionExpression());
      while (m.find()) {
        String name = m.group(1).startsWith("#") ? r.expressionAttributeNames().get(m.group(1)) : m.group(1);
        if (pk.equals(name)) {
          AttributeValue v = r.expressionAttributeValues().get(m.group(2));
          return v == null ? null : ItemKey.canonical(v);
        }
      }
      return null;
    }
    Condition c = r.keyConditions().get(pk);
    if (c != null && c.comparisonOperator() == ComparisonOperator.EQ && c.attributeValueList().size() == 1) {
      return ItemKey.canonical(c.attributeValueList().get(0));
    }
    return null;
  }

  private static int weight(QueryResponse r) {
    long bytes = 1;
    for (Map<String, AttributeValue> item : r.items()) {
      bytes += ItemSize.itemSizeBytes(item);
    }
    return (int) Math.min(Integer.MAX_VALUE, bytes);
  }
}
