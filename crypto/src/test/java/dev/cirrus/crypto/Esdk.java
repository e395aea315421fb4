package dev.cirrus.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import java.nio.ByteBuffer;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.AesWrappingAlg;
import software.amazon.cryptography.materialproviders.model.CreateRawAesKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/** The AWS Encryption SDK 3.0.2, our test oracle. */
public final class Esdk {
  public static final MaterialProviders MPL =
      MaterialProviders.builder().MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();

  private Esdk() {}

  public static IKeyring rawAes(String namespace, String name, byte[] key) {
    return MPL.CreateRawAesKeyring(
        CreateRawAesKeyringInput.builder()
            .keyNamespace(namespace)
            .keyName(name)
            .wrappingKey(ByteBuffer.wrap(key))
            .wrappingAlg(AesWrappingAlg.ALG_AES256_GCM_IV12_TAG16)
            .build());
  }

  /** A client that writes {@code suite} with frames of {@code frameLength} (0 = non-framed). */
  public static AwsCrypto client(int suiteId, int frameLength) {
    CryptoAlgorithm alg;
    switch (suiteId) {
      case 0x0178:
        alg = CryptoAlgorithm.ALG_AES_256_GCM_IV12_TAG16_HKDF_SHA256;
        break;
      case 0x0378:
        alg = CryptoAlgorithm.ALG_AES_256_GCM_IV12_TAG16_HKDF_SHA384_ECDSA_P384;
        break;
      case 0x0478:
        alg = CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
        break;
      case 0x0578:
        alg = CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;
        break;
      default:
        throw new IllegalArgumentException("unsupported suite " + suiteId);
    }
    CommitmentPolicy policy =
        alg.isCommitting() ? CommitmentPolicy.RequireEncryptRequireDecrypt : CommitmentPolicy.ForbidEncryptAllowDecrypt;
    return AwsCrypto.builder()
        .withCommitmentPolicy(policy)
        .withEncryptionAlgorithm(alg)
        .withEncryptionFrameSize(frameLength)
        .build();
  }
}
