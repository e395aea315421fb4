package dev.cirrus.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.DataKey;
import dev.cirrus.crypto.EncryptedDataKey;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class HierarchyWrapTest {
  private static final byte[] ID_UTF8 = HierarchyVectors.BRANCH_KEY_ID.getBytes(StandardCharsets.UTF_8);
  private static final byte[] VERSION = HierarchyWrap.versionBytes(HierarchyVectors.VERSION);
  private static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;

  static List<JsonNode> edkVectors() {
    List<JsonNode> list = new ArrayList<>();
    HierarchyVectors.ROOT.get("edk").forEach(list::add);
    return list;
  }

  /** A "random" source that hands out {@code bytes} in order, so that salt and IV are chosen by the test. */
  static SecureRandom fixed(byte[] bytes) {
    return new SecureRandom() {
      private static final long serialVersionUID = 1L;
      private int pos;

      @Override
      public synchronized void nextBytes(byte[] b) {
        System.arraycopy(bytes, pos, b, 0, b.length);
        pos += b.length;
      }
    };
  }

  /**
   * Runs {@code c} on a new thread, so with a new thread-local AES-GCM cipher: the JDK's refuses a second
   * encryption under the key and IV of its previous one, which the fixed-salt vectors repeat on purpose.
   */
  private static <T> T onFreshThread(java.util.concurrent.Callable<T> c) throws Exception {
    java.util.concurrent.ExecutorService ex = java.util.concurrent.Executors.newSingleThreadExecutor();
    try {
      return ex.submit(c).get();
    } finally {
      ex.shutdown();
    }
  }

  private static HierarchyWrap wrapWith(byte[] salt, byte[] iv) {
    byte[] both = Arrays.copyOf(salt, salt.length + iv.length);
    System.arraycopy(iv, 0, both, salt.length, iv.length);
    return new HierarchyWrap(JcaProviders.jdk(), fixed(both));
  }

  @ParameterizedTest
  @MethodSource("edkVectors")
  void wrap_staticBranchKeyFixedSaltAndIv_matchesIndependentKnownAnswer(JsonNode v) throws Exception {
    HierarchyWrap wrap = wrapWith(HierarchyVectors.hex(v, "salt"), HierarchyVectors.hex(v, "iv"));

    EncryptedDataKey edk = onFreshThread(() -> wrap.wrap(
        HierarchyVectors.BRANCH_KEY, ID_UTF8, VERSION, DataKey.copyOf(HierarchyVectors.hex(v, "dataKey")),
        HierarchyVectors.context(v)));

    assertThat(edk.providerId()).isEqualTo("aws-kms-hierarchy");
    assertThat(edk.providerInfoUtf8()).isEqualTo(HierarchyVectors.BRANCH_KEY_ID);
    assertThat(HexFormat.of().formatHex(edk.ciphertext())).isEqualTo(v.get("ciphertext").asText());
  }

  @ParameterizedTest
  @MethodSource("edkVectors")
  void unwrap_independentKnownAnswer_returnsDataKey(JsonNode v) {
    EncryptedDataKey edk = EncryptedDataKey.of("aws-kms-hierarchy", ID_UTF8, HierarchyVectors.hex(v, "ciphertext"));
    HierarchyWrap wrap = new HierarchyWrap(JcaProviders.jdk(), null);

    assertThat(HierarchyWrap.malformed(edk, SUITE)).isNull();
    assertThat(HierarchyWrap.versionOf(edk.ciphertext())).isEqualTo(HierarchyVectors.VERSION);
    DataKey key = wrap.unwrap(HierarchyVectors.BRANCH_KEY, VERSION, edk, HierarchyVectors.context(v));
    assertThat(key.toByteArray()).isEqualTo(HierarchyVectors.hex(v, "dataKey"));
  }

  @Test
  void derive_staticBranchKeyKnownSalt_matchesIndependentWrappingKey() throws Exception {
    JsonNode v = HierarchyVectors.ROOT.get("edk").get(0);
    byte[] kek = KdfCounterMode.derive(javax.crypto.Mac.getInstance("HmacSHA256"), HierarchyVectors.BRANCH_KEY,
        "aws-kms-hierarchy".getBytes(StandardCharsets.UTF_8), HierarchyVectors.hex(v, "salt"), 32);

    assertThat(kek).isEqualTo(HierarchyVectors.hex(v, "wrappingKey"));
  }

  @Test
  void wrap_anyEdk_layoutIsSaltIvVersionWrappedKeyTag() {
    byte[] salt = new byte[16];
    Arrays.fill(salt, (byte) 0x5a);
    byte[] iv = new byte[12];
    Arrays.fill(iv, (byte) 0xa5);
    HierarchyWrap wrap = wrapWith(salt, iv);

    byte[] ct = wrap.wrap(HierarchyVectors.BRANCH_KEY, ID_UTF8, VERSION, DataKey.copyOf(new byte[32]), Map.of())
        .ciphertext();

    assertThat(ct).hasSize(16 + 12 + 16 + 32 + 16).hasSize(HierarchyWrap.OVERHEAD_BYTES + 32);
    assertThat(Arrays.copyOfRange(ct, 0, 16)).isEqualTo(salt);
    assertThat(Arrays.copyOfRange(ct, 16, 28)).isEqualTo(iv);
    assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(ct, 28, 44)))
        .isEqualTo(HierarchyVectors.VERSION.replace("-", ""));
  }

  @Test
  void aad_context_isProviderIdBranchKeyIdVersionAndSerializedContext() {
    Map<String, String> ctx = Map.of("b", "2", "a", "1");

    byte[] aad = HierarchyWrap.aad(ID_UTF8, VERSION, ctx);

    String expected = HexFormat.of().formatHex("aws-kms-hierarchy".getBytes(StandardCharsets.UTF_8))
        + HexFormat.of().formatHex(ID_UTF8)
        + HierarchyVectors.VERSION.replace("-", "")
        + "0002" + "0001" + "61" + "0001" + "31" + "0001" + "62" + "0001" + "32";
    assertThat(HexFormat.of().formatHex(aad)).isEqualTo(expected);
    assertThat(HierarchyWrap.aad(ID_UTF8, VERSION, Map.of())).hasSize(17 + ID_UTF8.length + 16);
  }

  @Test
  void versionBytes_upperCaseUuid_sameBytesAsLowerCase() {
    assertThat(HierarchyWrap.versionBytes(HierarchyVectors.VERSION.toUpperCase(java.util.Locale.ROOT)))
        .isEqualTo(VERSION);
  }

  @Test
  void malformed_wrongLengths_namesActualAndExpected() {
    for (int n : new int[] {0, 43, 44, 91, 93}) {
      EncryptedDataKey edk = EncryptedDataKey.of("aws-kms-hierarchy", ID_UTF8, new byte[n]);

      assertThat(HierarchyWrap.malformed(edk, SUITE))
          .isEqualTo("malformed: ciphertext is " + n + " bytes, expected 92 (salt 16, IV 12, version 16, wrapped key 32, tag 16)");
    }
  }

  @Test
  void unwrap_anyByteFlipped_returnsNull() {
    JsonNode v = HierarchyVectors.ROOT.get("edk").get(1);
    byte[] ct = HierarchyVectors.hex(v, "ciphertext");
    HierarchyWrap wrap = new HierarchyWrap(JcaProviders.jdk(), null);
    for (int i = 0; i < ct.length; i++) {
      if (i >= HierarchyWrap.VERSION_OFFSET && i < HierarchyWrap.WRAPPED_OFFSET) {
        continue; // the version selects the branch key; the keyring authenticates it through the AAD
      }
      byte[] t = ct.clone();
      t[i] ^= 0x01;
      EncryptedDataKey edk = EncryptedDataKey.of("aws-kms-hierarchy", ID_UTF8, t);

      assertThat(wrap.unwrap(HierarchyVectors.BRANCH_KEY, VERSION, edk, HierarchyVectors.context(v)))
          .as("byte %d", i).isNull();
    }
  }

  @Test
  void unwrap_otherContextOrVersion_returnsNull() {
    JsonNode v = HierarchyVectors.ROOT.get("edk").get(1);
    EncryptedDataKey edk = EncryptedDataKey.of("aws-kms-hierarchy", ID_UTF8, HierarchyVectors.hex(v, "ciphertext"));
    HierarchyWrap wrap = new HierarchyWrap(JcaProviders.jdk(), null);
    byte[] otherVersion = VERSION.clone();
    otherVersion[15] ^= 1;

    assertThat(wrap.unwrap(HierarchyVectors.BRANCH_KEY, VERSION, edk, Map.of("tenant", "acme"))).isNull();
    assertThat(wrap.unwrap(HierarchyVectors.BRANCH_KEY, otherVersion, edk, HierarchyVectors.context(v))).isNull();
  }
}
