/**
 * Cirrus Micrometer: meter binders for the Cirrus cache, retry, S3 transfer, crypto and
 * DynamoDB modules.
 *
 * <p>Exports the public API only; {@code dev.cirrus.metrics.internal} stays inside the module. Micrometer is
 * required and transitive (the binders are {@code MeterBinder}s and take a {@code MeterRegistry}). Each Cirrus
 * module is optional: an application brings the ones it uses and binds only those; {@link
 * dev.cirrus.metrics.CirrusMetrics} links each binder lazily, so binding a cache never needs retry or S3 on the
 * module path.
 */
// micrometer-core is an automatic module (Automatic-Module-Name micrometer.core): nothing to warn about.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cirrus.metrics {
  exports dev.cirrus.metrics;

  requires transitive micrometer.core;

  // Optional (the pom marks them optional), so static and not transitive although the binders' signatures name
  // their types: a "requires static transitive" module is demanded when compiling every consumer, which would
  // make all of them mandatory. A caller binding a cache has required dev.cirrus.cache already.
  requires static dev.cirrus.cache;
  requires static dev.cirrus.retry;
  requires static dev.cirrus.s3;
  requires static dev.cirrus.crypto;
  requires static dev.cirrus.dynamo;
}
