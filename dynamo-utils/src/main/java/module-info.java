/**
 * Cirrus DynamoDB utilities: item-size and capacity math, planners, write sharding and throttle-safe batch I/O.
 *
 * <p>Exports the public API only; {@code dev.cirrus.dynamo.internal} stays inside the module.
 */
// The AWS SDK v2 jars are automatic modules (Automatic-Module-Name, no descriptor): nothing to warn about.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cirrus.dynamo {
  exports dev.cirrus.dynamo;

  // Named by public signatures: Backoff, ErrorClassifier, RetryPolicy.Sleeper; DynamoDbClient,
  // DynamoDbAsyncClient, AttributeValue, WriteRequest.
  requires transitive dev.cirrus.retry;
  requires transitive software.amazon.awssdk.services.dynamodb;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.retries.api;
  requires org.slf4j;
}
