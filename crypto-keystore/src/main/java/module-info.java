/**
 * Cirrus Crypto Key Store: a DynamoDB branch key store in the MPL KeyStore format, a {@code BranchKeySource} for the
 * hierarchical keyring.
 *
 * <p>Exports the public API only; {@code dev.cirrus.crypto.keystore.internal} stays inside the module.
 */
// The AWS SDK v2 jars are automatic modules (Automatic-Module-Name, no descriptor): nothing to warn about.
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module dev.cirrus.crypto.keystore {
  exports dev.cirrus.crypto.keystore;

  // Named by public signatures: BranchKeySource, BranchKeyMaterials, BranchKeyException; RetryPolicy;
  // DynamoDbClient, DynamoDbAsyncClient, BillingMode, ProvisionedThroughput; KmsClient, KmsAsyncClient.
  requires transitive dev.cirrus.crypto;
  requires transitive dev.cirrus.retry;
  requires transitive software.amazon.awssdk.services.dynamodb;
  requires transitive software.amazon.awssdk.services.kms;
  // Table definition checks before CreateTable.
  requires dev.cirrus.dynamo;
  requires software.amazon.awssdk.core;
  requires software.amazon.awssdk.awscore;
}
