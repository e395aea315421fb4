package dev.cirrus.crypto.keystore;

import static dev.cirrus.crypto.keystore.KeyStores.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.crypto.BranchKeyMaterials;
import dev.cirrus.testsupport.LocalAws;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.cryptography.keystore.KeyStore;
import software.amazon.cryptography.keystore.model.CreateKeyInput;
import software.amazon.cryptography.keystore.model.CreateKeyStoreInput;
import software.amazon.cryptography.keystore.model.GetActiveBranchKeyInput;
import software.amazon.cryptography.keystore.model.GetBeaconKeyInput;
import software.amazon.cryptography.keystore.model.GetBranchKeyVersionInput;
import software.amazon.cryptography.keystore.model.VersionKeyInput;

/** Cirrus and the MPL 1.11.0 KeyStore on one table: each reads what the other writes, byte for byte. */
class MplInteropIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  static final Map<String, String> CUSTOM = Map.of("tenant", "t-42", "purpose", "interop", "ünï", "çødé");

  static software.amazon.cryptography.keystore.model.BranchKeyMaterials mplActive(KeyStore mpl, String id) {
    return mpl.GetActiveBranchKey(GetActiveBranchKeyInput.builder().branchKeyIdentifier(id).build())
        .branchKeyMaterials();
  }

  static software.amazon.cryptography.keystore.model.BranchKeyMaterials mplVersion(KeyStore mpl, String id,
      String version) {
    return mpl.GetBranchKeyVersion(GetBranchKeyVersionInput.builder().branchKeyIdentifier(id)
        .branchKeyVersion(version).build()).branchKeyMaterials();
  }

  static byte[] mplBeacon(KeyStore mpl, String id) {
    return bytes(mpl.GetBeaconKey(GetBeaconKeyInput.builder().branchKeyIdentifier(id).build())
        .beaconKeyMaterials().beaconKey());
  }

  static void assertSame(BranchKeyMaterials cirrus, software.amazon.cryptography.keystore.model.BranchKeyMaterials mpl) {
    assertThat(cirrus.branchKeyId()).isEqualTo(mpl.branchKeyIdentifier());
    assertThat(cirrus.version()).isEqualTo(mpl.branchKeyVersion());
    assertThat(cirrus.keyBytes()).isEqualTo(bytes(mpl.branchKey()));
    assertThat(cirrus.encryptionContext()).isEqualTo(mpl.encryptionContext());
  }

  @Test
  void createKey_cirrus_mplReadsActiveVersionAndBeaconWithIdenticalBytes() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore cirrus = s.cirrus();
    KeyStore mpl = s.mpl();

    String id = cirrus.createKey();
    BranchKeyMaterials active = cirrus.activeBranchKey(id);

    assertSame(active, mplActive(mpl, id));
    assertSame(cirrus.branchKeyVersion(id, active.version()), mplVersion(mpl, id, active.version()));
    assertThat(cirrus.beaconKey(id).keyBytes()).isEqualTo(mplBeacon(mpl, id));
    assertThat(active.encryptionContext()).isEmpty();
  }

  @Test
  void createKey_mpl_cirrusReadsIdenticalBytes() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore cirrus = s.cirrus();
    KeyStore mpl = s.mpl();

    String id = mpl.CreateKey(CreateKeyInput.builder().build()).branchKeyIdentifier();
    software.amazon.cryptography.keystore.model.BranchKeyMaterials fromMpl = mplActive(mpl, id);

    assertSame(cirrus.activeBranchKey(id), fromMpl);
    assertSame(cirrus.branchKeyVersion(id, fromMpl.branchKeyVersion()), fromMpl);
    assertThat(cirrus.beaconKey(id).keyBytes()).isEqualTo(mplBeacon(mpl, id));
  }

  @Test
  void createKey_customContextEitherSide_otherSideReadsItUnprefixed() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore cirrus = s.cirrus();
    KeyStore mpl = s.mpl();

    String fromCirrus = cirrus.createKey("cirrus-custom-" + AWS.uniqueName("id"), CUSTOM);
    String fromMpl = mpl.CreateKey(CreateKeyInput.builder().branchKeyIdentifier("mpl-custom-" + AWS.uniqueName("id"))
        .encryptionContext(CUSTOM).build()).branchKeyIdentifier();

    for (String id : new String[] {fromCirrus, fromMpl}) {
      BranchKeyMaterials c = cirrus.activeBranchKey(id);
      assertThat(c.encryptionContext()).isEqualTo(CUSTOM);
      assertSame(c, mplActive(mpl, id));
      assertThat(cirrus.beaconKey(id).encryptionContext()).isEqualTo(CUSTOM);
      assertThat(cirrus.beaconKey(id).keyBytes()).isEqualTo(mplBeacon(mpl, id));
    }
    assertThat(s.item(fromCirrus, "branch:ACTIVE")).containsEntry("aws-crypto-ec:tenant", AttributeValue.fromS("t-42"));
  }

  @Test
  void versionKey_cirrus_bothReadOldAndNewVersions() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore cirrus = s.cirrus();
    KeyStore mpl = s.mpl();
    String id = cirrus.createKey(null, CUSTOM);
    String old = cirrus.activeBranchKey(id).version();
    byte[] beacon = cirrus.beaconKey(id).keyBytes();

    String next = cirrus.versionKey(id);

    assertThat(next).isNotEqualTo(old);
    assertThat(mplActive(mpl, id).branchKeyVersion()).isEqualTo(next);
    assertSame(cirrus.activeBranchKey(id), mplActive(mpl, id));
    assertSame(cirrus.branchKeyVersion(id, old), mplVersion(mpl, id, old));
    assertSame(cirrus.branchKeyVersion(id, next), mplVersion(mpl, id, next));
    assertThat(cirrus.branchKeyVersion(id, next).keyBytes()).isNotEqualTo(cirrus.branchKeyVersion(id, old).keyBytes());
    assertThat(cirrus.beaconKey(id).keyBytes()).isEqualTo(beacon).isEqualTo(mplBeacon(mpl, id));
    assertThat(cirrus.branchKeyVersion(id, next).encryptionContext()).isEqualTo(CUSTOM);
  }

  @Test
  void versionKey_mpl_bothReadOldAndNewVersions() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore cirrus = s.cirrus();
    KeyStore mpl = s.mpl();
    String id = cirrus.createKey(null, CUSTOM);
    String old = cirrus.activeBranchKey(id).version();

    mpl.VersionKey(VersionKeyInput.builder().branchKeyIdentifier(id).build());
    String next = mplActive(mpl, id).branchKeyVersion();

    assertThat(next).isNotEqualTo(old);
    assertSame(cirrus.activeBranchKey(id), mplActive(mpl, id));
    assertSame(cirrus.branchKeyVersion(id, old), mplVersion(mpl, id, old));
    assertSame(cirrus.branchKeyVersion(id, next), mplVersion(mpl, id, next));
    // and Cirrus can rotate a key the MPL rotated
    String third = cirrus.versionKey(id);
    assertSame(cirrus.branchKeyVersion(id, third), mplActive(mpl, id));
  }

  @Test
  void items_cirrusAndMpl_sameAttributesTypesAndTimestampFormat() {
    KeyStores s = KeyStores.create(AWS);
    String fromCirrus = s.cirrus().createKey(null, CUSTOM);
    String fromMpl = s.mpl().CreateKey(CreateKeyInput.builder().branchKeyIdentifier(AWS.uniqueName("mpl"))
        .encryptionContext(CUSTOM).build()).branchKeyIdentifier();

    for (String type : new String[] {"branch:ACTIVE", "beacon:ACTIVE"}) {
      Map<String, AttributeValue> c = s.item(fromCirrus, type);
      Map<String, AttributeValue> m = s.item(fromMpl, type);
      assertThat(shape(c)).isEqualTo(shape(m));
      assertThat(c.get("hierarchy-version")).isEqualTo(AttributeValue.fromN("1")).isEqualTo(m.get("hierarchy-version"));
      assertThat(c.get("kms-arn")).isEqualTo(m.get("kms-arn"));
      assertThat(c.get("create-time").s()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000\\d{3}Z");
      assertThat(m.get("create-time").s()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.000\\d{3}Z");
    }
    String version = s.item(fromCirrus, "branch:ACTIVE").get("version").s();
    assertThat(shape(s.item(fromCirrus, version)))
        .isEqualTo(shape(s.item(fromMpl, s.item(fromMpl, "branch:ACTIVE").get("version").s())));
  }

  @Test
  void createKey_injectedClockAndUuids_writesThemAsTheMplDoes() {
    KeyStores s = KeyStores.create(AWS);
    Instant at = Instant.parse("2026-03-04T05:06:07.089Z");
    String[] uuids = {"11111111-2222-4333-8444-555555555555", "66666666-7777-4888-9999-aaaaaaaaaaaa"};
    int[] next = {0};
    DynamoDbBranchKeyStore cirrus = s.builder(AWS.clients()).clock(Clock.fixed(at, ZoneOffset.UTC))
        .uuidSupplier(() -> uuids[next[0]++]).build();

    String id = cirrus.createKey();

    assertThat(id).isEqualTo(uuids[0]);
    Map<String, AttributeValue> active = s.item(id, "branch:ACTIVE");
    assertThat(active.get("version").s()).isEqualTo("branch:version:" + uuids[1]);
    assertThat(active.get("create-time").s()).isEqualTo("2026-03-04T05:06:07.000089Z");
    assertThat(mplActive(s.mpl(), id).branchKeyVersion()).isEqualTo(uuids[1]);
  }

  @Test
  void createTable_cirrus_mplCreateKeyStoreAcceptsItAndVerifyTablePasses() {
    KeyStores s = KeyStores.create(AWS);

    s.mpl().CreateKeyStore(CreateKeyStoreInput.builder().build());
    s.cirrus().verifyTable();
    s.cirrus().createTable(); // idempotent on an existing key store table
  }

  @Test
  void asyncReads_asyncClients_sameMaterialsAsSync() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore sync = s.cirrus();
    DynamoDbBranchKeyStore async = s.builder(AWS.clients()).dynamoDbAsyncClient(AWS.dynamoDbAsync())
        .kmsAsyncClient(AWS.kmsAsync()).build();
    String id = s.mpl().CreateKey(CreateKeyInput.builder().build()).branchKeyIdentifier();
    BranchKeyMaterials active = sync.activeBranchKey(id);

    BranchKeyMaterials a = async.activeBranchKeyAsync(id).join();
    BranchKeyMaterials v = async.branchKeyVersionAsync(id, active.version()).join();
    BeaconKeyMaterials b = async.beaconKeyAsync(id).join();
    BranchKeyMaterials viaSyncDefault = sync.activeBranchKeyAsync(id).join();

    assertThat(a.keyBytes()).isEqualTo(active.keyBytes()).isEqualTo(v.keyBytes()).isEqualTo(viaSyncDefault.keyBytes());
    assertThat(a.version()).isEqualTo(active.version());
    assertThat(b.keyBytes()).isEqualTo(sync.beaconKey(id).keyBytes());
  }

  private static Map<String, String> shape(Map<String, AttributeValue> item) {
    Map<String, String> out = new TreeMap<>();
    item.forEach((k, v) -> out.put(k, v.type().toString()));
    return out;
  }
}
