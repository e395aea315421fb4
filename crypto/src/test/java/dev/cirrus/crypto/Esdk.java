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
    CryptoAlgorithm alg = CryptoAlgorithm.deserialize((byte) (suiteId == 0x0178 || suiteId == 0x0378 ? 1 : 2), (short) suiteId);
    CommitmentPolicy policy =
        alg.isCommitting() ? CommitmentPolicy.RequireEncryptRequireDecrypt : CommitmentPolicy.ForbidEncryptAllowDecrypt;
    return AwsCrypto.builder()
        .withCommitmentPolicy(policy)
        .withEncryptionAlgorithm(alg)
        .withEncryptionFrameSize(frameLength)
        .build();
  }
}
