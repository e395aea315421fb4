package dev.cirrus.benchmarks.crypto;

import dev.cirrus.cache.ManualTicker;
import dev.cirrus.crypto.BranchKeyMaterials;
import dev.cirrus.crypto.BranchKeySource;
import dev.cirrus.crypto.CachingMaterialsManager;
import dev.cirrus.crypto.CirrusCrypto;
import dev.cirrus.crypto.HierarchicalKeyring;
import dev.cirrus.crypto.KmsKeyring;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * How many KMS and DynamoDB calls a service makes for {@code messages} messages over {@code tenants} tenants in
 * one simulated hour (messages evenly spaced, tenant drawn uniformly with a fixed seed), each message encrypted
 * by a writer and decrypted by a separate reader (another host), with a 5-minute cache TTL on both sides:
 *
 * <ul>
 *   <li>the hierarchical keyring: one branch key per tenant; each branch key fetch is one GetItem and one KMS
 *       Decrypt, as {@code DynamoDbBranchKeyStore} makes them; with its default refresh-ahead (a use after 75%
 *       of the TTL reloads the key) and without;
 *   <li>the KMS keyring behind a {@link CachingMaterialsManager} with the same max age: one GenerateDataKey
 *       per cached data key on the writer, one Decrypt per cached data key on the reader.
 * </ul>
 *
 * <p>Deterministic: time is a {@link ManualTicker}, refreshes run on the calling thread, and the services are
 * counting fakes (the Cirrus code paths are the real ones). Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.cirrus.benchmarks.crypto.HierarchyCallSimulation [messages] [tenants]} (defaults 1,000,000 and 1,000).
 */
public final class HierarchyCallSimulation {
  static final Duration HOUR = Duration.ofHours(1);
  static final Duration TTL = Duration.ofMinutes(5);
  static final Executor DIRECT = Runnable::run;

  private HierarchyCallSimulation() {}

  /** Counting branch keys: every call is one GetItem and one KMS Decrypt in the DynamoDB store. */
  static final class CountingSource implements BranchKeySource {
    final AtomicLong calls = new AtomicLong();
    private final Map<String, byte[]> keys = new java.util.concurrent.ConcurrentHashMap<>();
    private final String version = UUID.nameUUIDFromBytes(new byte[] {1}).toString();

    @Override
    public String logicalKeyStoreName() {
      return "simulation";
    }

    @Override
    public BranchKeyMaterials activeBranchKey(String branchKeyId) {
      return branchKeyVersion(branchKeyId, version);
    }

    @Override
    public BranchKeyMaterials branchKeyVersion(String branchKeyId, String version) {
      calls.incrementAndGet();
      byte[] key = keys.computeIfAbsent(branchKeyId, id -> {
        byte[] k = new byte[32];
        new Random(id.hashCode()).nextBytes(k);
        return k;
      });
      return BranchKeyMaterials.of(branchKeyId, version, Map.of(), key);
    }
  }

  /** A KMS that counts: the "ciphertext blob" is the key itself (no secrecy needed in a call count). */
  static final class CountingKms implements KmsClient {
    static final String ARN = "arn:aws:kms:us-east-1:111122223333:key/11111111-2222-3333-4444-555555555555";
    final AtomicLong generateDataKey = new AtomicLong();
    final AtomicLong decrypt = new AtomicLong();
    private final Random random = new Random(7);

    @Override
    public synchronized GenerateDataKeyResponse generateDataKey(GenerateDataKeyRequest request) {
      generateDataKey.incrementAndGet();
      byte[] key = new byte[32];
      random.nextBytes(key);
      return GenerateDataKeyResponse.builder().keyId(ARN)
          .plaintext(SdkBytes.fromByteArray(key)).ciphertextBlob(SdkBytes.fromByteArray(key)).build();
    }

    @Override
    public DecryptResponse decrypt(DecryptRequest request) {
      decrypt.incrementAndGet();
      return DecryptResponse.builder().keyId(ARN).plaintext(request.ciphertextBlob()).build();
    }

    @Override
    public String serviceName() {
      return "kms";
    }

    @Override
    public void close() {}
  }

  /** Writer and reader for one design; both on the same clock. */
  record Side(CirrusCrypto writer, CirrusCrypto reader) {}

  public static void main(String[] args) {
    int messages = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int tenants = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
    ManualTicker ticker = new ManualTicker();
    CountingSource writerStore = new CountingSource();
    CountingSource readerStore = new CountingSource();
    Side hierarchy = new Side(
        CirrusCrypto.builder().keyring(hierarchical(writerStore, ticker, true)).build(),
        CirrusCrypto.builder().keyring(hierarchical(readerStore, ticker, true)).build());
    CountingSource plainWriterStore = new CountingSource();
    CountingSource plainReaderStore = new CountingSource();
    Side noRefresh = new Side(
        CirrusCrypto.builder().keyring(hierarchical(plainWriterStore, ticker, false)).build(),
        CirrusCrypto.builder().keyring(hierarchical(plainReaderStore, ticker, false)).build());
    CountingKms writerKms = new CountingKms();
    CountingKms readerKms = new CountingKms();
    Side kms = new Side(
        CirrusCrypto.builder().materialsManager(cached(writerKms, ticker)).build(),
        CirrusCrypto.builder().materialsManager(cached(readerKms, ticker)).build());

    Random tenantOf = new Random(42);
    Duration step = HOUR.dividedBy(messages);
    byte[] payload = new byte[100];
    for (int i = 0; i < messages; i++) {
      Map<String, String> context = Map.of("tenant", "tenant-" + tenantOf.nextInt(tenants));
      roundTrip(hierarchy, payload, context);
      roundTrip(noRefresh, payload, context);
      roundTrip(kms, payload, context);
      ticker.advance(step);
    }
    System.out.printf("messages=%d tenants=%d hour=%s ttl=%s%n", messages, tenants, HOUR, TTL);
    System.out.printf("hierarchical writer (refresh-ahead 0.75): DynamoDB GetItem=%d KMS Decrypt=%d%n",
        writerStore.calls.get(), writerStore.calls.get());
    System.out.printf("hierarchical reader (refresh-ahead 0.75): DynamoDB GetItem=%d KMS Decrypt=%d%n",
        readerStore.calls.get(), readerStore.calls.get());
    System.out.printf("hierarchical writer (no refresh-ahead):   DynamoDB GetItem=%d KMS Decrypt=%d%n",
        plainWriterStore.calls.get(), plainWriterStore.calls.get());
    System.out.printf("hierarchical reader (no refresh-ahead):   DynamoDB GetItem=%d KMS Decrypt=%d%n",
        plainReaderStore.calls.get(), plainReaderStore.calls.get());
    System.out.printf("kms+cache writer:    KMS GenerateDataKey=%d%n", writerKms.generateDataKey.get());
    System.out.printf("kms+cache reader:    KMS Decrypt=%d%n", readerKms.decrypt.get());
    System.out.printf("kms without cache:   KMS GenerateDataKey=%d KMS Decrypt=%d (one each per message)%n",
        messages, messages);
  }

  static void roundTrip(Side side, byte[] payload, Map<String, String> context) {
    byte[] ciphertext = side.writer().encrypt(payload, context).ciphertext();
    side.reader().decrypt(ciphertext);
  }

  static HierarchicalKeyring hierarchical(BranchKeySource source, ManualTicker ticker, boolean refreshAhead) {
    HierarchicalKeyring.Builder builder = HierarchicalKeyring.builder().branchKeySource(source)
        .branchKeyIdSupplier(context -> context.get("tenant"))
        .ttl(TTL).ticker(ticker).executor(DIRECT);
    return (refreshAhead ? builder : builder.noRefreshAhead()).build();
  }

  static CachingMaterialsManager cached(KmsClient kms, ManualTicker ticker) {
    KmsKeyring keyring = KmsKeyring.builder().kmsClient(kms).generatorKeyId(CountingKms.ARN).build();
    return CachingMaterialsManager.builder().keyring(keyring).maxAge(TTL).maximumSize(10_000)
        .ticker(ticker).executor(DIRECT).build();
  }
}
