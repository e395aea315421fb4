/**
 * Cirrus S3 utilities: key-prefix hashing and planning, and multipart transfers with bounded memory.
 *
 * <p>Exports the public API only; {@code dev.cirrus.s3.internal} stays inside the module.
 */
// The AWS SDK v2 jars are automatic modules (Automatic-Module-Name, no descriptor): nothing to warn about.
// "module": javac advises against the terminal digit in dev.cirrus.s3; the name follows the SDK's own
// software.amazon.awssdk.services.s3.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic", "module"})
module dev.cirrus.s3 {
  exports dev.cirrus.s3;

  // Named by public signatures: RetryPolicy; S3Client and S3AsyncClient.
  requires transitive dev.cirrus.retry;
  requires transitive software.amazon.awssdk.services.s3;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.retries.api;
  requires org.slf4j;
}
