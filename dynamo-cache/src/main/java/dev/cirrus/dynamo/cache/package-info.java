/**
 * A local read-through, write-through item cache for one DynamoDB table: {@link
 * dev.cirrus.dynamo.cache.DynamoDbItemCache}.
 *
 * <p>Types in this package are the public API; everything in {@code dev.cirrus.dynamo.cache.internal} is an
 * implementation detail that may change in any release.
 */
package dev.cirrus.dynamo.cache;
