package dev.cirrus.crypto.keystore.internal;

import dev.cirrus.crypto.BranchKeyException;
import dev.cirrus.crypto.BranchKeyException.Reason;
import dev.cirrus.crypto.keystore.internal.BranchKeyItems.Checked;
import dev.cirrus.crypto.keystore.internal.BranchKeyItems.Kind;
import dev.cirrus.crypto.keystore.internal.StoreCalls.Subject;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * CreateKey and VersionKey as the MPL KeyStore does them: the same KMS calls with the same encryption contexts, the
 * same items in one TransactWriteItems. VersionKey adds the optimistic lock on the old ACTIVE {@code enc} of the
 * specification's 2025-01-16 change, so of two concurrent rotations exactly one wins. Thread-safe.
 */
public final class KeyWrites {
  private static final String ID_NAME = "#BranchKeyIdentifierField";
  private static final String ENC_NAME = "#Enc";
  private static final String OLD_ENC = ":oldEnc";
  private static final String NOT_EXISTS = "attribute_not_exists(" + ID_NAME + ")";
  private static final String EXISTS_WITH_ENC = "attribute_exists(" + ID_NAME + ") AND " + ENC_NAME + " = " + OLD_ENC;

  private final String tableName;
  private final String logicalKeyStoreName;
  private final String kmsArn;
  private final StoreCalls calls;
  private final Clock clock;
  private final Supplier<String> uuids;

  public KeyWrites(String tableName, String logicalKeyStoreName, String kmsArn, StoreCalls calls, Clock clock,
      Supplier<String> uuids) {
    this.tableName = tableName;
    this.logicalKeyStoreName = logicalKeyStoreName;
    this.kmsArn = kmsArn;
    this.calls = calls;
    this.clock = clock;
    this.uuids = uuids;
  }

  private String newUuid(String what) {
    String uuid = uuids.get();
    try {
      return dev.cirrus.crypto.BranchKeyMaterials.checkVersion(uuid);
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("the UUID supplier gave '" + uuid + "' for a " + what
          + ", not a 36-character UUID string", e);
    }
  }

  /** Creates the version, ACTIVE and beacon items of a new branch key; returns its id. */
  public String createKey(String requestedId, Map<String, String> custom) {
    String branchKeyId = requestedId == null ? newUuid("branch key id") : requestedId;
    String version = newUuid("branch key version");
    Subject subject = new Subject(branchKeyId, version);
    Map<String, String> versionCtx = BranchKeyItems.versionContext(branchKeyId, version,
        BranchKeyItems.timestamp(clock.instant()), logicalKeyStoreName, kmsArn, custom);
    Map<String, String> activeCtx = BranchKeyItems.activeContext(versionCtx);
    Map<String, String> beaconCtx = BranchKeyItems.beaconContext(versionCtx);

    SdkBytes versionEnc = calls.generate(versionCtx, subject);
    SdkBytes activeEnc = calls.reEncrypt(versionEnc, versionCtx, activeCtx, subject);
    SdkBytes beaconEnc = calls.generate(beaconCtx, subject);

    TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
        .transactItems(
            put(BranchKeyItems.toItem(versionCtx, versionEnc), NOT_EXISTS, null),
            put(BranchKeyItems.toItem(activeCtx, activeEnc), NOT_EXISTS, null),
            put(BranchKeyItems.toItem(beaconCtx, beaconEnc), NOT_EXISTS, null))
        .build();
    try {
      calls.transactWrite(request, subject);
    } catch (BranchKeyException e) {
      if (e.reason() == Reason.CONFLICT) {
        throw new BranchKeyException(Reason.CONFLICT, branchKeyId, null,
            "the branch key id already exists in the key store", e.getCause());
      }
      throw e;
    }
    return branchKeyId;
  }

  /** Rotates a branch key: a new version becomes ACTIVE; returns the new version. */
  public String versionKey(String branchKeyId) {
    Subject read = new Subject(branchKeyId, null);
    Map<String, AttributeValue> item = calls.getItem(
        BranchKeyItems.key(branchKeyId, BranchKeyItems.ACTIVE_TYPE), true, read);
    Checked active = BranchKeyItems.check(item, Kind.ACTIVE, branchKeyId, null, logicalKeyStoreName, kmsArn);
    Subject old = new Subject(branchKeyId, active.version());
    // Authenticates the ACTIVE item before building on it, as the MPL does (the result is not used).
    calls.reEncrypt(active.enc(), active.context(), active.context(), old);

    String version = newUuid("branch key version");
    Subject subject = new Subject(branchKeyId, version);
    Map<String, String> versionCtx = BranchKeyItems.nextVersionContext(active.context(), version,
        BranchKeyItems.timestamp(clock.instant()));
    Map<String, String> activeCtx = BranchKeyItems.activeContext(versionCtx);
    SdkBytes versionEnc = calls.generate(versionCtx, subject);
    SdkBytes activeEnc = calls.reEncrypt(versionEnc, versionCtx, activeCtx, subject);

    TransactWriteItemsRequest request = TransactWriteItemsRequest.builder()
        .transactItems(
            put(BranchKeyItems.toItem(versionCtx, versionEnc), NOT_EXISTS, null),
            put(BranchKeyItems.toItem(activeCtx, activeEnc), EXISTS_WITH_ENC, active.enc()))
        .build();
    try {
      calls.transactWrite(request, subject);
    } catch (BranchKeyException e) {
      if (e.reason() == Reason.CONFLICT) {
        throw new BranchKeyException(Reason.CONFLICT, branchKeyId, active.version(),
            "the ACTIVE item changed since it was read (a concurrent rotation won); version " + version
                + " was not written", e.getCause());
      }
      throw e;
    }
    return version;
  }

  private TransactWriteItem put(Map<String, AttributeValue> item, String condition, SdkBytes oldEnc) {
    Put.Builder put = Put.builder().tableName(tableName).item(item).conditionExpression(condition);
    if (oldEnc == null) {
      put.expressionAttributeNames(Map.of(ID_NAME, BranchKeyItems.BRANCH_KEY_ID));
    } else {
      put.expressionAttributeNames(Map.of(ID_NAME, BranchKeyItems.BRANCH_KEY_ID, ENC_NAME, BranchKeyItems.ENC))
          .expressionAttributeValues(Map.of(OLD_ENC, AttributeValue.builder().b(oldEnc).build()));
    }
    return TransactWriteItem.builder().put(put.build()).build();
  }
}
