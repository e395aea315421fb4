package dev.cirrus.crypto;

import static dev.cirrus.crypto.HierarchicalKeyringTest.CTX;
import static dev.cirrus.crypto.HierarchicalKeyringTest.ID;
import static dev.cirrus.crypto.HierarchicalKeyringTest.SUITE;
import static dev.cirrus.crypto.HierarchicalKeyringTest.TTL;
import static dev.cirrus.crypto.HierarchicalKeyringTest.V1;
import static dev.cirrus.crypto.HierarchicalKeyringTest.V2;
import static dev.cirrus.crypto.HierarchicalKeyringTest.builder;
import static dev.cirrus.crypto.HierarchicalKeyringTest.encryptOne;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.cache.ManualTicker;
import dev.cirrus.crypto.internal.HierarchyWrap;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Single flight on a cold cache and rotation under load. */
class HierarchicalKeyringConcurrencyTest {
  private static final int CALLERS = 64;

  /** Waits (without a time limit on the assertion itself) until {@code condition} holds. */
  private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    for (int i = 0; !condition.getAsBoolean(); i++) {
      if (i > 30_000) {
        throw new AssertionError("condition not reached");
      }
      Thread.sleep(1);
    }
  }

  private static EncryptedDataKey edkFrom(StaticBranchKeySource src) {
    try (HierarchicalKeyring warm = builder(src, new ManualTicker()).build()) {
      return encryptOne(warm);
    }
  }

  @Test
  void onDecrypt_64ConcurrentCallersColdCache_oneSourceCallForTheVersion() throws Exception {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    EncryptedDataKey edk = edkFrom(src);
    ExecutorService pool = Executors.newFixedThreadPool(CALLERS);
    try (HierarchicalKeyring cold = builder(src, new ManualTicker()).build()) {
      src.closeGate();
      List<Future<DecryptionMaterials>> results = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        results.add(pool.submit(() -> HierarchicalKeyringTest.decrypt(cold, edk)));
      }
      awaitCondition(() -> cold.stats().misses() == CALLERS);
      src.open();

      DataKey first = results.get(0).get().dataKey();
      for (Future<DecryptionMaterials> f : results) {
        assertThat(f.get().dataKey()).isEqualTo(first);
      }
      assertThat(src.versionCalls(ID, V1)).isEqualTo(1);
      assertThat(cold.stats().loads()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void onDecryptAsync_64ConcurrentCallersColdCache_oneSourceCallForTheVersion() throws Exception {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    EncryptedDataKey edk = edkFrom(src);
    ExecutorService loader = Executors.newSingleThreadExecutor();
    src.asyncOn(loader);
    try (HierarchicalKeyring cold = builder(src, new ManualTicker()).build()) {
      src.closeGate();
      List<CompletableFuture<DecryptionMaterials>> results = new ArrayList<>();
      for (int i = 0; i < CALLERS; i++) {
        results.add(cold.onDecryptAsync(DecryptionMaterials.create(SUITE, CTX), List.of(edk)));
      }
      assertThat(results).noneMatch(CompletableFuture::isDone);
      src.open();

      for (CompletableFuture<DecryptionMaterials> f : results) {
        assertThat(f.join().dataKey()).isEqualTo(results.get(0).join().dataKey());
      }
      assertThat(src.versionCalls(ID, V1)).isEqualTo(1);
      assertThat(src.asyncCalls()).isEqualTo(1);
    } finally {
      loader.shutdownNow();
    }
  }

  @Test
  void onEncrypt_rotationWhileFourThreadsEncrypt_noFailureAndNewVersionWithinOneTtl() throws Exception {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1).addVersion(ID, V2, 2);
    ManualTicker ticker = new ManualTicker();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    AtomicBoolean rotated = new AtomicBoolean();
    AtomicBoolean stop = new AtomicBoolean();
    try (HierarchicalKeyring k = builder(src, ticker).build()) {
      CirrusCrypto crypto = CirrusCrypto.builder().keyring(k).build();
      List<Future<List<String>>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        workers.add(pool.submit(() -> encryptUntilStopped(crypto, k, rotated, stop)));
      }
      awaitCondition(() -> k.stats().hits() > 40);
      src.activate(ID, V2);
      ticker.advance(TTL);
      rotated.set(true);
      awaitCondition(() -> src.activeCalls(ID) >= 2 && k.stats().hits() > 200);
      stop.set(true);

      for (Future<List<String>> w : workers) {
        assertThat(w.get()).as("versions of messages begun after the TTL passed").isNotEmpty().containsOnly(V2);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Encrypts and decrypts until stopped; returns the versions of the EDKs of messages begun after rotation. */
  private static List<String> encryptUntilStopped(
      CirrusCrypto crypto, HierarchicalKeyring k, AtomicBoolean rotated, AtomicBoolean stop) {
    List<String> after = new ArrayList<>();
    byte[] pt = "rotating".getBytes();
    while (!stop.get() || after.isEmpty()) {
      boolean begunAfter = rotated.get();
      EncryptionMaterials m = k.onEncrypt(EncryptionMaterials.create(SUITE, CTX));
      byte[] ct = crypto.encrypt(pt, CTX).ciphertext();
      assertThat(crypto.decrypt(ct).plaintext()).isEqualTo(pt);
      if (begunAfter) {
        after.add(HierarchyWrap.versionOf(m.encryptedDataKeys().get(0).ciphertext()));
      }
    }
    return after;
  }
}
