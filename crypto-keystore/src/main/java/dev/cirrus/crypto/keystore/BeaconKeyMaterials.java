package dev.cirrus.crypto.keystore;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.security.auth.Destroyable;

/**
 * The beacon key of a branch key in plaintext: the branch key id, the custom encryption context it was created with
 * (prefix {@code aws-crypto-ec:} removed) and the 32-byte key. A beacon key has no versions; searchable encryption
 * derives HMAC keys from it.
 *
 * <p>{@link #toString()} never shows the key; {@link #destroy()} overwrites it, after which {@link #keyBytes()}
 * throws {@link IllegalStateException}. Thread-safe; immutable apart from destruction.
 */
public final class BeaconKeyMaterials implements Destroyable {
  /** Length of a beacon key in bytes. */
  public static final int KEY_LENGTH_BYTES = 32;

  private final String branchKeyId;
  private final Map<String, String> encryptionContext;
  private final byte[] key;
  private final AtomicBoolean destroyed = new AtomicBoolean();

  private BeaconKeyMaterials(String branchKeyId, Map<String, String> encryptionContext, byte[] key) {
    this.branchKeyId = branchKeyId;
    this.encryptionContext = encryptionContext;
    this.key = key;
  }

  /**
   * Creates materials, copying {@code key}; the caller should wipe its own copy.
   *
   * @param branchKeyId the branch key id, not empty
   * @param encryptionContext the custom encryption context without prefix; copied
   * @param key the 32-byte beacon key
   * @return the materials
   * @throws IllegalArgumentException if the id is empty or the key is not 32 bytes
   * @throws NullPointerException if an argument is null
   */
  public static BeaconKeyMaterials of(String branchKeyId, Map<String, String> encryptionContext, byte[] key) {
    Objects.requireNonNull(branchKeyId, "branchKeyId");
    Objects.requireNonNull(encryptionContext, "encryptionContext");
    Objects.requireNonNull(key, "key");
    if (branchKeyId.isEmpty()) {
      throw new IllegalArgumentException("branchKeyId must not be empty");
    }
    if (key.length != KEY_LENGTH_BYTES) {
      throw new IllegalArgumentException("beacon key must be " + KEY_LENGTH_BYTES + " bytes, was " + key.length);
    }
    return new BeaconKeyMaterials(branchKeyId, Map.copyOf(new TreeMap<>(encryptionContext)), key.clone());
  }

  /**
   * The branch key id the beacon key belongs to.
   *
   * @return the id
   */
  public String branchKeyId() {
    return branchKeyId;
  }

  /**
   * The custom encryption context, prefix removed; immutable.
   *
   * @return the context, possibly empty
   */
  public Map<String, String> encryptionContext() {
    return encryptionContext;
  }

  /**
   * A copy of the beacon key bytes; the caller must wipe it.
   *
   * @return 32 bytes
   * @throws IllegalStateException if these materials were destroyed
   */
  public byte[] keyBytes() {
    if (destroyed.get()) {
      throw new IllegalStateException("beacon key of branch key " + branchKeyId + " was destroyed");
    }
    return key.clone();
  }

  /** Overwrites the key bytes; idempotent. */
  @Override
  public void destroy() {
    if (destroyed.compareAndSet(false, true)) {
      Arrays.fill(key, (byte) 0);
    }
  }

  @Override
  public boolean isDestroyed() {
    return destroyed.get();
  }

  @Override
  public String toString() {
    return "BeaconKeyMaterials{branchKeyId=" + branchKeyId + ", encryptionContext=" + encryptionContext.keySet()
        + (destroyed.get() ? ", destroyed" : "") + "}";
  }
}
