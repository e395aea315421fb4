package dev.cirrus.crypto.examples;

import dev.cirrus.crypto.CachingMaterialsManager;
import dev.cirrus.crypto.CirrusCrypto;
import dev.cirrus.crypto.DecryptResult;
import dev.cirrus.crypto.DecryptingInputStream;
import dev.cirrus.crypto.EncryptResult;
import dev.cirrus.crypto.KmsClients;
import dev.cirrus.crypto.KmsKeyring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;

/**
 * Quick start: envelope encryption under a KMS key, in the AWS Encryption SDK message format, with a
 * cached data key; byte arrays and streams.
 */
public final class QuickStartExample {
  private QuickStartExample() {}

  /** Runs the example against the KMS endpoint {@code kmsBuilder} is configured for. */
  public static String run(KmsClientBuilder kmsBuilder, String keyArn) throws IOException {
    try (KmsClient kms = KmsClients.configure(kmsBuilder).build();
        CachingMaterialsManager cache =
            CachingMaterialsManager.builder()
                .keyring(KmsKeyring.builder().kmsClient(kms).generatorKeyId(keyArn).build())
                .maxAge(Duration.ofMinutes(5))
                .maxMessagesPerKey(10_000)
                .maxBytesPerKey(1L << 30)
                .build()) {
      CirrusCrypto crypto = CirrusCrypto.builder().materialsManager(cache).build();
      Map<String, String> context = Map.of("tenant", "t-42", "purpose", "invoices");

      EncryptResult encrypted = crypto.encrypt("invoice #1".getBytes(StandardCharsets.UTF_8), context);
      DecryptResult decrypted = crypto.decrypt(encrypted.ciphertext(), Map.of("tenant", "t-42"));

      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      try (OutputStream out = crypto.encryptingStream(sink, context)) {
        out.write("a long report".getBytes(StandardCharsets.UTF_8));
      }
      String report;
      try (DecryptingInputStream in = crypto.decryptingStream(new ByteArrayInputStream(sink.toByteArray()))) {
        report = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      return new String(decrypted.plaintext(), StandardCharsets.UTF_8) + " / " + report + " / " + decrypted.keyId();
    }
  }
}
