package dev.cirrus.crypto.keystore;

import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.LocalAws;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.cryptography.keystore.KeyStore;
import software.amazon.cryptography.keystore.model.KMSConfiguration;
import software.amazon.cryptography.keystore.model.KeyStoreConfig;

/** One key store table with one KMS key, seen through Cirrus and through the MPL KeyStore. */
final class KeyStores {
  final LocalAws aws;
  final String table;
  final String logicalName;
  final String kmsArn;

  private KeyStores(LocalAws aws, String table, String logicalName, String kmsArn) {
    this.aws = aws;
    this.table = table;
    this.logicalName = logicalName;
    this.kmsArn = kmsArn;
  }

  /** A new table (created by Cirrus) and KMS key. */
  static KeyStores create(LocalAws aws) {
    String table = aws.uniqueName("keystore");
    KeyStores stores = new KeyStores(aws, table, table + "-logical", aws.createKmsKeyArn());
    stores.cirrus().createTable();
    return stores;
  }

  static RetryPolicy fastRetry(int attempts) {
    return RetryPolicy.builder()
        .maxAttempts(attempts)
        .backoff(Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(5)))
        .build();
  }

  DynamoDbBranchKeyStore.Builder builder(AwsClients clients) {
    return DynamoDbBranchKeyStore.builder()
        .tableName(table)
        .logicalKeyStoreName(logicalName)
        .kmsKeyArn(kmsArn)
        .dynamoDbClient(clients.dynamoDb())
        .kmsClient(clients.kms())
        .retryPolicy(fastRetry(8));
  }

  DynamoDbBranchKeyStore cirrus() {
    return builder(aws.clients()).build();
  }

  KeyStore mpl() {
    return mpl(aws.clients(), logicalName);
  }

  KeyStore mpl(AwsClients clients, String logical) {
    return KeyStore.builder()
        .KeyStoreConfig(KeyStoreConfig.builder()
            .ddbTableName(table)
            .logicalKeyStoreName(logical)
            .ddbClient(clients.dynamoDb())
            .kmsClient(clients.kms())
            .kmsConfiguration(KMSConfiguration.builder().kmsKeyArn(kmsArn).build())
            .build())
        .build();
  }

  Map<String, AttributeValue> item(String branchKeyId, String type) {
    return aws.dynamoDb().getItem(r -> r.tableName(table).consistentRead(true)
        .key(Map.of("branch-key-id", AttributeValue.fromS(branchKeyId), "type", AttributeValue.fromS(type))))
        .item();
  }

  void put(Map<String, AttributeValue> item) {
    aws.dynamoDb().putItem(r -> r.tableName(table).item(item));
  }

  static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
