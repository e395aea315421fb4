package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.cache.ManualTicker;
import dev.cirrus.crypto.internal.HierarchyVectors;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HierarchicalKeyringTest {
  static final String ID = "bk-tenant-a";
  static final String V1 = "11111111-1111-4111-8111-111111111111";
  static final String V2 = "22222222-2222-4222-8222-222222222222";
  static final String UNKNOWN = "99999999-9999-4999-8999-999999999999";
  static final AlgorithmSuite SUITE = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
  static final Map<String, String> CTX = Map.of("purpose", "test");
  static final Duration TTL = Duration.ofMinutes(10);

  static SecureRandom seeded(long seed) {
    try {
      SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
      r.setSeed(seed);
      return r;
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Seeds of the keyrings' random sources: distinct, since equal seeds would repeat salt and IV. */
  private static final java.util.concurrent.atomic.AtomicLong SEEDS = new java.util.concurrent.atomic.AtomicLong(7);

  static HierarchicalKeyring.Builder builder(BranchKeySource source, ManualTicker ticker) {
    return HierarchicalKeyring.builder().branchKeySource(source).branchKeyId(ID).ttl(TTL).ticker(ticker)
        .executor(Runnable::run).random(seeded(SEEDS.incrementAndGet()));
  }

  static EncryptedDataKey encryptOne(HierarchicalKeyring k) {
    return k.onEncrypt(EncryptionMaterials.create(SUITE, CTX)).encryptedDataKeys().get(0);
  }

  static DecryptionMaterials decrypt(HierarchicalKeyring k, EncryptedDataKey edk) {
    return k.onDecrypt(DecryptionMaterials.create(SUITE, CTX), List.of(edk));
  }

  static EncryptedDataKey withCiphertextByte(EncryptedDataKey edk, int index, int xor) {
    byte[] ct = edk.ciphertext();
    ct[index] ^= (byte) xor;
    return EncryptedDataKey.of(edk.providerId(), edk.providerInfo(), ct);
  }

  static EncryptedDataKey withVersion(EncryptedDataKey edk, String version) {
    byte[] ct = edk.ciphertext();
    System.arraycopy(HexFormat.of().parseHex(version.replace("-", "")), 0, ct, 28, 16);
    return EncryptedDataKey.of(edk.providerId(), edk.providerInfo(), ct);
  }

  @Test
  void ttl_zero_throwsNamingValueAndRange() {
    assertThatThrownBy(() -> HierarchicalKeyring.builder().ttl(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be greater than zero (at least 1 ns), was PT0S");
  }

  @Test
  void ttl_negative_throwsNamingValueAndRange() {
    assertThatThrownBy(() -> HierarchicalKeyring.builder().ttl(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ttl must be greater than zero (at least 1 ns), was PT-1S");
  }

  @Test
  void build_bothIdAndSupplier_throws() {
    HierarchicalKeyring.Builder b = builder(StaticBranchKeySource.withKey(ID, V1, 1), new ManualTicker())
        .branchKeyIdSupplier(ctx -> ID);

    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessage("exactly one of branchKeyId and branchKeyIdSupplier is required, got both");
  }

  @Test
  void build_neitherIdNorSupplier_throws() {
    HierarchicalKeyring.Builder b =
        HierarchicalKeyring.builder().branchKeySource(StaticBranchKeySource.withKey(ID, V1, 1)).ttl(TTL);

    assertThatThrownBy(b::build).isInstanceOf(IllegalStateException.class)
        .hasMessage("exactly one of branchKeyId and branchKeyIdSupplier is required, got neither");
  }

  @Test
  void build_missingTtlOrSource_throws() {
    assertThatThrownBy(() -> HierarchicalKeyring.builder().branchKeyId(ID).ttl(TTL).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("branchKeySource is required");
    assertThatThrownBy(() -> HierarchicalKeyring.builder()
            .branchKeySource(StaticBranchKeySource.withKey(ID, V1, 1)).branchKeyId(ID).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("ttl is required");
  }

  @Test
  void builder_outOfRangeSettings_throwNamingValueAndRange() {
    assertThatThrownBy(() -> HierarchicalKeyring.builder().maxCachedBranchKeys(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxCachedBranchKeys must be between 1 and 2147483647, was 0");
    assertThatThrownBy(() -> HierarchicalKeyring.builder().refreshAheadFraction(1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("refreshAheadFraction must be greater than 0.0 and less than 1.0, was 1.0");
    assertThatThrownBy(() -> HierarchicalKeyring.builder().branchKeyId(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("branchKeyId must not be empty, was \"\"");
  }

  @Test
  void onEncrypt_noDataKey_generatesKeyAndOneEdkNamingBranchKeyAndVersion() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    try (HierarchicalKeyring k = builder(src, new ManualTicker()).build()) {
      EncryptionMaterials m = k.onEncrypt(EncryptionMaterials.create(SUITE, CTX));

      assertThat(m.dataKey().lengthBytes()).isEqualTo(32);
      assertThat(m.encryptedDataKeys()).hasSize(1);
      EncryptedDataKey edk = m.encryptedDataKeys().get(0);
      assertThat(edk.providerId()).isEqualTo("aws-kms-hierarchy").isEqualTo(HierarchicalKeyring.PROVIDER_ID);
      assertThat(edk.providerInfoUtf8()).isEqualTo(ID);
      assertThat(HexFormat.of().formatHex(Arrays.copyOfRange(edk.ciphertext(), 28, 44))).isEqualTo(V1.replace("-", ""));
      DecryptionMaterials d = decrypt(k, edk);
      assertThat(d.dataKey()).isEqualTo(m.dataKey());
      assertThat(d.keyId()).isEqualTo(ID);
    }
  }

  @Test
  void onEncrypt_existingDataKey_keepsItAndAddsEdk() {
    try (HierarchicalKeyring k = builder(StaticBranchKeySource.withKey(ID, V1, 1), new ManualTicker()).build()) {
      DataKey key = DataKey.copyOf(new byte[32]);
      EncryptionMaterials m = k.onEncrypt(EncryptionMaterials.create(SUITE, CTX).withDataKey(key));

      assertThat(m.dataKey()).isSameAs(key);
      assertThat(decrypt(k, m.encryptedDataKeys().get(0)).dataKey()).isEqualTo(key);
    }
  }

  @Test
  void onDecrypt_staticBranchKeyKnownAnswerEdk_returnsPublishedDataKey() {
    StaticBranchKeySource src = new StaticBranchKeySource()
        .addVersion(HierarchyVectors.BRANCH_KEY_ID, HierarchyVectors.VERSION, HierarchyVectors.BRANCH_KEY)
        .activate(HierarchyVectors.BRANCH_KEY_ID, HierarchyVectors.VERSION);
    var v = HierarchyVectors.ROOT.get("edk").get(1);
    EncryptedDataKey edk = EncryptedDataKey.of("aws-kms-hierarchy",
        HierarchyVectors.BRANCH_KEY_ID.getBytes(java.nio.charset.StandardCharsets.UTF_8), HierarchyVectors.hex(v, "ciphertext"));
    try (HierarchicalKeyring k = HierarchicalKeyring.builder()
        .branchKeySource(src).branchKeyId(HierarchyVectors.BRANCH_KEY_ID).ttl(TTL).build()) {
      DecryptionMaterials d = k.onDecrypt(DecryptionMaterials.create(SUITE, HierarchyVectors.context(v)), List.of(edk));

      assertThat(d.dataKey().toByteArray()).isEqualTo(HierarchyVectors.hex(v, "dataKey"));
      assertThat(src.versionCalls(HierarchyVectors.BRANCH_KEY_ID, HierarchyVectors.VERSION)).isEqualTo(1);
    }
  }

  @Test
  void onDecrypt_edkTooShort_throwsNamingLengthsWithoutSourceCall() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    try (HierarchicalKeyring k = builder(src, new ManualTicker()).build()) {
      EncryptedDataKey edk = encryptOne(k);
      EncryptedDataKey shortEdk =
          EncryptedDataKey.of(edk.providerId(), edk.providerInfo(), Arrays.copyOf(edk.ciphertext(), 43));
      int before = src.totalCalls();

      assertThatThrownBy(() -> decrypt(k, shortEdk))
          .isInstanceOf(NoDecryptableKeyException.class)
          .hasMessage("no key could decrypt this message; 1 encrypted data key: bk-tenant-a (aws-kms-hierarchy): "
              + "malformed: ciphertext is 43 bytes, expected 92 (salt 16, IV 12, version 16, wrapped key 32, tag 16)");
      assertThat(src.totalCalls()).isEqualTo(before);
    }
  }

  @Test
  void onDecrypt_unknownVersion_reportsBranchKeyExceptionWithIdAndVersion() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    try (HierarchicalKeyring k = builder(src, new ManualTicker()).build()) {
      EncryptedDataKey edk = withVersion(encryptOne(k), UNKNOWN);

      assertThatThrownBy(() -> decrypt(k, edk))
          .isInstanceOf(NoDecryptableKeyException.class)
          .hasMessage("no key could decrypt this message; 1 encrypted data key: bk-tenant-a (aws-kms-hierarchy): "
              + "branch key bk-tenant-a version " + UNKNOWN + ": not found: no such item")
          .satisfies(e -> assertThat(e.getSuppressed()).singleElement()
              .isInstanceOfSatisfying(BranchKeyException.class, b -> {
                assertThat(b.reason()).isEqualTo(BranchKeyException.Reason.NOT_FOUND);
                assertThat(b.branchKeyId()).isEqualTo(ID);
                assertThat(b.version()).contains(UNKNOWN);
              }));
    }
  }

  @Test
  void onDecrypt_versionBytesOfAnotherExistingVersion_failsAuthentication() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1).addVersion(ID, V2, 2);
    try (HierarchicalKeyring k = builder(src, new ManualTicker()).build()) {
      EncryptedDataKey edk = withVersion(encryptOne(k), V2);

      assertThatThrownBy(() -> decrypt(k, edk))
          .isInstanceOf(NoDecryptableKeyException.class)
          .hasMessageEndingWith("bk-tenant-a (aws-kms-hierarchy): did not unwrap with branch key bk-tenant-a version "
              + V2 + " (other encryption context, or damaged)");
    }
  }

  @Test
  void onDecrypt_tamperedSaltIvWrappedKeyOrTag_throwsDidNotUnwrap() {
    try (HierarchicalKeyring k = builder(StaticBranchKeySource.withKey(ID, V1, 1), new ManualTicker()).build()) {
      EncryptedDataKey edk = encryptOne(k);
      for (int index : new int[] {0, 15, 16, 27, 44, 75, 76, 91}) {
        EncryptedDataKey bad = withCiphertextByte(edk, index, 0x80);

        assertThatThrownBy(() -> decrypt(k, bad)).as("byte %d", index)
            .isInstanceOf(NoDecryptableKeyException.class)
            .hasMessageEndingWith("did not unwrap with branch key bk-tenant-a version " + V1
                + " (other encryption context, or damaged)");
      }
    }
  }

  @Test
  void onDecrypt_otherEncryptionContext_throwsDidNotUnwrap() {
    try (HierarchicalKeyring k = builder(StaticBranchKeySource.withKey(ID, V1, 1), new ManualTicker()).build()) {
      EncryptedDataKey edk = encryptOne(k);

      assertThatThrownBy(() -> k.onDecrypt(DecryptionMaterials.create(SUITE, Map.of("purpose", "other")), List.of(edk)))
          .isInstanceOf(NoDecryptableKeyException.class).hasMessageContaining("did not unwrap");
    }
  }

  @Test
  void onDecrypt_sourceUnavailable_throwsRetryableKmsUnavailable() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    EncryptedDataKey edk;
    try (HierarchicalKeyring k = builder(src, new ManualTicker()).build()) {
      edk = encryptOne(k);
    }
    src.unavailable(true);
    try (HierarchicalKeyring cold = builder(src, new ManualTicker()).build()) {
      assertThatThrownBy(() -> decrypt(cold, edk))
          .isInstanceOfSatisfying(KmsUnavailableException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessageEndingWith("branch key bk-tenant-a version " + V1 + ": unavailable: store timed out, retryable");
    }
  }

  @Test
  void onEncrypt_sourceUnavailable_throwsBranchKeyException() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    src.unavailable(true);
    try (HierarchicalKeyring k = builder(src, new ManualTicker()).build()) {
      assertThatThrownBy(() -> encryptOne(k))
          .isInstanceOfSatisfying(BranchKeyException.class, e -> assertThat(e.retryable()).isTrue())
          .hasMessage("branch key bk-tenant-a: unavailable: store timed out");
    }
  }

  @Test
  void onDecrypt_noHierarchyEdk_returnsMaterialsUnchanged() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    try (HierarchicalKeyring k = builder(src, new ManualTicker()).build()) {
      DecryptionMaterials in = DecryptionMaterials.create(SUITE, CTX);

      assertThat(k.onDecrypt(in, List.of(EncryptedDataKey.of("aws-kms", new byte[1], new byte[1])))).isSameAs(in);
      assertThat(src.totalCalls()).isZero();
    }
  }

  @Test
  void onDecrypt_sourceReturnsOtherVersion_rejectsAndDestroysIt() {
    StaticBranchKeySource inner = StaticBranchKeySource.withKey(ID, V1, 1).addVersion(ID, V2, 2);
    BranchKeySource confused = new BranchKeySource() {
      @Override
      public String logicalKeyStoreName() {
        return "confused";
      }

      @Override
      public BranchKeyMaterials activeBranchKey(String branchKeyId) {
        return inner.activeBranchKey(branchKeyId);
      }

      @Override
      public BranchKeyMaterials branchKeyVersion(String branchKeyId, String version) {
        return inner.branchKeyVersion(branchKeyId, V2);
      }
    };
    try (HierarchicalKeyring k = builder(confused, new ManualTicker()).build()) {
      EncryptedDataKey edk = encryptOne(k);

      assertThatThrownBy(() -> decrypt(k, edk)).isInstanceOf(NoDecryptableKeyException.class)
          .hasMessageEndingWith("branch key bk-tenant-a version " + V1
              + ": malformed: the branch key source returned version " + V2);
      assertThat(inner.handedOut).filteredOn(m -> m.version().equals(V2)).allMatch(BranchKeyMaterials::isDestroyed);
    }
  }

  @Test
  void prewarm_knownIds_loadsActiveKeysOnce() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    try (HierarchicalKeyring k = builder(src, new ManualTicker()).build()) {
      k.prewarm(ID);
      encryptOne(k);
      encryptOne(k);

      assertThat(src.activeCalls(ID)).isEqualTo(1);
      assertThat(k.stats().loads()).isEqualTo(1);
      assertThat(k.stats().hits()).isEqualTo(2);
      assertThatThrownBy(() -> k.prewarm("nope")).isInstanceOf(BranchKeyException.class)
          .hasMessage("branch key nope: not found: no active version");
    }
  }

  @Test
  void toString_namesStoreAndIdOnly() {
    try (HierarchicalKeyring k = builder(StaticBranchKeySource.withKey(ID, V1, 1), new ManualTicker()).build()) {
      assertThat(k).hasToString("HierarchicalKeyring{store=static-test-store, branchKeyId=bk-tenant-a, ttl=PT10M}");
      assertThat(k.branchKeyId()).isEqualTo(ID);
      assertThat(k.ttl()).isEqualTo(TTL);
    }
  }

  @Test
  void provider_jdkProviders_roundTrips() {
    try (HierarchicalKeyring k = builder(StaticBranchKeySource.withKey(ID, V1, 1), new ManualTicker())
        .provider(TestProviders.SUN_JCE, TestProviders.SUN_EC).build()) {
      EncryptionMaterials m = k.onEncrypt(EncryptionMaterials.create(SUITE, CTX));

      assertThat(decrypt(k, m.encryptedDataKeys().get(0)).dataKey()).isEqualTo(m.dataKey());
    }
  }
}
