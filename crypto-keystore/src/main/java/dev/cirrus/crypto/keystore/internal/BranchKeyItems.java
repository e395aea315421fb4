package dev.cirrus.crypto.keystore.internal;

import dev.cirrus.crypto.BranchKeyException;
import dev.cirrus.crypto.BranchKeyException.Reason;
import dev.cirrus.crypto.BranchKeyMaterials;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The item layout and KMS encryption contexts of the MPL KeyStore (hierarchy version 1), and the checks on an item
 * read back. Stateless.
 *
 * <p>An item holds every attribute of its encryption context except {@code tablename} (the logical key store name,
 * which lives only in the context) plus {@code enc}, the KMS ciphertext of the key; {@code hierarchy-version} is a
 * number, everything else a string.
 */
public final class BranchKeyItems {
  public static final String BRANCH_KEY_ID = "branch-key-id";
  public static final String TYPE = "type";
  public static final String CREATE_TIME = "create-time";
  public static final String HIERARCHY_VERSION = "hierarchy-version";
  public static final String TABLE_NAME = "tablename";
  public static final String KMS_ARN = "kms-arn";
  public static final String ENC = "enc";
  public static final String VERSION = "version";

  public static final String VERSION_PREFIX = "branch:version:";
  public static final String ACTIVE_TYPE = "branch:ACTIVE";
  public static final String BEACON_TYPE = "beacon:ACTIVE";
  public static final String CUSTOM_PREFIX = "aws-crypto-ec:";
  /** The only hierarchy version the MPL 1.11.0 KeyStore writes and this store reads. */
  public static final String HIERARCHY_VERSION_1 = "1";

  // The MPL's Java timestamp: SimpleDateFormat "yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'", whose SSSSSS is the
  // millisecond count zero-padded to six digits (12.345 s prints as 12.000345), not microseconds.
  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss").withZone(ZoneOffset.UTC);

  private BranchKeyItems() {}

  /** Which item of a branch key. */
  public enum Kind {
    ACTIVE,
    VERSION,
    BEACON
  }

  /** The {@code create-time} the MPL writes for {@code now}. */
  public static String timestamp(Instant now) {
    return SECONDS.format(now) + String.format(java.util.Locale.ROOT, ".%06dZ", now.getNano() / 1_000_000);
  }

  /** The sort key of an item. */
  public static String type(Kind kind, String version) {
    switch (kind) {
      case ACTIVE:
        return ACTIVE_TYPE;
      case BEACON:
        return BEACON_TYPE;
      default:
        return VERSION_PREFIX + version;
    }
  }

  /** The primary key of an item. */
  public static Map<String, AttributeValue> key(String branchKeyId, String type) {
    return Map.of(BRANCH_KEY_ID, s(branchKeyId), TYPE, s(type));
  }

  /** The context of a version ("decrypt only") item. */
  public static Map<String, String> versionContext(String branchKeyId, String version, String createTime,
      String logicalKeyStoreName, String kmsArn, Map<String, String> custom) {
    Map<String, String> ctx = new TreeMap<>();
    for (Map.Entry<String, String> e : custom.entrySet()) {
      ctx.put(CUSTOM_PREFIX + e.getKey(), e.getValue());
    }
    ctx.put(BRANCH_KEY_ID, branchKeyId);
    ctx.put(TYPE, VERSION_PREFIX + version);
    ctx.put(CREATE_TIME, createTime);
    ctx.put(TABLE_NAME, logicalKeyStoreName);
    ctx.put(KMS_ARN, kmsArn);
    ctx.put(HIERARCHY_VERSION, HIERARCHY_VERSION_1);
    return ctx;
  }

  /** The ACTIVE context for a version context: {@code version} = its type, {@code type} = branch:ACTIVE. */
  public static Map<String, String> activeContext(Map<String, String> versionContext) {
    Map<String, String> ctx = new TreeMap<>(versionContext);
    ctx.put(VERSION, versionContext.get(TYPE));
    ctx.put(TYPE, ACTIVE_TYPE);
    return ctx;
  }

  /** The beacon context for a version context. */
  public static Map<String, String> beaconContext(Map<String, String> versionContext) {
    Map<String, String> ctx = new TreeMap<>(versionContext);
    ctx.put(TYPE, BEACON_TYPE);
    return ctx;
  }

  /** The context of a new version made from the current ACTIVE context. */
  public static Map<String, String> nextVersionContext(Map<String, String> activeContext, String version,
      String createTime) {
    Map<String, String> ctx = new TreeMap<>(activeContext);
    ctx.remove(VERSION);
    ctx.put(TYPE, VERSION_PREFIX + version);
    ctx.put(CREATE_TIME, createTime);
    return ctx;
  }

  /** The item for a context and ciphertext. */
  public static Map<String, AttributeValue> toItem(Map<String, String> context, SdkBytes enc) {
    Map<String, AttributeValue> item = new HashMap<>();
    for (Map.Entry<String, String> e : context.entrySet()) {
      if (e.getKey().equals(TABLE_NAME)) {
        continue;
      }
      item.put(e.getKey(), e.getKey().equals(HIERARCHY_VERSION)
          ? AttributeValue.builder().n(e.getValue()).build() : s(e.getValue()));
    }
    item.put(ENC, AttributeValue.builder().b(enc).build());
    return item;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.builder().s(value).build();
  }

  /** A checked item: its KMS context, ciphertext, version (none for a beacon) and custom context. */
  public record Checked(Map<String, String> context, SdkBytes enc, String version, Map<String, String> custom) {}

  /**
   * Checks an item read for {@code kind}; {@code version} is the one asked for (VERSION only).
   *
   * @throws BranchKeyException NOT_FOUND for no item, MALFORMED for a bad layout, ACCESS_DENIED for another KMS key
   */
  public static Checked check(Map<String, AttributeValue> item, Kind kind, String branchKeyId, String version,
      String logicalKeyStoreName, String kmsArn) {
    if (item == null || item.isEmpty()) {
      throw new BranchKeyException(Reason.NOT_FOUND, branchKeyId, version,
          "no " + describe(kind) + " item in the key store", null);
    }
    String named = namedVersion(item, kind, version);
    Map<String, String> ctx = new TreeMap<>();
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      String name = e.getKey();
      AttributeValue v = e.getValue();
      if (name.equals(ENC)) {
        require(v.b() != null && v.b().asByteArrayUnsafe().length > 0, branchKeyId, named, "enc is not binary");
      } else if (name.equals(HIERARCHY_VERSION)) {
        require(v.n() != null, branchKeyId, named, "hierarchy-version is not a number");
        ctx.put(name, v.n());
      } else {
        require(!name.equals(TABLE_NAME), branchKeyId, named, "the item has a tablename attribute");
        require(v.s() != null, branchKeyId, named, "attribute " + name + " is not a string");
        ctx.put(name, v.s());
      }
    }
    for (String required : new String[] {BRANCH_KEY_ID, TYPE, CREATE_TIME, HIERARCHY_VERSION, KMS_ARN}) {
      require(ctx.containsKey(required), branchKeyId, named, "attribute " + required + " is missing");
    }
    require(item.containsKey(ENC), branchKeyId, named, "attribute enc is missing");
    require(ctx.get(BRANCH_KEY_ID).equals(branchKeyId), branchKeyId, named, "the item has another branch-key-id");
    require(ctx.get(TYPE).equals(type(kind, version)), branchKeyId, named,
        "type is '" + ctx.get(TYPE) + "', expected '" + type(kind, version) + "'");
    require(HIERARCHY_VERSION_1.equals(ctx.get(HIERARCHY_VERSION)), branchKeyId, named,
        "hierarchy-version " + ctx.get(HIERARCHY_VERSION) + " is not supported, only " + HIERARCHY_VERSION_1);
    String found = versionOf(kind, ctx, branchKeyId, version);
    if (!ctx.get(KMS_ARN).equals(kmsArn)) {
      throw new BranchKeyException(Reason.ACCESS_DENIED, branchKeyId, found,
          "the item's kms-arn " + ctx.get(KMS_ARN) + " is not the configured KMS key " + kmsArn, null);
    }
    ctx.put(TABLE_NAME, logicalKeyStoreName);
    return new Checked(ctx, item.get(ENC).b(), found, custom(ctx));
  }

  // The version to name in errors: the one asked for, or for ACTIVE the one the item claims.
  private static String namedVersion(Map<String, AttributeValue> item, Kind kind, String version) {
    AttributeValue v = item.get(VERSION);
    if (kind == Kind.ACTIVE && v != null && v.s() != null && v.s().startsWith(VERSION_PREFIX)) {
      return v.s().substring(VERSION_PREFIX.length());
    }
    return version;
  }

  private static String versionOf(Kind kind, Map<String, String> ctx, String branchKeyId, String version) {
    if (kind == Kind.BEACON || kind == Kind.VERSION) {
      require(!ctx.containsKey(VERSION), branchKeyId, version, "a " + describe(kind) + " item has a version");
      return version;
    }
    String active = ctx.get(VERSION);
    require(active != null, branchKeyId, null, "attribute version is missing");
    require(active.startsWith(VERSION_PREFIX), branchKeyId, null, "version does not start with " + VERSION_PREFIX);
    String uuid = active.substring(VERSION_PREFIX.length());
    try {
      return BranchKeyMaterials.checkVersion(uuid);
    } catch (IllegalArgumentException e) {
      throw new BranchKeyException(Reason.MALFORMED, branchKeyId, null, "the ACTIVE version is not a UUID", null);
    }
  }

  private static Map<String, String> custom(Map<String, String> ctx) {
    Map<String, String> custom = new TreeMap<>();
    for (Map.Entry<String, String> e : ctx.entrySet()) {
      if (e.getKey().startsWith(CUSTOM_PREFIX)) {
        custom.put(e.getKey().substring(CUSTOM_PREFIX.length()), e.getValue());
      }
    }
    return custom;
  }

  private static String describe(Kind kind) {
    switch (kind) {
      case ACTIVE:
        return "ACTIVE";
      case BEACON:
        return "beacon";
      default:
        return "version";
    }
  }

  private static void require(boolean ok, String branchKeyId, String version, String detail) {
    if (!ok) {
      throw new BranchKeyException(Reason.MALFORMED, branchKeyId, version, detail, null);
    }
  }
}
