package dev.cirrus.crypto.examples;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoMaterialsManager;
import com.amazonaws.encryptionsdk.MasterKeyProvider;
import com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager;
import dev.cirrus.crypto.esdk.EsdkMaterialsCache;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Existing AWS Encryption SDK code keeps its API and swaps in Cirrus's cache. */
public final class EsdkBridgeExample {
  private EsdkBridgeExample() {}

  /** Encrypts and decrypts {@code data} with the ESDK, caching data keys in {@link EsdkMaterialsCache}. */
  public static byte[] roundTrip(MasterKeyProvider<?> provider, byte[] data) {
    try (EsdkMaterialsCache cache = EsdkMaterialsCache.builder().maxAge(Duration.ofMinutes(5)).build()) {
      CryptoMaterialsManager cmm =
          CachingCryptoMaterialsManager.newBuilder()
              .withMasterKeyProvider(provider)
              .withCache(cache)
              .withMaxAge(5, TimeUnit.MINUTES)
              .withMessageUseLimit(1_000)
              .build();
      AwsCrypto esdk = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
      byte[] ct = esdk.encryptData(cmm, data, Map.of("app", "billing")).getResult();
      return esdk.decryptData(cmm, ct).getResult();
    }
  }
}
