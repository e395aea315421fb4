package dev.cirrus.benchmarks.cache;

import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.caching.CryptoMaterialsCache;
import com.amazonaws.encryptionsdk.caching.CryptoMaterialsCache.EncryptCacheEntry;
import com.amazonaws.encryptionsdk.caching.CryptoMaterialsCache.UsageStats;
import com.amazonaws.encryptionsdk.caching.LocalCryptoMaterialsCache;
import com.amazonaws.encryptionsdk.model.EncryptionMaterials;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.Lease;
import dev.cirrus.cache.SecretCache;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The data-key cache hit path: take the cached encryption materials for one message of 1 KiB, checking
 * and charging the age, message and byte limits, with 1 and with 2 threads on one hot key.
 *
 * <p>{@code impl=cirrus}: {@code SecretCache.acquire(key, 1024)}, read the value, close the lease (the
 * whole protocol). {@code impl=esdk}: what the AWS Encryption SDK 3.0.2's {@code
 * CachingCryptoMaterialsManager} does on a cache hit — {@code LocalCryptoMaterialsCache.getEntryForEncrypt}
 * with a new {@code UsageStats(1024, 1)}, then its age and limit checks, then {@code getResult()}. Both
 * caches hold the same {@code EncryptionMaterials}, limits of 5 minutes, 2^32 messages and 2^40
 * bytes (finite, so both really charge bytes; too large to be reached in a trial, so no reload happens); the cache-id digest the ESDK
 * computes before the lookup is not measured. {@code impl=caffeine} is the floor: a raw Caffeine {@code
 * getIfPresent} of the same key in a Caffeine cache configured as the one inside Cirrus's (maximum size
 * 1000, expire after write 5 minutes, system ticker), with no limit, lease or destruction; Cirrus's hit
 * is that lookup plus its own bookkeeping, so the ratio shows what the bookkeeping costs. Throughput is reported per thread group, i.e. total
 * operations per microsecond across the benchmark's threads; allocation with {@code -prof gc}.
 *
 * <p>Recorded run (alone on the machine):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.cache.DataKeyCacheBenchmark' \
 *     -f 1 -wi 5 -w 2s -i 5 -r 2s -prof gc -rf json -rff benchmarks/target/jmh-cache.json
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class DataKeyCacheBenchmark {

  private static final long MESSAGE_BYTES = 1024;
  private static final Duration MAX_AGE = Duration.ofMinutes(5);
  private static final long MAX_MESSAGES = 1L << 32;
  private static final long MAX_BYTES = 1L << 40;

  /** The cache under test. */
  @Param({"cirrus", "esdk", "caffeine"})
  public String impl;

  private HitPath hitPath;

  /** One cache hit, returning something derived from the materials so the JIT cannot drop the work. */
  private interface HitPath {
    Object hit();

    default void close() {}
  }

  @Setup(Level.Trial)
  public void setUp() {
    switch (impl) {
      case "cirrus":
        hitPath = new CirrusHitPath();
        break;
      case "esdk":
        hitPath = new EsdkHitPath();
        break;
      case "caffeine":
        hitPath = new CaffeineHitPath();
        break;
      default:
        throw new IllegalArgumentException("impl must be cirrus, esdk or caffeine, was " + impl);
    }
    if (hitPath.hit() == null) {
      throw new IllegalStateException("warm-up lookup returned nothing");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    hitPath.close();
  }

  /** The hit path on one thread. */
  @Benchmark
  @Threads(1)
  public Object hitOneThread() {
    return hitPath.hit();
  }

  /** The hit path on two threads sharing the hot key. */
  @Benchmark
  @Threads(2)
  public Object hitTwoThreads() {
    return hitPath.hit();
  }

  static EncryptionMaterials newMaterials() {
    byte[] key = new byte[32];
    for (int i = 0; i < key.length; i++) {
      key[i] = (byte) (i * 7 + 1);
    }
    return EncryptionMaterials.newBuilder()
        .setAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
        .setCleartextDataKey(new SecretKeySpec(key, "AES"))
        .setEncryptedDataKeys(List.of())
        .setEncryptionContext(Map.of())
        .setMasterKeys(List.of())
        .build();
  }

  private static final class CirrusHitPath implements HitPath {
    private final String cacheId = "partition/alg=0578/context-digest=3f0a9c";
    private final SecretCache<String, EncryptionMaterials> cache =
        SecretCache.<String, EncryptionMaterials>builder()
            .policy(
                CachePolicy.builder()
                    .maxAge(MAX_AGE)
                    .maxUses(MAX_MESSAGES)
                    .maxBytes(MAX_BYTES)
                    .maximumSize(1000)
                    .build())
            .build(id -> newMaterials());

    @Override
    public Object hit() {
      try (Lease<EncryptionMaterials> lease = cache.acquire(cacheId, MESSAGE_BYTES)) {
        return lease.value().getAlgorithm();
      }
    }

    @Override
    public void close() {
      cache.close();
    }
  }

  /** The floor: Caffeine's lookup of the same key, configured as the map inside Cirrus's cache. */
  private static final class CaffeineHitPath implements HitPath {
    private final String cacheId = "partition/alg=0578/context-digest=3f0a9c";
    private final Cache<String, EncryptionMaterials> cache =
        Caffeine.newBuilder().maximumSize(1000).expireAfterWrite(MAX_AGE).build();

    CaffeineHitPath() {
      cache.put(cacheId, newMaterials());
    }

    @Override
    public Object hit() {
      return cache.getIfPresent(cacheId).getAlgorithm();
    }
  }

  /** Mirrors the cache-hit branch of the ESDK's CachingCryptoMaterialsManager.getMaterialsForEncrypt. */
  private static final class EsdkHitPath implements HitPath {
    private final byte[] cacheId =
        "partition/alg=0578/context-digest=3f0a9c".getBytes(StandardCharsets.UTF_8);
    private final LocalCryptoMaterialsCache cache = new LocalCryptoMaterialsCache(1000);
    private final long maxAgeMillis = MAX_AGE.toMillis();
    private final CryptoMaterialsCache.CacheHint hint = () -> maxAgeMillis;

    @Override
    public Object hit() {
      UsageStats increment = new UsageStats(MESSAGE_BYTES, 1);
      EncryptCacheEntry entry = cache.getEntryForEncrypt(cacheId, increment);
      if (entry != null
          && System.currentTimeMillis() - entry.getEntryCreationTime() <= maxAgeMillis
          && entry.getUsageStats().getMessagesEncrypted() <= MAX_MESSAGES
          && entry.getUsageStats().getBytesEncrypted() <= MAX_BYTES) {
        return entry.getResult().getAlgorithm();
      }
      if (entry != null) {
        entry.invalidate();
      }
      EncryptionMaterials materials = newMaterials();
      cache.putEntryForEncrypt(cacheId, materials, hint, increment);
      return materials.getAlgorithm();
    }
  }
}
