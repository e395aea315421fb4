package dev.cirrus.crypto;

import static dev.cirrus.crypto.HierarchicalKeyringTest.ID;
import static dev.cirrus.crypto.HierarchicalKeyringTest.TTL;
import static dev.cirrus.crypto.HierarchicalKeyringTest.V1;
import static dev.cirrus.crypto.HierarchicalKeyringTest.seeded;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The hierarchical keyring through {@link CirrusCrypto}: messages, streams, caching, async, multi-keyrings. */
class HierarchicalKeyringRoundTripTest {
  static final AlgorithmSuite COMMIT = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
  static final AlgorithmSuite SIGNED = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;

  private static final java.util.concurrent.atomic.AtomicLong SEEDS = new java.util.concurrent.atomic.AtomicLong(1000);

  static Map<String, String> largeContext() {
    Map<String, String> ctx = new TreeMap<>();
    Random r = new Random(42);
    for (int i = 0; i < 200; i++) {
      ctx.put("key-" + i, Long.toHexString(r.nextLong()).repeat(8));
    }
    return ctx;
  }

  static Stream<Arguments> cases() {
    return Stream.of(COMMIT, SIGNED).flatMap(s -> Stream.of(
        Arguments.of(s, "empty", Map.of()), Arguments.of(s, "large", largeContext())));
  }

  static byte[] data(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  static HierarchicalKeyring keyring(StaticBranchKeySource src) {
    return HierarchicalKeyring.builder().branchKeySource(src).branchKeyId(ID).ttl(TTL).random(seeded(SEEDS.incrementAndGet())).build();
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("cases")
  void encrypt_suiteAndContext_decryptsByteArrayAndStream(AlgorithmSuite suite, String name, Map<String, String> ctx)
      throws IOException {
    try (HierarchicalKeyring k = keyring(StaticBranchKeySource.withKey(ID, V1, 1))) {
      CirrusCrypto crypto = CirrusCrypto.builder().keyring(k).algorithmSuite(suite).frameLengthBytes(1024).build();
      byte[] pt = data(5000);

      EncryptResult enc = crypto.encrypt(pt, ctx);
      DecryptResult dec = crypto.decrypt(enc.ciphertext());

      assertThat(enc.keyIds()).containsExactly(ID);
      assertThat(dec.plaintext()).isEqualTo(pt);
      assertThat(dec.keyId()).isEqualTo(ID);
      assertThat(dec.suite()).isEqualTo(suite);
      assertThat(dec.encryptionContext()).containsAllEntriesOf(ctx);

      ByteArrayOutputStream sink = new ByteArrayOutputStream();
      try (OutputStream out = crypto.encryptingStream(sink, ctx)) {
        out.write(pt, 0, 1234);
        out.write(pt, 1234, pt.length - 1234);
      }
      try (DecryptingInputStream in = crypto.decryptingStream(new ByteArrayInputStream(sink.toByteArray()))) {
        assertThat(in.readAllBytes()).isEqualTo(pt);
        assertThat(in.keyId()).isEqualTo(ID);
      }
      assertThat(crypto.decrypt(sink.toByteArray()).plaintext()).isEqualTo(pt);
    }
  }

  @Test
  void encrypt_twoKeyringsOneSource_eachDecryptsTheOthersMessages() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    try (HierarchicalKeyring a = keyring(src); HierarchicalKeyring b = keyring(src)) {
      byte[] ct = CirrusCrypto.builder().keyring(a).build().encrypt(data(100), Map.of("x", "y")).ciphertext();

      assertThat(CirrusCrypto.builder().keyring(b).build().decrypt(ct).plaintext()).isEqualTo(data(100));
    }
  }

  @Test
  void cachingMaterialsManager_manyMessages_oneDataKeyAndOneBranchKeyLoad() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    try (HierarchicalKeyring k = keyring(src);
        CachingMaterialsManager cmm = CachingMaterialsManager.builder().keyring(k).maxAge(java.time.Duration.ofMinutes(5)).build()) {
      CirrusCrypto crypto = CirrusCrypto.builder().materialsManager(cmm).build();
      for (int i = 0; i < 20; i++) {
        byte[] ct = crypto.encrypt(data(i), Map.of("n", "same")).ciphertext();

        assertThat(crypto.decrypt(ct).plaintext()).isEqualTo(data(i));
      }
      assertThat(cmm.encryptStats().loads()).isEqualTo(1);
      assertThat(src.activeCalls(ID)).isEqualTo(1);
      assertThat(src.versionCalls(ID, V1)).isEqualTo(1);
    }
  }

  @Test
  void encryptAsync_asyncSource_roundTripsThroughAsyncMethods() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    src.asyncOn(pool);
    try (HierarchicalKeyring k = keyring(src)) {
      CirrusCrypto crypto = CirrusCrypto.builder().keyring(k).build();
      byte[] ct = crypto.encryptAsync(data(300), Map.of("a", "b")).join().ciphertext();
      DecryptResult dec = crypto.decryptAsync(ct, Map.of("a", "b")).join();

      assertThat(dec.plaintext()).isEqualTo(data(300));
      assertThat(src.asyncCalls()).isEqualTo(2);
      assertThat(src.activeCalls(ID)).isEqualTo(1);
      assertThat(src.versionCalls(ID, V1)).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void onDecryptAsync_unknownVersion_failsWithSameExceptionAsSync() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    src.asyncOn(Runnable::run);
    try (HierarchicalKeyring k = keyring(src)) {
      EncryptedDataKey edk = HierarchicalKeyringTest.withVersion(
          HierarchicalKeyringTest.encryptOne(k), HierarchicalKeyringTest.UNKNOWN);

      Throwable t = Futures.failure(k.onDecryptAsync(
          DecryptionMaterials.create(HierarchicalKeyringTest.SUITE, HierarchicalKeyringTest.CTX), List.of(edk)));

      assertThat(t).isInstanceOf(NoDecryptableKeyException.class)
          .hasMessageEndingWith("version " + HierarchicalKeyringTest.UNKNOWN + ": not found: no such item");
    }
  }

  @Test
  void multiKeyring_hierarchicalGeneratorAndRawAes_eitherDecrypts() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    RawAesKeyring raw = RawAesKeyring.builder().keyNamespace("ns").keyName("backup").wrappingKey(new byte[32]).build();
    try (HierarchicalKeyring k = keyring(src)) {
      CirrusCrypto both = CirrusCrypto.builder().keyring(MultiKeyring.of(k, List.of(raw))).build();
      EncryptResult enc = both.encrypt(data(64), Map.of("t", "1"));

      assertThat(enc.keyIds()).containsExactly(ID, "backup");
      assertThat(CirrusCrypto.builder().keyring(raw).build().decrypt(enc.ciphertext()).plaintext()).isEqualTo(data(64));
      assertThat(CirrusCrypto.builder().keyring(k).build().decrypt(enc.ciphertext()).keyId()).isEqualTo(ID);
      assertThat(both.decrypt(enc.ciphertext()).keyId()).isEqualTo(ID);
    }
  }

  @Test
  void multiKeyring_rawAesGeneratorAndHierarchicalChild_hierarchicalDecryptsAlone() {
    StaticBranchKeySource src = StaticBranchKeySource.withKey(ID, V1, 1);
    RawAesKeyring raw = RawAesKeyring.builder().keyNamespace("ns").keyName("primary").wrappingKey(new byte[32]).build();
    try (HierarchicalKeyring k = keyring(src)) {
      EncryptResult enc = CirrusCrypto.builder().keyring(MultiKeyring.of(raw, List.of(k))).build()
          .encrypt(data(10), Map.of());

      assertThat(CirrusCrypto.builder().keyring(k).build().decrypt(enc.ciphertext()).plaintext()).isEqualTo(data(10));
    }
  }

  /** Failure helper for futures. */
  static final class Futures {
    static Throwable failure(java.util.concurrent.CompletableFuture<?> f) {
      try {
        f.join();
        throw new AssertionError("expected a failure");
      } catch (java.util.concurrent.CompletionException e) {
        return e.getCause();
      }
    }
  }
}
