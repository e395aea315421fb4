package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Constructor;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.cryptography.keystore.KeyStore;
import software.amazon.cryptography.keystore.ToDafny;
import software.amazon.cryptography.keystore.ToNative;
import software.amazon.cryptography.keystore.internaldafny.types.IKeyStoreClient;
import software.amazon.cryptography.keystore.model.GetActiveBranchKeyOutput;
import software.amazon.cryptography.keystore.model.GetBranchKeyVersionOutput;
import software.amazon.cryptography.keystore.model.GetKeyStoreInfoOutput;
import software.amazon.cryptography.keystore.model.KMSConfiguration;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsHierarchicalKeyringInput;

/**
 * Offline interop with the AWS Cryptographic Material Providers Library's own hierarchical keyring (the
 * version the ESDK for Java on the test class path brings) through the ESDK for Java: its key store is
 * replaced by an in-memory one serving the same static branch key as Cirrus's {@link StaticBranchKeySource},
 * so no DynamoDB or KMS is involved. Messages go both ways, for both committing suites.
 */
class MplHierarchyInteropTest {
  static final String ID = "bk-interop";
  static final String VERSION = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
  static final byte[] BRANCH_KEY = branchKey();

  private static byte[] branchKey() {
    byte[] k = new byte[32];
    new Random(99).nextBytes(k);
    return k;
  }

  private static software.amazon.cryptography.keystore.model.BranchKeyMaterials mplMaterials() {
    return software.amazon.cryptography.keystore.model.BranchKeyMaterials.builder()
        .branchKeyIdentifier(ID).branchKeyVersion(VERSION).encryptionContext(Map.of())
        .branchKey(ByteBuffer.wrap(BRANCH_KEY)).build();
  }

  /** The MPL's key store interface answered in memory: info, the active key and one version. */
  private static Object answer(String method, Object[] args, AtomicInteger calls) {
    calls.incrementAndGet();
    switch (method) {
      case "GetKeyStoreInfo":
        return Wrappers_Compile.Result.create_Success(ToDafny.GetKeyStoreInfoOutput(GetKeyStoreInfoOutput.builder()
            .keyStoreId("in-memory").keyStoreName("in-memory").logicalKeyStoreName("in-memory").grantTokens(List.of())
            .kmsConfiguration(KMSConfiguration.builder().kmsKeyArn("arn:aws:kms:us-west-2:111122223333:key/unused").build())
            .build()));
      case "GetActiveBranchKey":
        return Wrappers_Compile.Result.create_Success(ToDafny.GetActiveBranchKeyOutput(
            GetActiveBranchKeyOutput.builder().branchKeyMaterials(mplMaterials()).build()));
      case "GetBranchKeyVersion":
        var in = ToNative.GetBranchKeyVersionInput(
            (software.amazon.cryptography.keystore.internaldafny.types.GetBranchKeyVersionInput) args[0]);
        assertThat(in.branchKeyIdentifier()).isEqualTo(ID);
        assertThat(in.branchKeyVersion()).isEqualTo(VERSION);
        return Wrappers_Compile.Result.create_Success(ToDafny.GetBranchKeyVersionOutput(
            GetBranchKeyVersionOutput.builder().branchKeyMaterials(mplMaterials()).build()));
      default:
        throw new UnsupportedOperationException(method);
    }
  }

  /** The MPL's hierarchical keyring over the in-memory key store (its constructor from a client is package-private). */
  static IKeyring mplKeyring(AtomicInteger calls) throws Exception {
    IKeyStoreClient client = (IKeyStoreClient) Proxy.newProxyInstance(
        IKeyStoreClient.class.getClassLoader(), new Class<?>[] {IKeyStoreClient.class},
        (proxy, method, args) -> method.getDeclaringClass() == Object.class
            ? (method.getName().equals("toString") ? "in-memory key store" : method.invoke(calls, args))
            : answer(method.getName(), args, calls));
    Constructor<KeyStore> c = KeyStore.class.getDeclaredConstructor(IKeyStoreClient.class);
    c.setAccessible(true);
    return Esdk.MPL.CreateAwsKmsHierarchicalKeyring(CreateAwsKmsHierarchicalKeyringInput.builder()
        .keyStore(c.newInstance(client)).branchKeyId(ID).ttlSeconds(600).build());
  }

  static HierarchicalKeyring cirrusKeyring() {
    return HierarchicalKeyring.builder().branchKeySource(StaticBranchKeySource.withKey(ID, VERSION, 0)
        .addVersion(ID, VERSION, BRANCH_KEY)).branchKeyId(ID).ttl(java.time.Duration.ofMinutes(10)).build();
  }

  static Map<String, String> context() {
    Map<String, String> ctx = new TreeMap<>(Map.of("tenant", "t-1", "purpose", "interop"));
    for (int i = 0; i < 20; i++) {
      ctx.put("k" + i, "v".repeat(i + 1));
    }
    return ctx;
  }

  @ParameterizedTest
  @ValueSource(ints = {0x0478, 0x0578})
  void encrypt_cirrusHierarchical_mplHierarchicalKeyringDecrypts(int suiteId) throws Exception {
    AtomicInteger calls = new AtomicInteger();
    byte[] pt = "from cirrus to the MPL".getBytes();
    try (HierarchicalKeyring k = cirrusKeyring()) {
      byte[] ct = CirrusCrypto.builder().keyring(k).algorithmSuite(AlgorithmSuite.fromId(suiteId)).build()
          .encrypt(pt, context()).ciphertext();

      byte[] out = Esdk.client(suiteId, 4096).decryptData(mplKeyring(calls), ct).getResult();

      assertThat(out).isEqualTo(pt);
      assertThat(calls.get()).isPositive();
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0x0478, 0x0578})
  void encrypt_mplHierarchical_cirrusHierarchicalKeyringDecrypts(int suiteId) throws Exception {
    byte[] pt = "from the MPL to cirrus".getBytes();
    byte[] ct = Esdk.client(suiteId, 4096).encryptData(mplKeyring(new AtomicInteger()), pt, context()).getResult();
    try (HierarchicalKeyring k = cirrusKeyring()) {
      DecryptResult d = CirrusCrypto.builder().keyring(k).build().decrypt(ct, context());

      assertThat(d.plaintext()).isEqualTo(pt);
      assertThat(d.keyId()).isEqualTo(ID);
      assertThat(d.suite().id()).isEqualTo(suiteId);
    }
  }
}
