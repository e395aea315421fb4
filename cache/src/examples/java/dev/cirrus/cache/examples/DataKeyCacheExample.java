package dev.cirrus.cache.examples;

import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.Lease;
import dev.cirrus.cache.SecretCache;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;

/**
 * Caching data keys: each key may encrypt at most 1,000 messages and 1 MiB, for at most 5 minutes; the
 * plaintext key is zeroed when the cache retires it and the last lease closes.
 *
 * <p>{@code FakeKms} stands in for a KMS client's {@code GenerateDataKey}.
 */
public final class DataKeyCacheExample {

  /** A plaintext data key; {@code destroy()} zeroes it. Never printed. */
  public static final class DataKey implements Destroyable {
    private final byte[] plaintext;
    private volatile boolean destroyed;

    DataKey(byte[] plaintext) {
      this.plaintext = plaintext;
    }

    /** Returns the key bytes; do not keep them beyond the lease. */
    public byte[] plaintext() {
      if (destroyed) {
        throw new IllegalStateException("data key destroyed");
      }
      return plaintext;
    }

    @Override
    public void destroy() {
      Arrays.fill(plaintext, (byte) 0);
      destroyed = true;
    }

    @Override
    public boolean isDestroyed() {
      return destroyed;
    }
  }

  /** Stands in for KMS GenerateDataKey; counts calls. */
  public static final class FakeKms {
    private final SecureRandom random = new SecureRandom();
    final AtomicInteger generateDataKeyCalls = new AtomicInteger();
    final List<DataKey> issued = new CopyOnWriteArrayList<>();

    /** Returns how many data keys were generated. */
    public int generateDataKeyCalls() {
      return generateDataKeyCalls.get();
    }

    DataKey generateDataKey(String keyId) {
      generateDataKeyCalls.incrementAndGet();
      byte[] key = new byte[32];
      random.nextBytes(key);
      DataKey dataKey = new DataKey(key);
      issued.add(dataKey);
      return dataKey;
    }
  }

  private DataKeyCacheExample() {}

  /** Encrypts {@code messages} messages of {@code messageBytes} bytes; returns how many KMS calls it took. */
  public static int encryptMany(int messages, int messageBytes) {
    FakeKms kms = new FakeKms();
    CachePolicy policy =
        CachePolicy.builder()
            .maxAge(Duration.ofMinutes(5))
            .maxUses(1_000)
            .maxBytes(1 << 20)
            .build();
    try (SecretCache<String, DataKey> cache =
        SecretCache.<String, DataKey>builder().policy(policy).build(kms::generateDataKey)) {
      for (int i = 0; i < messages; i++) {
        try (Lease<DataKey> lease = cache.acquire("alias/orders", messageBytes)) {
          byte[] key = lease.value().plaintext();
          if (key.length != 32) { // stands in for encrypting with the key
            throw new IllegalStateException("unexpected key length " + key.length);
          }
        }
      }
    }
    return kms.generateDataKeyCalls.get();
  }

  // [configured-cache] shown in docs/guides/cache.md
  /**
   * A data-key cache with every limit set and refresh-ahead on: each data key encrypts at most 100,000
   * messages and 1 GiB, for at most 5 minutes; from its 75,000th message (or 768 MiB, or 3m45s) a new key
   * is loaded on {@code refreshExecutor} while the old one keeps serving. The caller closes the cache.
   */
  public static SecretCache<String, DataKey> dataKeyCache(FakeKms kms, Executor refreshExecutor) {
    CachePolicy policy = CachePolicy.builder()
        .maxAge(Duration.ofMinutes(5))       // required
        .maxUses(100_000)                    // messages per data key; default and maximum 2^32
        .maxBytes(1L << 30)                  // bytes per data key; default Long.MAX_VALUE
        .maximumSize(1_000)                  // entries; default 1000
        .refreshAheadFraction(0.75)          // optional; off by default
        .build();

    SecretCache<String, DataKey> cache = SecretCache.<String, DataKey>builder()
        .policy(policy)
        .executor(refreshExecutor)           // refresh-ahead loads and cache maintenance run here
        .build(keyId -> kms.generateDataKey(keyId));   // must return a NEW value each call
    return cache;
  }

  /** Encrypts {@code plaintext} with AES-256-GCM under the cached data key for {@code keyId}: IV, ciphertext, tag. */
  public static byte[] encrypt(SecretCache<String, DataKey> cache, String keyId, byte[] plaintext) {
    try (Lease<DataKey> lease = cache.acquire(keyId, plaintext.length)) {
      return encrypt(lease.value(), plaintext);
    }
  }
  // [/configured-cache]

  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom IVS = new SecureRandom();

  private static byte[] encrypt(DataKey key, byte[] plaintext) {
    byte[] out = new byte[IV_BYTES + plaintext.length + TAG_BITS / 8];
    byte[] iv = new byte[IV_BYTES];
    IVS.nextBytes(iv);
    System.arraycopy(iv, 0, out, 0, IV_BYTES);
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key.plaintext(), "AES"), new GCMParameterSpec(TAG_BITS, iv));
      cipher.doFinal(plaintext, 0, plaintext.length, out, IV_BYTES);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM is unavailable", e);
    }
    return out;
  }

  public static void main(String[] args) {
    System.out.println("KMS calls for 10,000 messages of 100 bytes: " + encryptMany(10_000, 100));
  }
}
