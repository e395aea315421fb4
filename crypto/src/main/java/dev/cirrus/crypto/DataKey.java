package dev.cirrus.crypto;

import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Objects;
import javax.security.auth.Destroyable;

/**
 * A plaintext data key: secret bytes in a holder that never prints them, compares them in constant
 * time, and zeroes them on {@link #destroy()}.
 *
 * <p>{@link #toString()} is inherited from {@code Object} and reveals nothing but the class name and a
 * hash code that does not depend on the key bytes. After {@code destroy()}, every accessor throws.
 *
 * <p>This class is threadsafe: reads and {@code destroy()} are synchronized on the holder, so a key is
 * never observed half-zeroed.
 */
public final class DataKey implements Destroyable {
  private final byte[] bytes;
  private boolean destroyed;

  private DataKey(byte[] bytes) {
    this.bytes = bytes;
  }

  /**
   * Returns a holder for a copy of {@code key}; the caller should zero its own array afterwards.
   *
   * @param key the plaintext key bytes, 16, 24 or 32 bytes long
   * @return a new holder
   * @throws NullPointerException if {@code key} is null
   * @throws IllegalArgumentException if the length is not 16, 24 or 32
   */
  public static DataKey copyOf(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException("key length must be 16, 24 or 32 bytes, was " + key.length);
    }
    return new DataKey(key.clone());
  }

  /**
   * Returns a holder that takes ownership of {@code key} without copying it; the caller MUST NOT use
   * the array afterwards. Used on hot paths to avoid a second copy of the secret.
   *
   * @param key the plaintext key bytes, 16, 24 or 32 bytes long
   * @return a new holder owning {@code key}
   * @throws IllegalArgumentException if the length is not 16, 24 or 32
   */
  public static DataKey wrap(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException("key length must be 16, 24 or 32 bytes, was " + key.length);
    }
    return new DataKey(key);
  }

  /**
   * The key length in bytes (available even after {@link #destroy()}).
   *
   * @return the key length in bytes (available even after {@link #destroy()})
   */
  public int lengthBytes() {
    return bytes.length;
  }

  /**
   * Returns a copy of the key bytes; the caller owns the copy and should zero it after use.
   *
   * @return a fresh copy of the secret
   * @throws IllegalStateException if the key has been destroyed
   */
  public synchronized byte[] toByteArray() {
    checkNotDestroyed();
    return bytes.clone();
  }

  /**
   * Copies the key bytes into {@code dst} at {@code offset}.
   *
   * @param dst destination array
   * @param offset start offset in {@code dst}
   * @throws IllegalStateException if the key has been destroyed
   * @throws IndexOutOfBoundsException if {@code dst} is too short
   */
  public synchronized void copyTo(byte[] dst, int offset) {
    checkNotDestroyed();
    System.arraycopy(bytes, 0, dst, offset, bytes.length);
  }

  /** Zeroes the key bytes; idempotent. */
  @Override
  public synchronized void destroy() {
    Arrays.fill(bytes, (byte) 0);
    destroyed = true;
  }

  @Override
  public synchronized boolean isDestroyed() {
    return destroyed;
  }

  /**
   * Compares two keys in time independent of where their bytes differ.
   *
   * @throws IllegalStateException if either key has been destroyed
   */
  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof DataKey)) {
      return false;
    }
    byte[] mine = toByteArray();
    byte[] theirs = ((DataKey) o).toByteArray();
    try {
      return MessageDigest.isEqual(mine, theirs);
    } finally {
      Arrays.fill(mine, (byte) 0);
      Arrays.fill(theirs, (byte) 0);
    }
  }

  /** Depends only on the key length, so hash codes leak nothing about the secret. */
  @Override
  public int hashCode() {
    return bytes.length;
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("data key has been destroyed");
    }
  }
}
