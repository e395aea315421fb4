package dev.cirrus.crypto.keystore.examples;

import dev.cirrus.crypto.BranchKeyMaterials;
import dev.cirrus.crypto.keystore.DynamoDbBranchKeyStore;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** The key store's life cycle, as docs/guides/keystore.md shows it: table, key, rotation, reads. */
public final class KeyStoreExample {
  private KeyStoreExample() {}

  /** Runs the life cycle on a new table; returns what the guide's comments say. */
  public static String lifecycle(DynamoDbClient dynamo, KmsClient kms, String table, String kmsKeyArn) {
    DynamoDbBranchKeyStore store = DynamoDbBranchKeyStore.builder()
        .tableName(table)
        .logicalKeyStoreName(table) // bound into every key's KMS encryption context: never change it
        .kmsKeyArn(kmsKeyArn)
        .dynamoDbClient(dynamo)
        .kmsClient(kms)
        .build();
    store.createTable(); // once per deployment; verifyTable() at start-up checks it

    String branchKeyId = store.createKey(null, Map.of("tenant", "acme"));
    BranchKeyMaterials first = store.activeBranchKey(branchKeyId);
    String firstVersion = first.version();
    first.destroy(); // the caller owns the plaintext key

    String secondVersion = store.versionKey(branchKeyId); // rotation: a new ACTIVE version
    BranchKeyMaterials old = store.branchKeyVersion(branchKeyId, firstVersion); // old messages still decrypt
    BranchKeyMaterials active = store.activeBranchKey(branchKeyId);
    String result = "active is new: " + active.version().equals(secondVersion)
        + ", old version readable: " + old.version().equals(firstVersion)
        + ", context: " + active.encryptionContext(); // active is new: true, old version readable: true, context: {tenant=acme}
    old.destroy();
    active.destroy();
    return result;
  }
}
