/**
 * Cirrus Retry: backoff, retry budgets, adaptive rate limiting and AWS error classification.
 *
 * <p>Exports the public API only; {@code dev.cirrus.retry.internal} stays inside the module. The AWS SDK is
 * optional: {@code dev.cirrus.retry} works without it, and {@code dev.cirrus.retry.sdk} (whose signatures name
 * SDK types) is usable when the application's module graph holds the SDK.
 */
// The AWS SDK v2 jars are automatic modules (Automatic-Module-Name, no descriptor): nothing to warn about.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cirrus.retry {
  exports dev.cirrus.retry;
  exports dev.cirrus.retry.sdk;

  requires org.slf4j;

  // Optional (cirrus-retry's pom marks them optional), so static and not transitive even though
  // dev.cirrus.retry.sdk's signatures name them (RetryStrategy, BackoffStrategy, ExecutionInterceptor,
  // ClientOverrideConfiguration, SdkRequest): javac demands a "requires static transitive" module when compiling
  // every consumer, which would make the SDK mandatory for callers that never touch the adapter. Callers of the
  // adapter read the SDK anyway: requiring any SDK module (an automatic module) reads all of them.
  requires static software.amazon.awssdk.retries.api;
  requires static software.amazon.awssdk.core;
  // Optional; error codes and response headers of AwsServiceException, used internally only.
  requires static software.amazon.awssdk.awscore;
  requires static software.amazon.awssdk.http;
}
