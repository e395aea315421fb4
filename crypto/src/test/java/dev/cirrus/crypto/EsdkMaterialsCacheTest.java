package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.CryptoMaterialsCache;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import com.amazonaws.encryptionsdk.model.EncryptionMaterials;
import dev.cirrus.crypto.esdk.EsdkMaterialsCache;
import dev.cirrus.crypto.internal.ByteSource;
import dev.cirrus.crypto.internal.HeaderCodec;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class EsdkMaterialsCacheTest {
  static final Map<String, String> CTX = Map.of("bridge", "yes");
  static final JceMasterKey MASTER_KEY =
      JceMasterKey.getInstance(
          new SecretKeySpec(EsdkInteropTest.WRAPPING_KEY, "AES"), EsdkInteropTest.NAMESPACE, EsdkInteropTest.NAME,
          "AES/GCM/NoPadding");

  static CryptoMaterialsManager cachingCmm(CryptoMaterialsCache cache, long messageLimit) {
    return CachingCryptoMaterialsManager.newBuilder()
        .withMasterKeyProvider(MASTER_KEY)
        .withCache(cache)
        .withMaxAge(5, TimeUnit.MINUTES)
        .withMessageUseLimit(messageLimit)
        .build();
  }

  static AwsCrypto esdk() {
    return AwsCrypto.builder()
        .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
        .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
        .build();
  }

  static String firstEdk(byte[] message) throws Exception {
    return java.util.Arrays.toString(
        HeaderCodec.parse(ByteSource.of(message, 0, message.length), 1 << 20, 10).encryptedDataKeys().get(0).ciphertext());
  }

  @Test
  void cachingCmm_100MessagesLimit10_tenDataKeysAndCirrusDecrypts() throws Exception {
    try (EsdkMaterialsCache cache = EsdkMaterialsCache.builder().maxAge(Duration.ofMinutes(10)).build()) {
      CryptoMaterialsManager cmm = cachingCmm(cache, 10);
      AwsCrypto esdk = esdk();
      Set<String> keys = new HashSet<>();
      CirrusCrypto cirrus = CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).build();
      for (int i = 0; i < 100; i++) {
        byte[] pt = ("message " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] ct = esdk.encryptData(cmm, pt, CTX).getResult();
        keys.add(firstEdk(ct));
        assertThat(cirrus.decrypt(ct).plaintext()).isEqualTo(pt);
        assertThat(esdk.decryptData(cmm, ct).getResult()).isEqualTo(pt);
      }
      assertThat(keys).hasSize(10);
    }
  }

  @Test
  void getEntryForEncrypt_secondCallerWhileFirstLoads_waitsForPut() throws Exception {
    try (EsdkMaterialsCache cache = EsdkMaterialsCache.builder().maxAge(Duration.ofMinutes(10)).build()) {
      byte[] id = {1, 2, 3};
      CryptoMaterialsCache.UsageStats one = new CryptoMaterialsCache.UsageStats(10, 1);
      assertThat(cache.getEntryForEncrypt(id, one)).isNull();
      CompletableFuture<CryptoMaterialsCache.EncryptCacheEntry> waiter = new CompletableFuture<>();
      Thread t = new Thread(() -> waiter.complete(cache.getEntryForEncrypt(id, one)));
      t.start();
      while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING && !waiter.isDone()) {
        Thread.onSpinWait();
      }
      EncryptionMaterials materials =
          EncryptionMaterials.newBuilder()
              .setAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
              .setEncryptionContext(Collections.emptyMap())
              .setEncryptedDataKeys(List.of())
              .setCleartextDataKey(new SecretKeySpec(new byte[32], "AES"))
              .build();

      cache.putEntryForEncrypt(id, materials, () -> 60_000, one);

      CryptoMaterialsCache.EncryptCacheEntry got = waiter.get(10, TimeUnit.SECONDS);
      assertThat(got).isNotNull();
      assertThat(got.getResult()).isSameAs(materials);
      assertThat(got.getUsageStats().getMessagesEncrypted()).isEqualTo(2);
      assertThat(cache.getEntryForEncrypt(id, one).getUsageStats().getMessagesEncrypted()).isEqualTo(3);
    }
  }

  @Test
  void getEntryForEncrypt_firstCallerNeverPuts_waiterGivesUpAfterLoadWait() {
    try (EsdkMaterialsCache cache =
        EsdkMaterialsCache.builder().maxAge(Duration.ofMinutes(10)).loadWait(Duration.ofMillis(1)).build()) {
      byte[] id = {9};
      CryptoMaterialsCache.UsageStats one = new CryptoMaterialsCache.UsageStats(1, 1);
      assertThat(cache.getEntryForEncrypt(id, one)).isNull();
      assertThat(cache.getEntryForEncrypt(id, one)).isNull();
      assertThat(cache.getEntryForEncrypt(id, one)).isNull();
    }
  }

  @Test
  void builder_missingMaxAge_rejected() {
    assertThatThrownBy(() -> EsdkMaterialsCache.builder().build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxAge is required");
    assertThatThrownBy(() -> EsdkMaterialsCache.builder().loadWait(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("loadWait must not be negative, was PT-1S");
  }
}
