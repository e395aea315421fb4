package dev.cirrus.dynamo.cache.internal;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.AsyncCacheLoader;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.cirrus.dynamo.BatchGetResult;
import dev.cirrus.dynamo.BatchGetter;
import dev.cirrus.dynamo.cache.ItemCacheLoadException;
import dev.cirrus.dynamo.cache.ItemRemovalCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The item entries: a Caffeine async cache whose values are futures, so concurrent misses of one key join one load
 * (single flight). A load's future is in the map from the moment the miss happens; a write through the cache
 * removes or replaces that mapping, and Caffeine then drops the load's result when it completes (it re-weighs a
 * completed future only while the mapping still holds it), so a load that started before a write never re-populates
 * the value the write replaced. Refresh-ahead results are dropped the same way if the entry changed meanwhile.
 */
final class ItemStore {
  /** Filled by the mapping function when this thread's miss created the load; the thread then runs it. */
  private static final class Claim {
    CompletableFuture<Entry> future;
  }

  private final Settings settings;
  private final Counters counters;
  private final Listeners listeners;
  private final AsyncCache<ItemKey, Entry> cache;
  private final Cache<ItemKey, Boolean> recentWrites;
  private final BatchGetter eventualBatch;
  private final BatchGetter consistentBatch;

  ItemStore(Settings settings, Counters counters, Listeners listeners) {
    this.settings = settings;
    this.counters = counters;
    this.listeners = listeners;
    Caffeine<ItemKey, Entry> b = Caffeine.newBuilder()
        .ticker(settings.ticker()::read)
        .executor(settings.executor())
        .maximumWeight(settings.maximumWeightBytes())
        .weigher((ItemKey k, Entry e) -> e.weight())
        .expireAfter(new EntryExpiry(settings.ttl(), settings.negativeTtl()))
        .removalListener(this::onRemoval);
    if (settings.refreshAhead() != null) {
      b.refreshAfterWrite(settings.refreshAhead());
    }
    this.cache = b.buildAsync(new Reloader());
    Duration window = settings.consistentReadAfterWrite();
    this.recentWrites = window.isZero() ? null : Caffeine.newBuilder().ticker(settings.ticker()::read)
        .expireAfterWrite(window).maximumSize(100_000).executor(Runnable::run).build();
    BatchGetter.Builder batch = BatchGetter.builder().client(settings.client()).tableName(settings.tableName())
        .keySchema(settings.keySchema());
    this.eventualBatch = batch.consistentRead(false).build();
    this.consistentBatch = batch.consistentRead(true).build();
  }

  /** The cached entry, counted as a hit, or null (absent, or its load still in flight). */
  Entry getIfPresent(ItemKey key) {
    CompletableFuture<Entry> f = cache.getIfPresent(key);
    if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
      counters.hits.increment();
      return f.join();
    }
    return null;
  }

  /** The entry, loaded on a miss by this thread or by the load already in flight for the key. */
  Entry get(ItemKey key) {
    Entry hit = getIfPresent(key);
    if (hit != null) {
      return hit;
    }
    counters.misses.increment();
    Claim claim = new Claim();
    CompletableFuture<Entry> f = cache.get(key, (k, executor) -> claim.future = new CompletableFuture<>());
    if (claim.future != null) {
      loadInto(key, claim.future);
    }
    return await(f);
  }

  /** The entries of these keys; every miss among them is read in one coalesced BatchGetter call. */
  Map<ItemKey, Entry> getAll(List<ItemKey> keys) {
    Set<ItemKey> distinct = new LinkedHashSet<>(keys);
    CompletableFuture<Map<ItemKey, Entry>> f = cache.getAll(distinct, (missing, executor) -> {
      counters.hits.add(distinct.size() - missing.size());
      counters.misses.add(missing.size());
      try {
        return CompletableFuture.completedFuture(loadAll(missing));
      } catch (RuntimeException e) {
        return CompletableFuture.failedFuture(e);
      }
    });
    return await(f);
  }

  private void loadInto(ItemKey key, CompletableFuture<Entry> future) {
    try {
      future.complete(load(key));
    } catch (RuntimeException e) {
      future.completeExceptionally(e);
    } catch (Error e) {
      future.completeExceptionally(e);
      throw e;
    }
  }

  /** One GetItem under the load retry policy; counts and tells the listener. */
  Entry load(ItemKey key) {
    GetItemRequest request = GetItemRequest.builder().tableName(settings.tableName()).key(key.attributes())
        .consistentRead(readConsistently(key)).build();
    GetItemResponse response;
    try {
      response = settings.loadRetry() == null ? settings.client().getItem(request)
          : settings.loadRetry().call(settings.tableName(), () -> settings.client().getItem(request));
    } catch (RuntimeException e) {
      throw failed(key, e);
    }
    return loaded(key, response);
  }

  private Entry loaded(ItemKey key, GetItemResponse response) {
    Entry e = response.hasItem() ? Entry.found(response.item()) : Entry.missing(key);
    counters.loads.increment();
    listeners.loaded(key, e);
    return e;
  }

  private ItemCacheLoadException failed(ItemKey key, Throwable cause) {
    ItemCacheLoadException e = new ItemCacheLoadException(settings.tableName(), 1, cause);
    counters.loadFailures.increment();
    listeners.loadFailed(key, e);
    return e;
  }

  private Map<ItemKey, Entry> loadAll(Set<? extends ItemKey> missing) {
    List<Map<String, AttributeValue>> eventual = new ArrayList<>();
    List<Map<String, AttributeValue>> consistent = new ArrayList<>();
    for (ItemKey k : missing) {
      (readConsistently(k) ? consistent : eventual).add(k.attributes());
    }
    Map<ItemKey, Entry> out = new HashMap<>(missing.size() * 2);
    try {
      collect(eventual.isEmpty() ? null : eventualBatch.get(eventual), out);
      collect(consistent.isEmpty() ? null : consistentBatch.get(consistent), out);
    } catch (RuntimeException e) {
      ItemCacheLoadException failure = new ItemCacheLoadException(settings.tableName(), missing.size(), e);
      counters.loadFailures.add(missing.size());
      for (ItemKey k : missing) {
        listeners.loadFailed(k, failure);
      }
      throw failure;
    }
    return out;
  }

  private void collect(BatchGetResult result, Map<ItemKey, Entry> out) {
    if (result == null) {
      return;
    }
    for (Map<String, AttributeValue> item : result.items()) {
      put(out, key(settings.keySchema().keyOf(item)), Entry.found(item));
    }
    for (Map<String, AttributeValue> k : result.missingKeys()) {
      ItemKey key = key(k);
      put(out, key, Entry.missing(key));
    }
  }

  private void put(Map<ItemKey, Entry> out, ItemKey key, Entry e) {
    out.put(key, e);
    counters.loads.increment();
    listeners.loaded(key, e);
  }

  private ItemKey key(Map<String, AttributeValue> attributes) {
    return ItemKey.orNull(attributes, settings.keySchema().partitionKey(),
        settings.keySchema().sortKey().orElse(null)).owned();
  }

  private boolean readConsistently(ItemKey key) {
    return recentWrites != null && recentWrites.getIfPresent(key) != null;
  }

  /**
   * Applies an acknowledged (or failed) write under the key's write lock: installs {@code newItem} if the write
   * was alone and returned the whole new item, else removes the entry (and any load in flight for it).
   */
  void written(ItemKey key, Map<String, AttributeValue> newItem, boolean alone) {
    if (alone && newItem != null) {
      cache.put(key, CompletableFuture.completedFuture(Entry.found(newItem)));
    } else {
      cache.synchronous().invalidate(key);
    }
    if (recentWrites != null) {
      recentWrites.put(key, Boolean.TRUE);
    }
  }

  void invalidate(ItemKey key) {
    cache.synchronous().invalidate(key);
  }

  void invalidateAll() {
    cache.synchronous().invalidateAll();
  }

  long weightedSize() {
    return cache.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
  }

  long entries() {
    cache.synchronous().cleanUp();
    return cache.synchronous().estimatedSize();
  }

  private void onRemoval(ItemKey key, Entry value, RemovalCause cause) {
    if (key == null) {
      return;
    }
    if (cause.wasEvicted()) {
      counters.evictions.increment();
    }
    ItemRemovalCause c = switch (cause) {
      case EXPIRED -> ItemRemovalCause.EXPIRED;
      case SIZE, COLLECTED -> ItemRemovalCause.SIZE;
      case REPLACED -> ItemRemovalCause.REPLACED;
      case EXPLICIT -> ItemRemovalCause.INVALIDATED;
    };
    listeners.removed(key, c);
  }

  private static <T> T await(CompletableFuture<T> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error r) {
        throw r;
      }
      throw e;
    }
  }

  /** Loads for refresh-ahead (asynchronously, on the async client if there is one, else on the executor). */
  private final class Reloader implements AsyncCacheLoader<ItemKey, Entry> {
    @Override
    public CompletableFuture<Entry> asyncLoad(ItemKey key, Executor executor) {
      return CompletableFuture.supplyAsync(() -> load(key), executor);
    }

    @Override
    public CompletableFuture<Entry> asyncReload(ItemKey key, Entry oldValue, Executor executor) {
      if (settings.asyncClient() == null) {
        return asyncLoad(key, executor);
      }
      GetItemRequest request = GetItemRequest.builder().tableName(settings.tableName()).key(key.attributes())
          .consistentRead(readConsistently(key)).build();
      return settings.asyncClient().getItem(request).handle((response, error) -> {
        if (error != null) {
          throw failed(key, error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
        }
        return loaded(key, response);
      });
    }
  }
}
