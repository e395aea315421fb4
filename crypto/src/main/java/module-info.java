/**
 * Cirrus Crypto: envelope encryption over AWS KMS in the AWS Encryption SDK message format, with cached data keys.
 *
 * <p>Exports the public API only (with the optional ESDK bridge, {@code dev.cirrus.crypto.esdk}); {@code dev.cirrus.crypto.internal} stays inside the module.
 */
// The AWS SDK v2 jars are automatic modules (Automatic-Module-Name, no descriptor): nothing to warn about.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cirrus.crypto {
  exports dev.cirrus.crypto;
  // The ESDK CryptoMaterialsCache bridge; usable only with the optional ESDK on the path.
  exports dev.cirrus.crypto.esdk;

  // Named by public signatures: CacheStats and Ticker, RetryPolicy, KmsClient/KmsAsyncClient and their builders.
  requires transitive dev.cirrus.cache;
  requires transitive dev.cirrus.retry;
  requires transitive software.amazon.awssdk.services.kms;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.awscore;
  requires software.amazon.awssdk.retries.api;
  requires org.slf4j;

  // Optional (the pom marks it optional): only the ESDK CryptoMaterialsCache bridge needs it. Not transitive
  // although the bridge's signatures name ESDK types: javac demands a "requires static transitive" module when
  // compiling every consumer, which would make the ESDK mandatory; users of the bridge require it themselves.
  // The ESDK jar has no module descriptor or Automatic-Module-Name, so this is the name derived from its file
  // name, aws-encryption-sdk-java-<version>.jar.
  requires static aws.encryption.sdk.java;
}
