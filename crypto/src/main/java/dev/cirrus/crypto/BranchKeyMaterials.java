package dev.cirrus.crypto;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import javax.security.auth.Destroyable;

/**
 * One version of a branch key in plaintext, as a branch key store returns it after KMS decrypted it: the
 * branch key id, the version (a UUID string), the custom encryption context the key was created with (the
 * {@code aws-crypto-ec:} attributes of the store's item, with the prefix removed) and the 32-byte key.
 *
 * <p>The hierarchical keyring derives a fresh wrapping key per message from these materials. They hold
 * secret key bytes: {@link #toString()} never shows them, and {@link #destroy()} overwrites them. After
 * {@code destroy()}, {@link #key()} throws {@link IllegalStateException}.
 *
 * <p>Thread-safe; immutable apart from destruction.
 */
public final class BranchKeyMaterials implements Destroyable {
  /** Length of a branch key in bytes (AES-256). */
  public static final int KEY_LENGTH_BYTES = 32;

  private final String branchKeyId;
  private final String version;
  private final Map<String, String> encryptionContext;
  private final byte[] key;
  private final AtomicBoolean destroyed = new AtomicBoolean();

  private BranchKeyMaterials(
      String branchKeyId, String version, Map<String, String> encryptionContext, byte[] key) {
    this.branchKeyId = branchKeyId;
    this.version = version;
    this.encryptionContext = encryptionContext;
    this.key = key;
  }

  /**
   * Creates materials, copying {@code key}; the caller should wipe its own copy.
   *
   * @param branchKeyId the branch key id, not empty
   * @param version the branch key version, a UUID in its 36-character string form
   * @param encryptionContext the custom encryption context without the {@code aws-crypto-ec:} prefix; copied
   * @param key the 32-byte branch key
   * @return the materials
   * @throws IllegalArgumentException if the id is empty, the version is not a UUID string or the key is not
   *     32 bytes
   */
  public static BranchKeyMaterials of(
      String branchKeyId, String version, Map<String, String> encryptionContext, byte[] key) {
    Objects.requireNonNull(branchKeyId, "branchKeyId");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(encryptionContext, "encryptionContext");
    Objects.requireNonNull(key, "key");
    if (branchKeyId.isEmpty()) {
      throw new IllegalArgumentException("branchKeyId must not be empty");
    }
    checkVersion(version);
    if (key.length != KEY_LENGTH_BYTES) {
      throw new IllegalArgumentException(
          "branch key must be " + KEY_LENGTH_BYTES + " bytes, was " + key.length);
    }
    return new BranchKeyMaterials(
        branchKeyId, version, Map.copyOf(new TreeMap<>(encryptionContext)), key.clone());
  }

  /**
   * Checks that {@code version} is a UUID in its canonical 36-character form (lower or upper case hex).
   *
   * @param version the candidate
   * @return {@code version}
   * @throws IllegalArgumentException if it is not
   */
  public static String checkVersion(String version) {
    Objects.requireNonNull(version, "version");
    if (version.length() != 36 || !version.matches("[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")) {
      throw new IllegalArgumentException(
          "branch key version must be a UUID string of 36 characters, was '" + version + "'");
    }
    return version;
  }

  /**
   * The branch key id.
   *
   * @return the id
   */
  public String branchKeyId() {
    return branchKeyId;
  }

  /**
   * The version, a UUID string.
   *
   * @return the version
   */
  public String version() {
    return version;
  }

  /**
   * The custom encryption context the branch key was created with, prefix removed; immutable.
   *
   * @return the context, possibly empty
   */
  public Map<String, String> encryptionContext() {
    return encryptionContext;
  }

  /**
   * The branch key as an AES key over a copy of the bytes.
   *
   * @return a new key object
   * @throws IllegalStateException if these materials were destroyed
   */
  public SecretKey key() {
    byte[] copy = keyBytes();
    try {
      return new SecretKeySpec(copy, "AES");
    } finally {
      Arrays.fill(copy, (byte) 0);
    }
  }

  /**
   * A copy of the branch key bytes; the caller must wipe it.
   *
   * @return 32 bytes
   * @throws IllegalStateException if these materials were destroyed
   */
  public byte[] keyBytes() {
    if (destroyed.get()) {
      throw new IllegalStateException(
          "branch key " + branchKeyId + " version " + version + " was destroyed");
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
    return "BranchKeyMaterials{branchKeyId="
        + branchKeyId
        + ", version="
        + version
        + ", encryptionContext="
        + encryptionContext.keySet()
        + (destroyed.get() ? ", destroyed" : "")
        + "}";
  }
}
