package dev.cirrus.crypto.keystore;

import dev.cirrus.crypto.BranchKeyException;
import dev.cirrus.crypto.BranchKeyException.Reason;
import dev.cirrus.crypto.BranchKeyMaterials;
import dev.cirrus.crypto.BranchKeySource;
import dev.cirrus.crypto.keystore.internal.BranchKeyItems;
import dev.cirrus.crypto.keystore.internal.BranchKeyItems.Checked;
import dev.cirrus.crypto.keystore.internal.BranchKeyItems.Kind;
import dev.cirrus.crypto.keystore.internal.KeyReads;
import dev.cirrus.crypto.keystore.internal.KeyStoreTable;
import dev.cirrus.crypto.keystore.internal.KeyWrites;
import dev.cirrus.crypto.keystore.internal.StoreCalls;
import dev.cirrus.retry.RetryPolicy;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A branch key store in a DynamoDB table, in the item format of the AWS Cryptographic Material Providers Library
 * (MPL) KeyStore, hierarchy version 1: keys created here are read by the MPL's {@code KeyStore} with the same table,
 * logical key store name and KMS key, and the other way round, with identical key bytes and versions.
 *
 * <p>Each branch key has three kinds of item, all under partition key {@code branch-key-id}: one per version (sort
 * key {@code branch:version:<uuid>}), the ACTIVE copy of the current version ({@code branch:ACTIVE}) and the beacon
 * key ({@code beacon:ACTIVE}). Each holds its key as {@code enc}, a KMS ciphertext under the configured key whose
 * encryption context is every other attribute of the item plus {@code tablename} = the logical key store name, so
 * an item altered or copied to another logical store fails KMS authentication.
 *
 * <p>The store uses exactly one KMS key, {@link Builder#kmsKeyArn}: reads reject items whose {@code kms-arn} names
 * another ({@link Reason#ACCESS_DENIED}). DynamoDB and KMS calls run under the {@link RetryPolicy} (throttling and
 * transient errors retried; writes only when they cannot have executed); a call still failing is
 * {@link Reason#UNAVAILABLE}. Errors name the branch key id and version, never key bytes. The store does not cache:
 * each read is one GetItem and one KMS Decrypt (cache in the keyring).
 *
 * <p>Thread-safe. The clients are the caller's: the store never closes them.
 */
public final class DynamoDbBranchKeyStore implements BranchKeySource {
  private final String tableName;
  private final String logicalKeyStoreName;
  private final String kmsKeyArn;
  private final boolean consistentReads;
  private final DynamoDbClient dynamoDbClient;
  private final RetryPolicy retryPolicy;
  private final StoreCalls calls;
  private final KeyWrites writes;
  private final KeyReads reads;

  private DynamoDbBranchKeyStore(Builder b) {
    this.tableName = b.tableName;
    this.logicalKeyStoreName = b.logicalKeyStoreName;
    this.kmsKeyArn = b.kmsKeyArn;
    this.consistentReads = b.consistentReads;
    this.dynamoDbClient = b.dynamoDbClient;
    this.retryPolicy = b.retryPolicy;
    this.calls = new StoreCalls(b.tableName, b.kmsKeyArn, b.dynamoDbClient, b.dynamoDbAsyncClient, b.kmsClient,
        b.kmsAsyncClient, b.grantTokens, b.retryPolicy, b.scheduler);
    this.reads = new KeyReads(calls, b.logicalKeyStoreName, b.kmsKeyArn, b.consistentReads);
    this.writes = new KeyWrites(b.tableName, b.logicalKeyStoreName, b.kmsKeyArn, calls, b.clock, b.uuidSupplier);
  }

  /**
   * A builder; table name, logical key store name, KMS key ARN and both sync clients are required.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The DynamoDB table name.
   *
   * @return the table name
   */
  public String tableName() {
    return tableName;
  }

  /** {@inheritDoc} */
  @Override
  public String logicalKeyStoreName() {
    return logicalKeyStoreName;
  }

  /**
   * The one KMS key this store uses and accepts.
   *
   * @return the key ARN
   */
  public String kmsKeyArn() {
    return kmsKeyArn;
  }

  /**
   * Creates the table with the MPL's key schema (partition key {@code branch-key-id} S, sort key {@code type} S),
   * billed per request, unless it exists; waits until it is active and verifies it as {@link #verifyTable()} does.
   *
   * @throws IllegalStateException if a table of that name exists with another key schema
   * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB fails after retries
   */
  public void createTable() {
    KeyStoreTable.create(dynamoDbClient, retryPolicy, tableName, null);
  }

  /**
   * Like {@link #createTable()}, with provisioned capacity instead of per-request billing.
   *
   * @param throughput the read and write capacity units
   * @throws IllegalArgumentException if DynamoDB would reject the capacity
   * @throws IllegalStateException if a table of that name exists with another key schema
   * @throws NullPointerException if {@code throughput} is null
   */
  public void createTable(ProvisionedThroughput throughput) {
    Objects.requireNonNull(throughput, "throughput");
    KeyStoreTable.create(dynamoDbClient, retryPolicy, tableName, throughput);
  }

  /**
   * Checks that the table exists with the key store's key schema.
   *
   * @throws IllegalStateException if the table does not exist or has another key schema (the message names both)
   * @throws software.amazon.awssdk.core.exception.SdkException if DynamoDB fails after retries
   */
  public void verifyTable() {
    KeyStoreTable.verify(dynamoDbClient, retryPolicy, tableName);
  }

  /**
   * Creates a branch key with a random UUID as its id and no custom encryption context.
   *
   * @return the new branch key id
   * @throws BranchKeyException if KMS or DynamoDB fail ({@link BranchKeyException#reason()})
   */
  public String createKey() {
    return writes.createKey(null, Map.of());
  }

  /**
   * Creates a branch key: its first version, the ACTIVE copy and the beacon key, written in one transaction that
   * fails if any of the items exists. The custom context is bound into every item's KMS encryption context as
   * {@code aws-crypto-ec:<key>} attributes and returned with the materials.
   *
   * @param branchKeyId the id, or null for a random UUID
   * @param customContext the custom encryption context (keys not empty); may be empty
   * @return the branch key id
   * @throws BranchKeyException {@link Reason#CONFLICT} if the id exists; otherwise as KMS or DynamoDB fail
   * @throws IllegalArgumentException if the id or a context key is empty
   * @throws NullPointerException if the context, a key or a value is null
   */
  public String createKey(String branchKeyId, Map<String, String> customContext) {
    if (branchKeyId != null && branchKeyId.isEmpty()) {
      throw new IllegalArgumentException("branchKeyId must not be empty (null for a random UUID)");
    }
    Objects.requireNonNull(customContext, "customContext");
    Map<String, String> custom = new TreeMap<>();
    customContext.forEach((k, v) -> {
      Objects.requireNonNull(k, "customContext key");
      Objects.requireNonNull(v, "customContext value of " + k);
      if (k.isEmpty()) {
        throw new IllegalArgumentException("customContext keys must not be empty");
      }
      custom.put(k, v);
    });
    return writes.createKey(branchKeyId, custom);
  }

  /**
   * Rotates a branch key: writes a new version and makes it ACTIVE, in one transaction conditional on the ACTIVE
   * item being unchanged since it was read. Old versions stay readable; the beacon key does not change.
   *
   * @param branchKeyId the branch key id
   * @return the new version
   * @throws BranchKeyException {@link Reason#CONFLICT} if a concurrent rotation won; {@link Reason#NOT_FOUND} if
   *     the key does not exist; otherwise as a read fails
   */
  public String versionKey(String branchKeyId) {
    return writes.versionKey(checkId(branchKeyId));
  }

  /** {@inheritDoc} */
  @Override
  public BranchKeyMaterials activeBranchKey(String branchKeyId) {
    return reads.read(checkId(branchKeyId), Kind.ACTIVE, null, this::branchMaterials);
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if {@code version} is not a UUID string
   */
  @Override
  public BranchKeyMaterials branchKeyVersion(String branchKeyId, String version) {
    return reads.read(checkId(branchKeyId), Kind.VERSION, BranchKeyMaterials.checkVersion(version),
        this::branchMaterials);
  }

  /**
   * The beacon key of a branch key, for searchable encryption.
   *
   * @param branchKeyId the branch key id
   * @return the plaintext beacon key; the caller destroys it
   * @throws BranchKeyException as {@link #activeBranchKey}
   */
  public BeaconKeyMaterials beaconKey(String branchKeyId) {
    return reads.read(checkId(branchKeyId), Kind.BEACON, null, this::beaconMaterials);
  }

  /** {@inheritDoc} Uses the async clients when configured, else the sync ones on the calling thread. */
  @Override
  public CompletableFuture<BranchKeyMaterials> activeBranchKeyAsync(String branchKeyId) {
    return readAsyncChecked(branchKeyId, Kind.ACTIVE, null, this::branchMaterials);
  }

  /** {@inheritDoc} Uses the async clients when configured, else the sync ones on the calling thread. */
  @Override
  public CompletableFuture<BranchKeyMaterials> branchKeyVersionAsync(String branchKeyId, String version) {
    return readAsyncChecked(branchKeyId, Kind.VERSION, version, this::branchMaterials);
  }

  /**
   * Asynchronous {@link #beaconKey}; uses the async clients when configured, else the sync ones.
   *
   * @param branchKeyId the branch key id
   * @return a future completed like {@link #beaconKey}
   */
  public CompletableFuture<BeaconKeyMaterials> beaconKeyAsync(String branchKeyId) {
    return readAsyncChecked(branchKeyId, Kind.BEACON, null, this::beaconMaterials);
  }

  private <T> CompletableFuture<T> readAsyncChecked(String branchKeyId, Kind kind, String version,
      KeyReads.Materials<T> materials) {
    try {
      checkId(branchKeyId);
      if (kind == Kind.VERSION) {
        BranchKeyMaterials.checkVersion(version);
      }
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return reads.readAsync(branchKeyId, kind, version, materials);
  }

  private BranchKeyMaterials branchMaterials(Checked item, byte[] plaintext) {
    return BranchKeyMaterials.of(item.context().get(BranchKeyItems.BRANCH_KEY_ID), item.version(), item.custom(),
        plaintext);
  }

  private BeaconKeyMaterials beaconMaterials(Checked item, byte[] plaintext) {
    return BeaconKeyMaterials.of(item.context().get(BranchKeyItems.BRANCH_KEY_ID), item.custom(), plaintext);
  }

  private static String checkId(String branchKeyId) {
    Objects.requireNonNull(branchKeyId, "branchKeyId");
    if (branchKeyId.isEmpty()) {
      throw new IllegalArgumentException("branchKeyId must not be empty");
    }
    return branchKeyId;
  }

  /**
   * Configures a {@link DynamoDbBranchKeyStore}. Not thread-safe; {@link #build()} copies what it needs.
   */
  public static final class Builder {
    private static final Pattern TABLE = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Pattern KEY_ARN = Pattern.compile("arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:key/[^/]+");
    private static final int MAX_GRANT_TOKENS = 10;

    private String tableName;
    private String logicalKeyStoreName;
    private String kmsKeyArn;
    private DynamoDbClient dynamoDbClient;
    private KmsClient kmsClient;
    private DynamoDbAsyncClient dynamoDbAsyncClient;
    private KmsAsyncClient kmsAsyncClient;
    private List<String> grantTokens = List.of();
    private boolean consistentReads;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private Clock clock = Clock.systemUTC();
    private Supplier<String> uuidSupplier = () -> UUID.randomUUID().toString();
    private ScheduledExecutorService scheduler;

    private Builder() {}

    /**
     * The DynamoDB table; required.
     *
     * @param tableName 3 to 255 characters of {@code [a-zA-Z0-9_.-]}
     * @return this builder
     */
    public Builder tableName(String tableName) {
      this.tableName = tableName;
      return this;
    }

    /**
     * The logical key store name, bound into every KMS encryption context as {@code tablename}; required, and
     * the same for every client of the store (by convention the table name). Renaming it makes every key unreadable.
     *
     * @param logicalKeyStoreName not empty
     * @return this builder
     */
    public Builder logicalKeyStoreName(String logicalKeyStoreName) {
      this.logicalKeyStoreName = logicalKeyStoreName;
      return this;
    }

    /**
     * The KMS key that protects every branch key, the only one the store uses or accepts; required.
     *
     * @param kmsKeyArn a full key ARN ({@code arn:aws:kms:<region>:<account>:key/<id>}), not an alias
     * @return this builder
     */
    public Builder kmsKeyArn(String kmsKeyArn) {
      this.kmsKeyArn = kmsKeyArn;
      return this;
    }

    /**
     * The DynamoDB client for all sync calls and the table operations; required.
     *
     * @param client the client
     * @return this builder
     */
    public Builder dynamoDbClient(DynamoDbClient client) {
      this.dynamoDbClient = client;
      return this;
    }

    /**
     * The KMS client for all sync calls and for key creation and rotation; required.
     *
     * @param client the client
     * @return this builder
     */
    public Builder kmsClient(KmsClient client) {
      this.kmsClient = client;
      return this;
    }

    /**
     * The DynamoDB client of the async reads; optional (default: the sync client on the calling thread).
     *
     * @param client the client, or null
     * @return this builder
     */
    public Builder dynamoDbAsyncClient(DynamoDbAsyncClient client) {
      this.dynamoDbAsyncClient = client;
      return this;
    }

    /**
     * The KMS client of the async reads; optional (default: the sync client on the calling thread).
     *
     * @param client the client, or null
     * @return this builder
     */
    public Builder kmsAsyncClient(KmsAsyncClient client) {
      this.kmsAsyncClient = client;
      return this;
    }

    /**
     * Grant tokens sent with every KMS call; default none.
     *
     * @param grantTokens at most 10, none null or empty; copied
     * @return this builder
     */
    public Builder grantTokens(List<String> grantTokens) {
      this.grantTokens = List.copyOf(Objects.requireNonNull(grantTokens, "grantTokens"));
      return this;
    }

    /**
     * Whether reads use strongly consistent GetItem; default false (as the MPL). Rotation always reads consistently.
     *
     * @param consistentReads true for strongly consistent reads
     * @return this builder
     */
    public Builder consistentReads(boolean consistentReads) {
      this.consistentReads = consistentReads;
      return this;
    }

    /**
     * The retry policy of every DynamoDB and KMS call; default {@link RetryPolicy#defaults()}. Writes run under a
     * non-idempotent copy of it.
     *
     * @param retryPolicy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retryPolicy) {
      this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
      return this;
    }

    /**
     * The clock of the {@code create-time} attribute; default the system UTC clock.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Where new branch key ids and versions come from; default random UUIDs. Must give 36-character UUID strings.
     *
     * @param uuidSupplier the supplier, called once per id or version
     * @return this builder
     */
    public Builder uuidSupplier(Supplier<String> uuidSupplier) {
      this.uuidSupplier = Objects.requireNonNull(uuidSupplier, "uuidSupplier");
      return this;
    }

    /**
     * Where async retries wait; default a shared daemon thread. The caller owns a scheduler given here.
     *
     * @param scheduler the scheduler
     * @return this builder
     */
    public Builder scheduler(ScheduledExecutorService scheduler) {
      this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
      return this;
    }

    /**
     * Builds the store; makes no calls.
     *
     * @return the store
     * @throws NullPointerException if a required value is missing (the message names it)
     * @throws IllegalArgumentException if a value is out of range (the message names it and the allowed range)
     */
    public DynamoDbBranchKeyStore build() {
      Objects.requireNonNull(tableName, "tableName");
      Objects.requireNonNull(logicalKeyStoreName, "logicalKeyStoreName");
      Objects.requireNonNull(kmsKeyArn, "kmsKeyArn");
      Objects.requireNonNull(dynamoDbClient, "dynamoDbClient");
      Objects.requireNonNull(kmsClient, "kmsClient");
      if (!TABLE.matcher(tableName).matches()) {
        throw new IllegalArgumentException(
            "tableName must be 3 to 255 characters of [a-zA-Z0-9_.-], was '" + tableName + "'");
      }
      if (logicalKeyStoreName.isEmpty()) {
        throw new IllegalArgumentException("logicalKeyStoreName must not be empty");
      }
      if (!KEY_ARN.matcher(kmsKeyArn).matches()) {
        throw new IllegalArgumentException("kmsKeyArn must be a KMS key ARN (arn:aws:kms:<region>:<account>:key/"
            + "<id>), not an alias or a bare key id, was '" + kmsKeyArn + "'");
      }
      if (grantTokens.size() > MAX_GRANT_TOKENS || grantTokens.stream().anyMatch(String::isEmpty)) {
        throw new IllegalArgumentException("grantTokens must be at most " + MAX_GRANT_TOKENS
            + " non-empty tokens, were " + grantTokens.size());
      }
      if (scheduler == null) {
        scheduler = dev.cirrus.crypto.keystore.internal.Schedulers.shared();
      }
      return new DynamoDbBranchKeyStore(this);
    }
  }

  @Override
  public String toString() {
    return "DynamoDbBranchKeyStore{table=" + tableName + ", logicalKeyStoreName=" + logicalKeyStoreName
        + ", kmsKeyArn=" + kmsKeyArn + "}";
  }
}
