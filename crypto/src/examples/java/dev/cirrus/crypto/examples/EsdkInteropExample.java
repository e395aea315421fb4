package dev.cirrus.crypto.examples;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import dev.cirrus.crypto.CachingMaterialsManager;
import dev.cirrus.crypto.CirrusCrypto;
import dev.cirrus.crypto.EncryptResult;
import dev.cirrus.crypto.KmsKeyring;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.MaterialProviders;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;
import software.amazon.cryptography.materialproviders.model.MaterialProvidersConfig;

/**
 * Encrypts with Cirrus under a KMS key with a cached data key, and decrypts the same message with the AWS
 * Encryption SDK for Java: the two speak one message format. Run by {@code EsdkInteropExampleTest}.
 */
public final class EsdkInteropExample {
  private EsdkInteropExample() {}

  /** Returns what the AWS Encryption SDK decrypted from Cirrus's ciphertext. */
  public static String cirrusEncryptsEsdkDecrypts(KmsClient kms, String keyArn) {
    byte[] ciphertext;
    try (CachingMaterialsManager materials = CachingMaterialsManager.builder()
        .keyring(KmsKeyring.builder().kmsClient(kms).generatorKeyId(keyArn).build())
        .maxAge(Duration.ofMinutes(5))
        .maxMessagesPerKey(10_000)
        .build()) {
      CirrusCrypto cirrus = CirrusCrypto.builder().materialsManager(materials).build();
      EncryptResult encrypted = cirrus.encrypt("order 4711 shipped".getBytes(StandardCharsets.UTF_8),
          Map.of("tenant", "t-42"));
      ciphertext = encrypted.ciphertext();
    }

    // Any AWS Encryption SDK reads it: here the Java one, with its own AWS KMS keyring.
    MaterialProviders mpl = MaterialProviders.builder()
        .MaterialProvidersConfig(MaterialProvidersConfig.builder().build()).build();
    IKeyring esdkKeyring = mpl.CreateAwsKmsKeyring(
        CreateAwsKmsKeyringInput.builder().kmsKeyId(keyArn).kmsClient(kms).build());
    AwsCrypto esdk = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
    byte[] plaintext = esdk.decryptData(esdkKeyring, ciphertext).getResult();
    return new String(plaintext, StandardCharsets.UTF_8);
  }
}
