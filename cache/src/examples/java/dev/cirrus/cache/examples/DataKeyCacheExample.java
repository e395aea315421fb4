package dev.cirrus.cache.examples;

import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.Lease;
import dev.cirrus.cache.SecretCache;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
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

    DataKey generateDataKey(String keyId) {
      generateDataKeyCalls.incrementAndGet();
      byte[] key = new byte[32];
      random.nextBytes(key);
      return new DataKey(key);
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

  public static void main(String[] args) {
    System.out.println("KMS calls for 10,000 messages of 100 bytes: " + encryptMany(10_000, 100));
  }
}
