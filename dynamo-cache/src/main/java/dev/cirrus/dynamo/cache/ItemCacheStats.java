package dev.cirrus.dynamo.cache;

/**
 * A snapshot of a {@link DynamoDbItemCache}'s counters, taken by {@link DynamoDbItemCache#stats()}.
 *
 * <p>Counters only grow; {@code weightBytes} and {@code entries} are the current totals. Counters are read one at
 * a time while other threads may be using the cache, so one snapshot is not atomic across fields. Instances are
 * immutable and thread-safe.
 *
 * @param hits item reads answered from the cache (positive or negative entry), batch keys included
 * @param misses item reads that had to wait for a load, their own or one already in flight
 * @param loads completed loads from DynamoDB (GetItem, or one key of a coalesced BatchGetItem), refreshes included
 * @param loadFailures loads that failed; a failed load is never cached
 * @param evictions entries removed because they expired or because the weight bound was reached
 * @param weightBytes the sum of the cached entries' weights: each item's exact DynamoDB size in bytes (a negative
 *     entry weighs its key's size)
 * @param entries cached item entries, positive and negative
 * @param passThroughs calls sent to DynamoDB without the cache: strongly consistent and transactional reads,
 *     projections of nested paths, queries while the query cache is off
 * @param queryHits queries answered from the query cache
 * @param queryMisses queries sent to DynamoDB through the query cache
 */
public record ItemCacheStats(long hits, long misses, long loads, long loadFailures, long evictions, long weightBytes,
                             long entries, long passThroughs, long queryHits, long queryMisses) {
}
