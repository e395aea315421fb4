package dev.cirrus.dynamo.cache.internal;

import dev.cirrus.cache.Ticker;
import dev.cirrus.dynamo.ItemValidator;
import dev.cirrus.dynamo.cache.ItemCacheListener;
import dev.cirrus.retry.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.Executor;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The validated configuration of one item cache, copied from its builder.
 *
 * @param asyncClient null for none
 * @param refreshAhead null for no refresh-ahead
 * @param loadRetry null for no retry beyond the client's own
 * @param queryCacheMaximumWeightBytes 0 when the query cache is off
 */
public record Settings(DynamoDbClient client, DynamoDbAsyncClient asyncClient, String tableName,
                       ItemValidator keySchema, Duration ttl, Duration negativeTtl, Duration refreshAhead,
                       long maximumWeightBytes, Ticker ticker, Executor executor, ItemCacheListener listener,
                       RetryPolicy loadRetry, long queryCacheMaximumWeightBytes, Duration consistentReadAfterWrite) {
}
