package dev.cirrus.crypto;

import static dev.cirrus.crypto.HierarchicalKeyringTest.CTX;
import static dev.cirrus.crypto.HierarchicalKeyringTest.ID;
import static dev.cirrus.crypto.HierarchicalKeyringTest.SUITE;
import static dev.cirrus.crypto.HierarchicalKeyringTest.TTL;
import static dev.cirrus.crypto.HierarchicalKeyringTest.V1;
import static dev.cirrus.crypto.HierarchicalKeyringTest.V2;
import static dev.cirrus.crypto.HierarchicalKeyringTest.builder;
import static dev.cirrus.crypto.HierarchicalKeyringTest.decrypt;
import static dev.cirrus.crypto.HierarchicalKeyringTest.encryptOne;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.cache.ManualTicker;
import dev.cirrus.cache.RetirementCause;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** TTL, refresh-ahead, eviction and destruction of cached branch keys; multi-tenant suppliers. */
class HierarchicalKeyringCacheTest {
  static final String OTHER = "bk-tenant-b";

  static String versionOf(EncryptedDataKey edk) {
    return dev.cirrus.crypto.internal.HierarchyWrap.versionOf(edk.ciphertext());
  }

  @Test
  void onEncrypt_withinTtl_oneSourceCallThenExpiryReloads() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    ManualTicker ticker = new ManualTicker();
    try (HierarchicalKeyring k = builder(src, ticker).noRefreshAhead().build()) {
      for (int i = 0; i < 10; i++) {
        encryptOne(k);
      }
      assertThat(src.activeCalls(ID)).isEqualTo(1);

      ticker.advance(TTL);
      encryptOne(k);

      assertThat(src.activeCalls(ID)).isEqualTo(2);
      assertThat(k.stats().retirements(RetirementCause.AGE)).isEqualTo(1);
    }
  }

  @Test
  void onEncrypt_afterRefreshFraction_reloadsInBackgroundAndPicksUpRotation() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1).addVersion(ID, V2, 2);
    ManualTicker ticker = new ManualTicker();
    try (HierarchicalKeyring k = builder(src, ticker).build()) {
      assertThat(versionOf(encryptOne(k))).isEqualTo(V1);
      src.activate(ID, V2);

      ticker.advance(Duration.ofMinutes(8)); // past the default 75 % of the 10-minute TTL
      EncryptedDataKey during = encryptOne(k); // still the old entry, starts the reload (inline executor)
      EncryptedDataKey after = encryptOne(k);

      assertThat(versionOf(during)).isEqualTo(V1);
      assertThat(versionOf(after)).isEqualTo(V2);
      assertThat(k.stats().refreshes()).isEqualTo(1);
      assertThat(src.activeCalls(ID)).isEqualTo(2);
    }
  }

  @Test
  void expiry_retiredAndUnused_branchKeyDestroyed() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    ManualTicker ticker = new ManualTicker();
    try (HierarchicalKeyring k = builder(src, ticker).noRefreshAhead().build()) {
      EncryptedDataKey edk = encryptOne(k);
      decrypt(k, edk);
      assertThat(src.handedOut).hasSize(2).noneMatch(BranchKeyMaterials::isDestroyed);

      ticker.advance(TTL);
      k.cleanUp();

      assertThat(src.handedOut).hasSize(2).allMatch(BranchKeyMaterials::isDestroyed);
    }
  }

  @Test
  void eviction_beyondMaxCachedBranchKeys_evictedKeyDestroyed() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1).addVersion(OTHER, V2, 2).activate(OTHER, V2);
    try (HierarchicalKeyring k = HierarchicalKeyring.builder().branchKeySource(src)
        .branchKeyIdSupplier(ctx -> ctx.get("tenant")).ttl(TTL).maxCachedBranchKeys(1).executor(Runnable::run).build()) {
      k.onEncrypt(EncryptionMaterials.create(SUITE, Map.of("tenant", ID)));
      k.onEncrypt(EncryptionMaterials.create(SUITE, Map.of("tenant", OTHER)));
      k.cleanUp();

      assertThat(k.stats().retirements(RetirementCause.SIZE)).isEqualTo(1);
      assertThat(src.handedOut).hasSize(2).filteredOn(BranchKeyMaterials::isDestroyed).hasSize(1);
    }
  }

  @Test
  void close_cachedKeys_allDestroyedAndFurtherUseRejected() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    HierarchicalKeyring k = builder(src, new ManualTicker()).build();
    EncryptedDataKey edk = encryptOne(k);
    decrypt(k, edk);

    k.close();

    assertThat(src.handedOut).hasSize(2).allMatch(BranchKeyMaterials::isDestroyed);
    assertThatThrownBy(() -> encryptOne(k)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void invalidateAll_thenUse_reloadsAndDestroysOld() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    try (HierarchicalKeyring k = builder(src, new ManualTicker()).build()) {
      encryptOne(k);
      k.invalidateAll();
      encryptOne(k);

      assertThat(src.activeCalls(ID)).isEqualTo(2);
      assertThat(src.handedOut.get(0).isDestroyed()).isTrue();
      assertThat(src.handedOut.get(1).isDestroyed()).isFalse();
    }
  }

  private static HierarchicalKeyring tenantKeyring(StaticBranchKeySource src, Map<String, String> tenants) {
    return HierarchicalKeyring.builder().branchKeySource(src).ttl(TTL).executor(Runnable::run)
        .branchKeyIdSupplier(ctx -> {
          String id = tenants.get(ctx.get("tenant"));
          if (id == null) {
            throw new IllegalArgumentException("unknown tenant " + ctx.get("tenant"));
          }
          return id;
        }).build();
  }

  @Test
  void supplier_tenantAMessage_keyringForTenantBCannotDecrypt() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1).addVersion(OTHER, V2, 2).activate(OTHER, V2);
    Map<String, String> ctx = Map.of("tenant", "a");
    try (HierarchicalKeyring forA = tenantKeyring(src, Map.of("a", ID));
        HierarchicalKeyring forB = tenantKeyring(src, Map.of("a", OTHER))) {
      CirrusCrypto a = CirrusCrypto.builder().keyring(forA).build();
      CirrusCrypto b = CirrusCrypto.builder().keyring(forB).build();
      byte[] ct = a.encrypt("tenant a data".getBytes(), ctx).ciphertext();

      assertThat(a.decrypt(ct).keyId()).isEqualTo(ID);
      assertThatThrownBy(() -> b.decrypt(ct))
          .isInstanceOf(NoDecryptableKeyException.class)
          .hasMessage("no key could decrypt this message; 1 encrypted data key: bk-tenant-a (aws-kms-hierarchy): "
              + "encrypted under branch key bk-tenant-a, not under bk-tenant-b, "
              + "the branch key this keyring uses for this encryption context");
      assertThat(src.versionCalls(OTHER, V2)).isZero();
    }
  }

  @Test
  void supplier_unknownTenant_encryptThrowsAndDecryptReportsSupplierMessage() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    try (HierarchicalKeyring k = tenantKeyring(src, Map.of("a", ID))) {
      EncryptedDataKey edk = k.onEncrypt(EncryptionMaterials.create(SUITE, Map.of("tenant", "a")))
          .encryptedDataKeys().get(0);

      assertThatThrownBy(() -> k.onEncrypt(EncryptionMaterials.create(SUITE, Map.of("tenant", "z"))))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("unknown tenant z");
      assertThatThrownBy(() -> k.onDecrypt(DecryptionMaterials.create(SUITE, Map.of("tenant", "z")), java.util.List.of(edk)))
          .isInstanceOf(NoDecryptableKeyException.class)
          .hasMessageEndingWith("the branch key id supplier knows no branch key for this encryption context: unknown tenant z");
    }
  }

  @Test
  void supplier_returnsEmptyId_throwsIllegalState() {
    try (HierarchicalKeyring k = HierarchicalKeyring.builder().branchKeySource(StaticBranchKeySource.withKey(ID, V1, 1))
        .ttl(TTL).branchKeyIdSupplier(ctx -> "").build()) {
      assertThatThrownBy(() -> k.onEncrypt(EncryptionMaterials.create(SUITE, CTX)))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the branch key id supplier must return a non-empty branch key id, returned \"\"");
    }
  }
}
