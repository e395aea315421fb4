package dev.cirrus.crypto.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.CirrusCrypto;
import dev.cirrus.crypto.EncryptResult;
import dev.cirrus.crypto.HierarchicalKeyring;
import dev.cirrus.crypto.KmsKeyring;
import dev.cirrus.crypto.MultiKeyring;
import dev.cirrus.crypto.RawAesKeyring;
import dev.cirrus.testsupport.LocalAws;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.cryptography.keystore.KeyStore;
import software.amazon.cryptography.keystore.model.CreateKeyInput;
import software.amazon.cryptography.keystore.model.VersionKeyInput;
import software.amazon.cryptography.materialproviders.IBranchKeyIdSupplier;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsHierarchicalKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateMultiKeyringInput;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.GetBranchKeyIdInput;
import software.amazon.cryptography.materialproviders.model.GetBranchKeyIdOutput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Messages under the hierarchical keyring, end to end over moto's KMS and DynamoDB: Cirrus's {@link
 * HierarchicalKeyring} over {@link DynamoDbBranchKeyStore} on one side, the AWS Encryption SDK for Java 3.0.2
 * with the MPL 1.11.0 hierarchical keyring and KeyStore on the other, one table and one KMS key.
 */
class HierarchyInteropIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  static final MaterialProviders MPL =
      MaterialProviders.builder().MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();
  static final Duration TTL = Duration.ofMinutes(5);

  static AwsCrypto esdk(AlgorithmSuite suite) {
    CryptoAlgorithm alg = suite.isSigned()
        ? CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
        : CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
    return AwsCrypto.builder()
        .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
        .withEncryptionAlgorithm(alg)
        .build();
  }

  static AlgorithmSuite suite(int id) {
    return id == 0x0578
        ? AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
        : AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
  }

  static IKeyring mplKeyring(KeyStore keyStore, String branchKeyId) {
    return MPL.CreateAwsKmsHierarchicalKeyring(CreateAwsKmsHierarchicalKeyringInput.builder()
        .keyStore(keyStore).branchKeyId(branchKeyId).ttlSeconds(TTL.toSeconds()).build());
  }

  static HierarchicalKeyring cirrusKeyring(DynamoDbBranchKeyStore store, String branchKeyId) {
    return HierarchicalKeyring.builder().branchKeySource(store).branchKeyId(branchKeyId).ttl(TTL).build();
  }

  static byte[] data(int length, long seed) {
    byte[] b = new byte[length];
    new Random(seed).nextBytes(b);
    return b;
  }

  static Map<String, String> largeContext() {
    Map<String, String> ctx = new TreeMap<>();
    for (int i = 0; i < 64; i++) {
      ctx.put("key-" + i, "value-" + i + "-ünïcødé-" + "x".repeat(i));
    }
    return ctx;
  }

  static byte[] esdkDecrypt(AwsCrypto esdk, IKeyring keyring, byte[] ciphertext) {
    return esdk.decryptData(keyring, ciphertext).getResult();
  }

  @ParameterizedTest
  @ValueSource(ints = {0x0478, 0x0578})
  void encrypt_cirrusHierarchical_esdkWithMplKeyringDecrypts(int suiteId) {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.cirrus();
    String id = store.createKey();
    try (HierarchicalKeyring keyring = cirrusKeyring(store, id)) {
      CirrusCrypto cirrus = CirrusCrypto.builder().keyring(keyring).algorithmSuite(suite(suiteId)).build();
      IKeyring mpl = mplKeyring(s.mpl(), id);
      for (Map<String, String> ctx : List.of(Map.<String, String>of(), largeContext())) {
        byte[] plaintext = data(10_000, suiteId + ctx.size());
        byte[] ct = cirrus.encrypt(plaintext, ctx).ciphertext();
        assertThat(esdkDecrypt(esdk(suite(suiteId)), mpl, ct)).isEqualTo(plaintext);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0x0478, 0x0578})
  void decrypt_esdkWithMplKeyring_cirrusHierarchicalDecrypts(int suiteId) {
    KeyStores s = KeyStores.create(AWS);
    KeyStore keyStore = s.mpl();
    String id = keyStore.CreateKey(CreateKeyInput.builder().build()).branchKeyIdentifier();
    IKeyring mpl = mplKeyring(keyStore, id);
    try (HierarchicalKeyring keyring = cirrusKeyring(s.cirrus(), id)) {
      CirrusCrypto cirrus = CirrusCrypto.builder().keyring(keyring).build();
      for (Map<String, String> ctx : List.of(Map.<String, String>of(), largeContext())) {
        byte[] plaintext = data(10_000, 7 * suiteId + ctx.size());
        byte[] ct = esdk(suite(suiteId)).encryptData(mpl, plaintext, ctx).getResult();
        assertThat(cirrus.decrypt(ct).plaintext()).isEqualTo(plaintext);
        assertThat(cirrus.decrypt(ct).encryptionContext()).containsAllEntriesOf(ctx);
      }
    }
  }

  @Test
  void versionKey_eitherSide_bothDecryptOldAndNewVersions() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.cirrus();
    KeyStore keyStore = s.mpl();
    String id = store.createKey();
    AwsCrypto esdk = esdk(suite(0x0478));
    byte[] p1 = data(500, 1);
    byte[] p2 = data(500, 2);
    byte[] p3 = data(500, 3);

    byte[] beforeRotation = esdk.encryptData(mplKeyring(keyStore, id), p1, Map.of("n", "1")).getResult();
    store.versionKey(id);
    // New keyrings: a fresh cache sees the new ACTIVE version at once.
    byte[] afterCirrusRotation;
    try (HierarchicalKeyring keyring = cirrusKeyring(store, id)) {
      afterCirrusRotation = CirrusCrypto.builder().keyring(keyring).build().encrypt(p2, Map.of("n", "2")).ciphertext();
    }
    keyStore.VersionKey(VersionKeyInput.builder().branchKeyIdentifier(id).build());
    byte[] afterMplRotation = esdk.encryptData(mplKeyring(keyStore, id), p3, Map.of("n", "3")).getResult();

    try (HierarchicalKeyring keyring = cirrusKeyring(store, id)) {
      CirrusCrypto cirrus = CirrusCrypto.builder().keyring(keyring).build();
      assertThat(cirrus.decrypt(beforeRotation).plaintext()).isEqualTo(p1);
      assertThat(cirrus.decrypt(afterCirrusRotation).plaintext()).isEqualTo(p2);
      assertThat(cirrus.decrypt(afterMplRotation).plaintext()).isEqualTo(p3);
      assertThat(keyring.stats().loads()).isEqualTo(3);
    }
    IKeyring mpl = mplKeyring(keyStore, id);
    assertThat(esdkDecrypt(esdk, mpl, beforeRotation)).isEqualTo(p1);
    assertThat(esdkDecrypt(esdk, mpl, afterCirrusRotation)).isEqualTo(p2);
    assertThat(esdkDecrypt(esdk, mpl, afterMplRotation)).isEqualTo(p3);
    assertThat(versionOf(afterCirrusRotation)).isNotEqualTo(versionOf(beforeRotation));
    assertThat(versionOf(afterMplRotation)).isNotIn(versionOf(beforeRotation), versionOf(afterCirrusRotation));
  }

  @Test
  void multiTenantSuppliers_bothSides_eachTenantUnderItsOwnBranchKey() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.cirrus();
    Map<String, String> tenants = new HashMap<>();
    for (String tenant : List.of("acme", "globex", "initech")) {
      tenants.put(tenant, store.createKey());
    }
    IBranchKeyIdSupplier mplSupplier = new IBranchKeyIdSupplier() {
      @Override
      public GetBranchKeyIdOutput GetBranchKeyId(GetBranchKeyIdInput input) {
        return GetBranchKeyIdOutput.builder().branchKeyId(tenants.get(input.encryptionContext().get("tenant"))).build();
      }
    };
    IKeyring mpl = MPL.CreateAwsKmsHierarchicalKeyring(CreateAwsKmsHierarchicalKeyringInput.builder()
        .keyStore(s.mpl()).branchKeyIdSupplier(mplSupplier).ttlSeconds(TTL.toSeconds()).build());
    AwsCrypto esdk = esdk(suite(0x0478));
    try (HierarchicalKeyring keyring = HierarchicalKeyring.builder().branchKeySource(store)
        .branchKeyIdSupplier(ctx -> tenants.get(ctx.get("tenant"))).ttl(TTL).build()) {
      CirrusCrypto cirrus = CirrusCrypto.builder().keyring(keyring).build();
      for (Map.Entry<String, String> tenant : tenants.entrySet()) {
        Map<String, String> ctx = Map.of("tenant", tenant.getKey());
        byte[] plaintext = data(300, tenant.getKey().hashCode());
        EncryptResult mine = cirrus.encrypt(plaintext, ctx);
        assertThat(providerInfoOf(mine.ciphertext())).isEqualTo(tenant.getValue());
        assertThat(esdkDecrypt(esdk, mpl, mine.ciphertext())).isEqualTo(plaintext);
        byte[] theirs = esdk.encryptData(mpl, plaintext, ctx).getResult();
        assertThat(cirrus.decrypt(theirs).plaintext()).isEqualTo(plaintext);
      }
    }
  }

  @Test
  void multiKeyring_hierarchicalPlusRawAesBreakGlass_eachSideDecryptsWithEitherRecipient() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.cirrus();
    String id = store.createKey();
    byte[] aesKey = data(32, 99);
    RawAesKeyring raw = RawAesKeyring.builder().keyNamespace("break-glass").keyName("k1").wrappingKey(aesKey).build();
    IKeyring mplRaw = MPL.CreateRawAesKeyring(CreateRawAesKeyringInput.builder().keyNamespace("break-glass")
        .keyName("k1").wrappingKey(ByteBuffer.wrap(aesKey)).wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16).build());
    IKeyring mplHier = mplKeyring(s.mpl(), id);
    AwsCrypto esdk = esdk(suite(0x0478));
    byte[] plaintext = data(2_000, 5);
    try (HierarchicalKeyring keyring = cirrusKeyring(store, id)) {
      byte[] ct = CirrusCrypto.builder().keyring(MultiKeyring.of(keyring, List.of(raw))).build()
          .encrypt(plaintext, Map.of("a", "b")).ciphertext();
      assertThat(esdkDecrypt(esdk, mplHier, ct)).isEqualTo(plaintext);
      assertThat(esdkDecrypt(esdk, mplRaw, ct)).isEqualTo(plaintext);

      IKeyring mplMulti = MPL.CreateMultiKeyring(
          CreateMultiKeyringInput.builder().generator(mplHier).childKeyrings(List.of(mplRaw)).build());
      byte[] theirs = esdk.encryptData(mplMulti, plaintext, Map.of("a", "b")).getResult();
      assertThat(CirrusCrypto.builder().keyring(keyring).build().decrypt(theirs).plaintext()).isEqualTo(plaintext);
      assertThat(CirrusCrypto.builder().keyring(raw).build().decrypt(theirs).plaintext()).isEqualTo(plaintext);
    }
  }

  @Test
  void multiKeyring_hierarchicalPlusKmsBreakGlass_kmsAloneDecryptsOnEitherSide() {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore store = s.cirrus();
    String id = store.createKey();
    String breakGlassArn = AWS.createKmsKeyArn();
    KmsKeyring kms = KmsKeyring.builder().kmsClient(AWS.kms()).addKeyId(breakGlassArn).build();
    IKeyring mplKms = MPL.CreateAwsKmsKeyring(
        CreateAwsKmsKeyringInput.builder().kmsClient(AWS.kms()).kmsKeyId(breakGlassArn).build());
    AwsCrypto esdk = esdk(suite(0x0478));
    byte[] plaintext = data(3_000, 11);
    try (HierarchicalKeyring keyring = cirrusKeyring(store, id)) {
      byte[] ct = CirrusCrypto.builder().keyring(MultiKeyring.of(keyring, List.of(kms))).build()
          .encrypt(plaintext, Map.of("tenant", "t-1")).ciphertext();

      assertThat(CirrusCrypto.builder().keyring(kms).build().decrypt(ct).plaintext()).isEqualTo(plaintext);
      assertThat(esdkDecrypt(esdk, mplKms, ct)).isEqualTo(plaintext);
      assertThat(esdkDecrypt(esdk, mplKeyring(s.mpl(), id), ct)).isEqualTo(plaintext);
    }
  }

  /** The hierarchy EDK's branch key version (hex of its 16 bytes), parsed with the ESDK's own header parser. */
  static String versionOf(byte[] message) {
    byte[] ct = hierarchyEdk(message).getEncryptedDataKey();
    StringBuilder hex = new StringBuilder();
    for (int i = 28; i < 44; i++) {
      hex.append(String.format("%02x", ct[i]));
    }
    return hex.toString();
  }

  static String providerInfoOf(byte[] message) {
    return new String(hierarchyEdk(message).getProviderInformation(), java.nio.charset.StandardCharsets.UTF_8);
  }

  static com.amazonaws.encryptionsdk.model.KeyBlob hierarchyEdk(byte[] message) {
    com.amazonaws.encryptionsdk.model.CiphertextHeaders headers = new com.amazonaws.encryptionsdk.model.CiphertextHeaders();
    headers.deserialize(message, 0, Integer.MAX_VALUE);
    return headers.getEncryptedKeyBlobs().stream()
        .filter(k -> HierarchicalKeyring.PROVIDER_ID.equals(k.getProviderId()))
        .findFirst()
        .orElseThrow();
  }
}
