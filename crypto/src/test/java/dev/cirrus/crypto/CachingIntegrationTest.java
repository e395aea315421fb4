package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;

class CachingIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  static final Map<String, String> CTX = Map.of("tenant", "t-1");

  static KmsClient kmsVia(FaultProxy proxy, int attempts) {
    RetryPolicy policy =
        RetryPolicy.builder().maxAttempts(attempts).backoff(Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(5))).build();
    return AWS.closeAfterTest(KmsClients.configure(AWS.clients(proxy).kmsBuilder(), policy).build());
  }

  @Test
  void encrypt_100kMessagesMaxMessages10k_twoThreads_exactlyTenGenerateDataKeyCalls() throws Exception {
    String arn = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy();
    KmsClient kms = kmsVia(proxy, 3);
    try (CachingMaterialsManager cmm =
        CachingMaterialsManager.builder()
            .keyring(KmsKeyring.builder().kmsClient(kms).generatorKeyId(arn).build())
            .maxAge(Duration.ofHours(1))
            .maxMessagesPerKey(10_000)
            .build()) {
      CirrusCrypto crypto = CirrusCrypto.builder().materialsManager(cmm).build();
      byte[] data = new byte[16];
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<Integer>> futures = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
          futures.add(pool.submit(() -> {
            int n = 0;
            for (int i = 0; i < 50_000; i++) {
              n += crypto.encrypt(data, CTX).ciphertext().length > 0 ? 1 : 0;
            }
            return n;
          }));
        }
        int total = 0;
        for (Future<Integer> f : futures) {
          total += f.get();
        }
        assertThat(total).isEqualTo(100_000);
      } finally {
        pool.shutdownNow();
      }
      assertThat(proxy.count("KMS.GenerateDataKey")).isEqualTo(10);
      assertThat(cmm.encryptStats().loads()).isEqualTo(10);
    }
  }

  @Test
  void encrypt_kmsThrottled30PercentWithCache_everyEncryptSucceeds() {
    String arn = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.GenerateDataKey", 0.3, Fault.throttle());
    KmsClient kms = kmsVia(proxy, 10);
    try (CachingMaterialsManager cmm =
        CachingMaterialsManager.builder()
            .keyring(KmsKeyring.builder().kmsClient(kms).generatorKeyId(arn).build())
            .maxAge(Duration.ofHours(1))
            .maxMessagesPerKey(5)
            .build()) {
      CirrusCrypto crypto = CirrusCrypto.builder().materialsManager(cmm).build();
      for (int i = 0; i < 500; i++) {
        crypto.encrypt(new byte[10], CTX);
      }
      assertThat(cmm.encryptStats().loads()).isEqualTo(100);
      assertThat(proxy.faulted("KMS.GenerateDataKey")).isGreaterThan(10);
    }
  }

  @Test
  void encryptAsync_asyncKmsClientWithCache_oneGenerateDataKeyForManyMessages() {
    String arn = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy();
    var kms = AWS.closeAfterTest(AWS.clients(proxy).kmsAsyncBuilder().build());
    try (CachingMaterialsManager cmm =
        CachingMaterialsManager.builder()
            .keyring(KmsKeyring.builder().kmsAsyncClient(kms).generatorKeyId(arn).build())
            .maxAge(Duration.ofHours(1))
            .build()) {
      CirrusCrypto crypto = CirrusCrypto.builder().materialsManager(cmm).build();
      List<java.util.concurrent.CompletableFuture<EncryptResult>> all = new ArrayList<>();
      for (int i = 0; i < 50; i++) {
        all.add(crypto.encryptAsync(new byte[] {(byte) i}, CTX));
      }
      for (int i = 0; i < 50; i++) {
        byte[] ct = all.get(i).join().ciphertext();
        assertThat(crypto.decryptAsync(ct, CTX).join().plaintext()).containsExactly((byte) i);
      }
      assertThat(proxy.count("KMS.GenerateDataKey")).isEqualTo(1);
      assertThat(proxy.count("KMS.Decrypt")).isEqualTo(1);
    }
  }

  @Test
  void encrypt_kmsUnavailableWithCache_clearFailureAndNothingWritten() {
    String arn = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.*", 1.0, Fault.serverError());
    KmsClient kms = kmsVia(proxy, 2);
    try (CachingMaterialsManager cmm =
        CachingMaterialsManager.builder()
            .keyring(KmsKeyring.builder().kmsClient(kms).generatorKeyId(arn).build())
            .maxAge(Duration.ofHours(1))
            .build()) {
      CirrusCrypto crypto = CirrusCrypto.builder().materialsManager(cmm).build();
      ByteArrayOutputStream sink = new ByteArrayOutputStream();

      assertThatThrownBy(() -> crypto.encrypt(new byte[10], CTX))
          .isInstanceOf(KmsOperationException.class)
          .hasMessageStartingWith("KMS GenerateDataKey failed for key " + arn + " with error code ");
      assertThatThrownBy(() -> crypto.encryptingStream(sink, CTX, 10))
          .isInstanceOf(KmsOperationException.class);
      assertThat(sink.size()).isZero();
    }
  }
}
