package dev.cirrus.crypto.keystore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.crypto.BranchKeyException;
import dev.cirrus.crypto.BranchKeyException.Reason;
import dev.cirrus.crypto.BranchKeyMaterials;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.cryptography.keystore.model.GetActiveBranchKeyInput;

/** Missing, altered and foreign items, and DynamoDB and KMS faults: each error's type, reason and message. */
class KeyStoreFaultsIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  static AbstractThrowableAssert<?, ? extends Throwable> assertBranchKeyError(Throwable thrown, Reason reason,
      String message) {
    Throwable t = thrown instanceof CompletionException ? thrown.getCause() : thrown;
    return assertThat(t).isInstanceOf(BranchKeyException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(((BranchKeyException) e).reason()).isEqualTo(reason));
  }

  static Throwable thrown(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected an exception");
  }

  /** The message names no form of the key. */
  static void assertNoKeyBytes(Throwable t, byte[] key) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      assertThat(String.valueOf(c.getMessage()))
          .doesNotContain(HexFormat.of().formatHex(key))
          .doesNotContain(Base64.getEncoder().encodeToString(key));
    }
  }

  @Test
  void reads_unknownBranchKeyId_notFound() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.cirrus();

    assertBranchKeyError(thrown(() -> store.activeBranchKey("nope")), Reason.NOT_FOUND,
        "branch key nope: not found: no ACTIVE item in the key store");
    assertBranchKeyError(thrown(() -> store.beaconKey("nope")), Reason.NOT_FOUND,
        "branch key nope: not found: no beacon item in the key store");
    assertBranchKeyError(thrown(() -> store.activeBranchKeyAsync("nope").join()), Reason.NOT_FOUND,
        "branch key nope: not found: no ACTIVE item in the key store");
    assertBranchKeyError(thrown(() -> store.versionKey("nope")), Reason.NOT_FOUND,
        "branch key nope: not found: no ACTIVE item in the key store");
  }

  @Test
  void branchKeyVersion_unknownVersion_notFoundNamesIdAndVersion() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.cirrus();
    String id = store.createKey();
    String version = "00000000-0000-4000-8000-000000000000";

    assertBranchKeyError(thrown(() -> store.branchKeyVersion(id, version)), Reason.NOT_FOUND,
        "branch key " + id + " version " + version + ": not found: no version item in the key store");
    assertThatThrownBy(() -> store.branchKeyVersion(id, "v1")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'v1'");
  }

  @Test
  void activeBranchKey_encTampered_malformedNamesIdAndVersionNotKey() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.cirrus();
    String id = store.createKey();
    BranchKeyMaterials before = store.activeBranchKey(id);
    Map<String, AttributeValue> item = new HashMap<>(s.item(id, "branch:ACTIVE"));
    byte[] enc = item.get("enc").b().asByteArray();
    enc[enc.length - 1] ^= 1;
    item.put("enc", AttributeValue.fromB(SdkBytes.fromByteArray(enc)));
    s.put(item);

    Throwable t = thrown(() -> store.activeBranchKey(id));

    assertBranchKeyError(t, Reason.MALFORMED, "branch key " + id + " version " + before.version()
        + ": malformed: KMS Decrypt failed with InvalidCiphertextException: the item's ciphertext or encryption "
        + "context (attributes, logical key store name) was altered");
    assertNoKeyBytes(t, before.keyBytes());
    assertThat(store.branchKeyVersion(id, before.version()).keyBytes()).isEqualTo(before.keyBytes());
  }

  @Test
  void activeBranchKey_otherLogicalKeyStoreName_kmsContextMismatchMalformed() {
    KeyStores s = KeyStores.create(AWS);
    String id = s.cirrus().createKey();
    String version = s.cirrus().activeBranchKey(id).version();
    DynamoDbBranchKeyStore other = s.builder(AWS.clients()).logicalKeyStoreName("another-store").build();

    assertBranchKeyError(thrown(() -> other.activeBranchKey(id)), Reason.MALFORMED, "branch key " + id
        + " version " + version + ": malformed: KMS Decrypt failed with InvalidCiphertextException: the item's "
        + "ciphertext or encryption context (attributes, logical key store name) was altered");
    // the MPL refuses the same way: the binding is KMS's, not a check of ours
    assertThatThrownBy(() -> s.mpl(AWS.clients(), "another-store")
        .GetActiveBranchKey(GetActiveBranchKeyInput.builder().branchKeyIdentifier(id).build()))
        .hasStackTraceContaining("InvalidCiphertext");
  }

  @Test
  void reads_kmsArnNotTheConfiguredKey_accessDeniedBeforeAnyKmsCall() {
    KeyStores s = KeyStores.create(AWS);
    String otherArn = AWS.createKmsKeyArn();
    String id = s.builder(AWS.clients()).kmsKeyArn(otherArn).build().createKey();
    FaultProxy proxy = AWS.proxy();
    DynamoDbBranchKeyStore store = s.builder(AWS.clients(proxy)).build();

    String expected = "branch key " + id + "%s: access denied: the item's kms-arn " + otherArn
        + " is not the configured KMS key " + s.kmsArn;
    assertBranchKeyError(thrown(() -> store.activeBranchKey(id)), Reason.ACCESS_DENIED,
        String.format(expected, " version " + s.item(id, "branch:ACTIVE").get("version").s().substring(15)));
    assertBranchKeyError(thrown(() -> store.beaconKey(id)), Reason.ACCESS_DENIED, String.format(expected, ""));
    assertBranchKeyError(thrown(() -> store.versionKey(id)), Reason.ACCESS_DENIED,
        String.format(expected, " version " + s.item(id, "branch:ACTIVE").get("version").s().substring(15)));
    assertThat(proxy.count("KMS.Decrypt") + proxy.count("KMS.ReEncrypt")).isZero();
  }

  @Test
  void activeBranchKey_itemMissingOrMistypedAttributes_malformedNamesTheAttribute() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.cirrus();
    String id = store.createKey();
    Map<String, AttributeValue> original = s.item(id, "branch:ACTIVE");

    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("create-time", "attribute create-time is missing");
    cases.put("enc", "attribute enc is missing");
    cases.put("kms-arn", "attribute kms-arn is missing");
    cases.put("version", "attribute version is missing");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      Map<String, AttributeValue> item = new HashMap<>(original);
      item.remove(c.getKey());
      s.put(item);
      String v = c.getKey().equals("version") ? "" : " version " + original.get("version").s().substring(15);
      assertBranchKeyError(thrown(() -> store.activeBranchKey(id)), Reason.MALFORMED,
          "branch key " + id + v + ": malformed: " + c.getValue());
    }
    Map<String, AttributeValue> item = new HashMap<>(original);
    item.put("kms-arn", AttributeValue.fromN("7"));
    s.put(item);
    assertBranchKeyError(thrown(() -> store.activeBranchKey(id)), Reason.MALFORMED, "branch key " + id
        + " version " + original.get("version").s().substring(15) + ": malformed: attribute kms-arn is not a string");
  }

  @Test
  void reads_wrongHierarchyVersion_malformed() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.cirrus();
    String id = store.createKey();
    Map<String, AttributeValue> item = new HashMap<>(s.item(id, "beacon:ACTIVE"));
    item.put("hierarchy-version", AttributeValue.fromN("2"));
    s.put(item);
    Map<String, AttributeValue> active = new HashMap<>(s.item(id, "branch:ACTIVE"));
    String version = active.get("version").s().substring(15);
    active.put("hierarchy-version", AttributeValue.fromS("1"));
    s.put(active);

    assertBranchKeyError(thrown(() -> store.beaconKey(id)), Reason.MALFORMED,
        "branch key " + id + ": malformed: hierarchy-version 2 is not supported, only 1");
    assertBranchKeyError(thrown(() -> store.activeBranchKey(id)), Reason.MALFORMED,
        "branch key " + id + " version " + version + ": malformed: hierarchy-version is not a number");
  }

  @Test
  void reads_dynamoDbThrottledAt30Percent_retriedAndSucceed() {
    KeyStores s = KeyStores.create(AWS);
    FaultProxy proxy = AWS.proxy();
    proxy.inject("DynamoDB.*", 0.3, Fault.throttle());
    AwsClients via = AWS.clients(proxy);
    DynamoDbBranchKeyStore store = s.builder(via)
        .dynamoDbClient(AWS.closeAfterTest(AwsClients.amend(via.dynamoDbBuilder(),
            o -> o.retryStrategy(DefaultRetryStrategy.doNotRetry())).build()))
        .retryPolicy(KeyStores.fastRetry(20)).build();

    String id = store.createKey();
    String v2 = store.versionKey(id);
    for (int i = 0; i < 20; i++) {
      assertThat(store.activeBranchKey(id).version()).isEqualTo(v2);
    }

    assertThat(proxy.faulted("DynamoDB.GetItem")).isPositive();
    assertThat(s.mpl().GetActiveBranchKey(GetActiveBranchKeyInput.builder().branchKeyIdentifier(id).build())
        .branchKeyMaterials().branchKeyVersion()).isEqualTo(v2);
  }

  @Test
  void reads_kmsUnavailable_unavailableAndRetryable() {
    KeyStores s = KeyStores.create(AWS);
    String id = s.cirrus().createKey();
    String version = s.cirrus().activeBranchKey(id).version();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.*", 1.0, Fault.serverError());
    AwsClients via = AWS.clients(proxy);
    DynamoDbBranchKeyStore store = s.builder(via).retryPolicy(KeyStores.fastRetry(3))
        .kmsAsyncClient(via.kmsAsync()).build();

    for (Throwable t : new Throwable[] {thrown(() -> store.activeBranchKey(id)),
        thrown(() -> store.activeBranchKeyAsync(id).join())}) {
      assertBranchKeyError(t, Reason.UNAVAILABLE, "branch key " + id + " version " + version
          + ": unavailable: KMS Decrypt failed after 3 attempts: KMSInternalException");
      assertThat(((BranchKeyException) (t instanceof CompletionException ? t.getCause() : t)).retryable()).isTrue();
    }
    assertThatThrownBy(store::createKey).isInstanceOf(BranchKeyException.class)
        .hasMessageContaining("unavailable: KMS GenerateDataKeyWithoutPlaintext failed after 3 attempts");
  }

  @Test
  void createKey_existingBranchKeyId_conflict() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.cirrus();
    String id = store.createKey("fixed-id", Map.of());
    byte[] key = store.activeBranchKey(id).keyBytes();

    assertBranchKeyError(thrown(() -> store.createKey("fixed-id", Map.of("a", "b"))), Reason.CONFLICT,
        "branch key fixed-id: conflict: the branch key id already exists in the key store");
    assertThat(store.activeBranchKey(id).keyBytes()).isEqualTo(key);
  }
}
