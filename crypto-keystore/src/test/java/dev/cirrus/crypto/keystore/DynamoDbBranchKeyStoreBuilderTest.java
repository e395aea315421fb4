package dev.cirrus.crypto.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** Builder and argument checks; no calls are made. */
class DynamoDbBranchKeyStoreBuilderTest {
  static final String ARN = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab";
  static final DynamoDbClient DYNAMO = DynamoDbClient.builder().region(Region.US_EAST_1)
      .credentialsProvider(AnonymousCredentialsProvider.create()).build();
  static final KmsClient KMS = KmsClient.builder().region(Region.US_EAST_1)
      .credentialsProvider(AnonymousCredentialsProvider.create()).build();

  @AfterAll
  static void close() {
    DYNAMO.close();
    KMS.close();
  }

  static DynamoDbBranchKeyStore.Builder valid() {
    return DynamoDbBranchKeyStore.builder().tableName("keys").logicalKeyStoreName("keys").kmsKeyArn(ARN)
        .dynamoDbClient(DYNAMO).kmsClient(KMS);
  }

  @Test
  void build_allRequired_exposesConfigurationWithoutSecrets() {
    DynamoDbBranchKeyStore store = valid().build();

    assertThat(store.tableName()).isEqualTo("keys");
    assertThat(store.logicalKeyStoreName()).isEqualTo("keys");
    assertThat(store.kmsKeyArn()).isEqualTo(ARN);
    assertThat(store).hasToString("DynamoDbBranchKeyStore{table=keys, logicalKeyStoreName=keys, kmsKeyArn=" + ARN + "}");
  }

  @Test
  void build_missingRequiredValue_nullPointerNamesIt() {
    assertThatThrownBy(() -> valid().tableName(null).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("tableName");
    assertThatThrownBy(() -> valid().logicalKeyStoreName(null).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("logicalKeyStoreName");
    assertThatThrownBy(() -> valid().kmsKeyArn(null).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("kmsKeyArn");
    assertThatThrownBy(() -> valid().dynamoDbClient(null).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("dynamoDbClient");
    assertThatThrownBy(() -> valid().kmsClient(null).build()).isInstanceOf(NullPointerException.class)
        .hasMessage("kmsClient");
    assertThatThrownBy(() -> valid().retryPolicy(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("retryPolicy");
    assertThatThrownBy(() -> valid().clock(null)).isInstanceOf(NullPointerException.class).hasMessage("clock");
    assertThatThrownBy(() -> valid().uuidSupplier(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("uuidSupplier");
    assertThatThrownBy(() -> valid().grantTokens(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("grantTokens");
  }

  @Test
  void build_valueOutOfRange_illegalArgumentNamesFieldAndRange() {
    assertThatThrownBy(() -> valid().tableName("ab").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tableName must be 3 to 255 characters of [a-zA-Z0-9_.-], was 'ab'");
    assertThatThrownBy(() -> valid().tableName("has space").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("tableName must be");
    assertThatThrownBy(() -> valid().logicalKeyStoreName("").build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("logicalKeyStoreName must not be empty");
    for (String bad : List.of("alias/my-key", "1234abcd-12ab-34cd-56ef-1234567890ab",
        "arn:aws:kms:us-east-1:123456789012:alias/my-key", "arn:aws:s3:::bucket")) {
      assertThatThrownBy(() -> valid().kmsKeyArn(bad).build()).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("kmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/<id>), not an alias or "
              + "a bare key id, was '" + bad + "'");
    }
    assertThatThrownBy(() -> valid().grantTokens(Collections.nCopies(11, "t")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("grantTokens must be at most 10 non-empty tokens, were 11");
    assertThatThrownBy(() -> valid().grantTokens(List.of("")).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("grantTokens must be at most 10 non-empty tokens");
  }

  @Test
  void calls_badArguments_rejectedBeforeAnyCall() {
    DynamoDbBranchKeyStore store = valid().build();

    assertThatThrownBy(() -> store.activeBranchKey(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("branchKeyId");
    assertThatThrownBy(() -> store.activeBranchKey("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("branchKeyId must not be empty");
    assertThatThrownBy(() -> store.branchKeyVersion("id", "not-a-uuid")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("branch key version must be a UUID string of 36 characters, was 'not-a-uuid'");
    assertThatThrownBy(() -> store.beaconKey("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> store.versionKey(null)).isInstanceOf(NullPointerException.class);
    assertThat(store.activeBranchKeyAsync("")).isCompletedExceptionally();
    assertThat(store.branchKeyVersionAsync("id", "v")).isCompletedExceptionally();
    assertThatThrownBy(() -> store.createKey("", Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("branchKeyId must not be empty (null for a random UUID)");
    assertThatThrownBy(() -> store.createKey(null, null)).isInstanceOf(NullPointerException.class)
        .hasMessage("customContext");
    assertThatThrownBy(() -> store.createKey(null, Map.of("", "v"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("customContext keys must not be empty");
    Map<String, String> nullValue = new HashMap<>();
    nullValue.put("k", null);
    assertThatThrownBy(() -> store.createKey(null, nullValue)).isInstanceOf(NullPointerException.class)
        .hasMessage("customContext value of k");
    assertThatThrownBy(() -> store.createTable(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("throughput");
  }

  @Test
  void beaconKeyMaterials_destroyAndToString_neverShowKey() {
    byte[] key = new byte[32];
    key[0] = 7;
    BeaconKeyMaterials m = BeaconKeyMaterials.of("id", Map.of("tenant", "t"), key);

    assertThat(m.keyBytes()).isEqualTo(key);
    assertThat(m).hasToString("BeaconKeyMaterials{branchKeyId=id, encryptionContext=[tenant]}");
    m.destroy();
    assertThat(m.isDestroyed()).isTrue();
    assertThatThrownBy(m::keyBytes).isInstanceOf(IllegalStateException.class)
        .hasMessage("beacon key of branch key id was destroyed");
    assertThatThrownBy(() -> BeaconKeyMaterials.of("id", Map.of(), new byte[16]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("beacon key must be 32 bytes, was 16");
  }
}
