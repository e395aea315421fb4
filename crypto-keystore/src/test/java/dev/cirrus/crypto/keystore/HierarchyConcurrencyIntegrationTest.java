package dev.cirrus.crypto.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.cache.ManualTicker;
import dev.cirrus.crypto.CirrusCrypto;
import dev.cirrus.crypto.HierarchicalKeyring;
import dev.cirrus.crypto.KmsUnavailableException;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The hierarchical keyring over the DynamoDB branch key store, with every DynamoDB and KMS request counted at
 * the fault proxy: a cold cache costs one GetItem and one KMS Decrypt however many callers miss at once, and a
 * cache that can no longer reach the store keeps serving what it holds.
 */
class HierarchyConcurrencyIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  static final Duration TTL = Duration.ofMinutes(5);

  @Test
  void decrypt_64ConcurrentOnColdCache_oneGetItemAndOneKmsDecryptAtTheProxy() throws Exception {
    KeyStores s = KeyStores.create(AWS);
    DynamoDbBranchKeyStore writerStore = s.cirrus();
    String id = writerStore.createKey();
    byte[] message;
    try (HierarchicalKeyring writer = HierarchicalKeyring.builder().branchKeySource(writerStore)
        .branchKeyId(id).ttl(TTL).build()) {
      message = CirrusCrypto.builder().keyring(writer).build().encrypt(new byte[1000], Map.of("t", "1")).ciphertext();
    }
    FaultProxy proxy = AWS.proxy();
    // Slow answers widen the window in which the 64 callers all miss.
    proxy.inject("DynamoDB.GetItem", 1.0, Fault.latency(Duration.ofMillis(300)));
    DynamoDbBranchKeyStore store = s.builder(AWS.clients(proxy)).build();
    try (HierarchicalKeyring keyring = HierarchicalKeyring.builder().branchKeySource(store)
        .branchKeyId(id).ttl(TTL).build()) {
      CirrusCrypto crypto = CirrusCrypto.builder().keyring(keyring).build();
      List<byte[]> plaintexts = runConcurrently(64, () -> crypto.decrypt(message).plaintext());

      assertThat(plaintexts).hasSize(64).allSatisfy(p -> assertThat(p).isEqualTo(new byte[1000]));
      assertThat(proxy.count("DynamoDB.GetItem")).isEqualTo(1);
      assertThat(proxy.count("KMS.Decrypt")).isEqualTo(1);
      assertThat(keyring.stats().loads()).isEqualTo(1);
    }
  }

  @Test
  void encrypt_storeUnreachableAfterWarmUp_servesUntilTtlThenRetryableFailure() {
    KeyStores s = KeyStores.create(AWS);
    String id = s.cirrus().createKey();
    FaultProxy proxy = AWS.proxy();
    ManualTicker ticker = new ManualTicker();
    DynamoDbBranchKeyStore store = s.builder(AWS.clients(proxy)).retryPolicy(KeyStores.fastRetry(2)).build();
    try (HierarchicalKeyring keyring = HierarchicalKeyring.builder().branchKeySource(store).branchKeyId(id)
        .ttl(TTL).noRefreshAhead().ticker(ticker).build()) {
      CirrusCrypto crypto = CirrusCrypto.builder().keyring(keyring).build();
      byte[] before = crypto.encrypt(new byte[10], Map.of()).ciphertext();
      // Encrypt caches the ACTIVE key; decrypt caches the version (separate entries, as in the MPL).
      assertThat(crypto.decrypt(before).plaintext()).isEqualTo(new byte[10]);
      proxy.inject("KMS.*", 1.0, Fault.serverError()).inject("DynamoDB.*", 1.0, Fault.serverError());

      ticker.advance(TTL.minusSeconds(1));
      assertThat(crypto.decrypt(crypto.encrypt(new byte[10], Map.of()).ciphertext()).plaintext())
          .isEqualTo(new byte[10]);
      assertThat(crypto.decrypt(before).plaintext()).isEqualTo(new byte[10]);

      ticker.advance(Duration.ofSeconds(2));
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> crypto.encrypt(new byte[10], Map.of()))
          .isInstanceOf(dev.cirrus.crypto.BranchKeyException.class)
          .hasMessageContaining("branch key " + id)
          .satisfies(e -> assertThat(((dev.cirrus.crypto.BranchKeyException) e).retryable()).isTrue());
      // The version's entry expired too: a retryable failure naming the branch key.
      org.assertj.core.api.Assertions.assertThatThrownBy(() -> crypto.decrypt(before))
          .isInstanceOf(KmsUnavailableException.class)
          .hasMessageContaining(id);
    }
  }

  static <T> List<T> runConcurrently(int threads, java.util.concurrent.Callable<T> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
