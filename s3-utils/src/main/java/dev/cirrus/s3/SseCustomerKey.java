package dev.cirrus.s3;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A customer-provided AES-256 key for SSE-C: S3 encrypts the object with it and keeps only a salted HMAC of it, so
 * the same key MUST be sent on every request that writes or reads the object (CreateMultipartUpload, each
 * UploadPart, GET and HEAD; CompleteMultipartUpload when the upload carries checksums).
 *
 * <p>The key bytes are copied in and held until {@link #destroy()}. {@link #toString()} shows only the key's MD5
 * (which S3 itself echoes in responses), never the key; {@link #equals(Object)} compares in constant time.
 *
 * <p>This class is threadsafe; {@link #destroy()} while a transfer still uses the key makes that transfer's next
 * request fail.
 */
public final class SseCustomerKey {
  /** The only SSE-C algorithm S3 accepts. */
  public static final String ALGORITHM = "AES256";
  /** The key length S3 requires for AES-256, in bytes. */
  public static final int KEY_LENGTH_BYTES = 32;

  private final byte[] key;
  private final String md5Base64;
  private volatile boolean destroyed;

  private SseCustomerKey(byte[] key) {
    this.key = key;
    this.md5Base64 = Base64.getEncoder().encodeToString(md5(key));
  }

  /**
   * Returns a holder of a copy of {@code key}.
   *
   * @param key the 32 key bytes; the caller may zero its array afterwards
   * @return the holder
   * @throws NullPointerException if key is null
   * @throws IllegalArgumentException if key is not 32 bytes long
   */
  public static SseCustomerKey of(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != KEY_LENGTH_BYTES) {
      throw new IllegalArgumentException("sseCustomerKey must be " + KEY_LENGTH_BYTES
          + " bytes (AES-256), was " + key.length);
    }
    return new SseCustomerKey(key.clone());
  }

  /**
   * Returns a holder of the key given in base64, as the S3 header carries it.
   *
   * @param keyBase64 the key in standard base64
   * @return the holder
   * @throws NullPointerException if keyBase64 is null
   * @throws IllegalArgumentException if keyBase64 is not base64 or does not decode to 32 bytes
   */
  public static SseCustomerKey fromBase64(String keyBase64) {
    Objects.requireNonNull(keyBase64, "keyBase64");
    byte[] decoded;
    try {
      decoded = Base64.getDecoder().decode(keyBase64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("sseCustomerKey must be standard base64", e);
    }
    try {
      return of(decoded);
    } finally {
      Arrays.fill(decoded, (byte) 0);
    }
  }

  /**
   * Returns the algorithm header value, always {@value #ALGORITHM}.
   *
   * @return {@value #ALGORITHM}
   */
  public String algorithm() {
    return ALGORITHM;
  }

  /**
   * Returns the key in base64, the value of {@code x-amz-server-side-encryption-customer-key}. Callers MUST NOT
   * log it.
   *
   * @return the key in base64
   * @throws IllegalStateException if the key was destroyed
   */
  public String keyBase64() {
    if (destroyed) {
      throw new IllegalStateException("sseCustomerKey was destroyed");
    }
    return Base64.getEncoder().encodeToString(key);
  }

  /**
   * Returns the base64 MD5 of the key, the value of {@code x-amz-server-side-encryption-customer-key-MD5}.
   *
   * @return the base64 MD5 of the key
   */
  public String keyMd5Base64() {
    return md5Base64;
  }

  /** Zeroes the key bytes; every later {@link #keyBase64()} throws {@link IllegalStateException}. */
  public void destroy() {
    destroyed = true;
    Arrays.fill(key, (byte) 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SseCustomerKey other && MessageDigest.isEqual(key, other.key);
  }

  @Override
  public int hashCode() {
    return md5Base64.hashCode();
  }

  @Override
  public String toString() {
    return "SseCustomerKey[md5=" + md5Base64 + "]";
  }

  private static byte[] md5(byte[] bytes) {
    try {
      return MessageDigest.getInstance("MD5").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
  }
}
