package dev.cirrus.benchmarks.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import dev.cirrus.crypto.CirrusCrypto;
import dev.cirrus.crypto.HierarchicalKeyring;
import dev.cirrus.crypto.keystore.DynamoDbBranchKeyStore;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.MotoServer;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import software.amazon.cryptography.keystore.KeyStore;
import software.amazon.cryptography.keystore.model.KMSConfiguration;
import software.amazon.cryptography.keystore.model.KeyStoreConfig;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsHierarchicalKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Encrypt and decrypt one 1 KiB message under the hierarchical keyring with a warm branch key cache: every
 * message makes a fresh data key, derives a wrapping key from the cached branch key (KDF in counter mode,
 * HMAC-SHA256) and wraps the data key with AES-256-GCM; decrypt derives again and unwraps. No data-key cache,
 * as with the MPL keyring; suite {@code 0x0478}, encryption context of two entries, one thread.
 *
 * <p>{@code impl=cirrus}: {@link HierarchicalKeyring} over a {@link DynamoDbBranchKeyStore}, {@code
 * CirrusCrypto} defaults. {@code impl=esdk}: the AWS Encryption SDK for Java 3.0.2 with the MPL 1.11.0
 * hierarchical keyring and KeyStore, its defaults. Both read the same branch key from one moto table once in
 * set-up (TTL 1 h), so the measured loop makes no DynamoDB or KMS call. Throughput in operations per
 * millisecond; allocation per operation with {@code -prof gc}. Needs moto (as the tests find it).
 *
 * <p>Quick run: {@code ./bench HierarchicalKeyring -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class HierarchicalKeyringBenchmark {
  static final Map<String, String> CONTEXT = Map.of("tenant", "t-42", "purpose", "benchmark");
  static final Duration TTL = Duration.ofHours(1);

  @Param({"cirrus", "esdk"})
  public String impl;

  @Param({"1024"})
  public int sizeBytes;

  private MotoServer server;
  private AwsClients clients;
  private byte[] payload;
  private byte[] ciphertext;
  private HierarchicalKeyring cirrusKeyring;
  private CirrusCrypto cirrus;
  private AwsCrypto esdk;
  private IKeyring esdkKeyring;

  @Setup(Level.Trial)
  public void setUp() {
    server = MotoServer.start();
    clients = new AwsClients(server.endpoint());
    String table = "keystore-bench";
    String arn = clients.kms().createKey(r -> r.description("branch keys")).keyMetadata().arn();
    DynamoDbBranchKeyStore store = DynamoDbBranchKeyStore.builder()
        .tableName(table).logicalKeyStoreName(table).kmsKeyArn(arn)
        .dynamoDbClient(clients.dynamoDb()).kmsClient(clients.kms()).build();
    store.createTable();
    String branchKeyId = store.createKey();
    payload = new byte[sizeBytes];
    new Random(sizeBytes).nextBytes(payload);
    if (impl.equals("cirrus")) {
      cirrusKeyring = HierarchicalKeyring.builder().branchKeySource(store).branchKeyId(branchKeyId).ttl(TTL).build();
      cirrus = CirrusCrypto.builder().keyring(cirrusKeyring).build();
      ciphertext = cirrus.encrypt(payload, CONTEXT).ciphertext();
    } else {
      KeyStore keyStore = KeyStore.builder().KeyStoreConfig(KeyStoreConfig.builder()
          .ddbTableName(table).logicalKeyStoreName(table)
          .ddbClient(clients.dynamoDb()).kmsClient(clients.kms())
          .kmsConfiguration(KMSConfiguration.builder().kmsKeyArn(arn).build()).build()).build();
      MaterialProviders mpl = MaterialProviders.builder()
          .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();
      esdkKeyring = mpl.CreateAwsKmsHierarchicalKeyring(CreateAwsKmsHierarchicalKeyringInput.builder()
          .keyStore(keyStore).branchKeyId(branchKeyId).ttlSeconds(TTL.toSeconds()).build());
      esdk = AwsCrypto.builder()
          .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
          .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
          .build();
      ciphertext = esdk.encryptData(esdkKeyring, payload, CONTEXT).getResult();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (cirrusKeyring != null) {
      cirrusKeyring.close();
    }
    clients.close();
    server.close();
  }

  @Benchmark
  public byte[] encrypt() {
    return impl.equals("cirrus")
        ? cirrus.encrypt(payload, CONTEXT).ciphertext()
        : esdk.encryptData(esdkKeyring, payload, CONTEXT).getResult();
  }

  @Benchmark
  public byte[] decrypt() {
    return impl.equals("cirrus")
        ? cirrus.decrypt(ciphertext).plaintext()
        : esdk.decryptData(esdkKeyring, ciphertext).getResult();
  }
}
