/**
 * Cirrus DynamoDB item cache: a local read-through, write-through cache of one table's items.
 *
 * <p>Exports the public API only; {@code dev.cirrus.dynamo.cache.internal} stays inside the module. Caffeine and
 * SLF4J are implementation dependencies: no public signature names their types.
 */
// The AWS SDK v2 jars are automatic modules (Automatic-Module-Name, no descriptor): nothing to warn about.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cirrus.dynamo.cache {
  exports dev.cirrus.dynamo.cache;

  // Named by public signatures: ItemValidator, RetryPolicy (through dev.cirrus.dynamo), Ticker, DynamoDbClient,
  // DynamoDbAsyncClient and the request and response types.
  requires transitive dev.cirrus.dynamo;
  requires transitive dev.cirrus.cache;
  requires transitive software.amazon.awssdk.services.dynamodb;
  requires software.amazon.awssdk.core;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;
}
