package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.DataKey;
import dev.cirrus.crypto.DecryptionMaterials;
import dev.cirrus.crypto.EncryptedDataKey;
import dev.cirrus.crypto.EncryptionMaterials;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.security.auth.Destroyable;

/** Cache keys and values of {@code CachingMaterialsManager}. */
public final class CachedMaterials {
  private CachedMaterials() {}

  /**
   * Encrypt-path key. {@code bytes} is carried for the loader (the first message's length) but is not
   * part of equality. {@code toString} names no context value.
   *
   * @param partition the cache partition
   * @param suite the algorithm suite
   * @param context the encryption context
   * @param bytes the first message's length, for the loader only
   */
  public record EncryptKey(String partition, AlgorithmSuite suite, Map<String, String> context, long bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof EncryptKey k && partition.equals(k.partition) && suite == k.suite
          && context.equals(k.context);
    }

    @Override
    public int hashCode() {
      return Objects.hash(partition, suite, context);
    }

    @Override
    public String toString() {
      return "EncryptKey[" + suite + ", " + context.size() + " context entries]";
    }
  }

  /**
   * Decrypt-path key. {@code toString} names no context value.
   *
   * @param partition the cache partition
   * @param suite the algorithm suite
   * @param context the encryption context
   * @param edks the message's encrypted data keys
   */
  public record DecryptKey(String partition, AlgorithmSuite suite, Map<String, String> context,
                           List<EncryptedDataKey> edks) {
    @Override
    public String toString() {
      return "DecryptKey[" + suite + ", " + context.size() + " context entries, " + edks.size() + " data keys]";
    }
  }

  private static DataKey copy(DataKey k) {
    return DataKey.wrap(k.toByteArray());
  }

  /** Cached encryption materials; the cache destroys the master data key on retirement. */
  public static final class Encrypt implements Destroyable {
    private final EncryptionMaterials materials;

    public Encrypt(EncryptionMaterials materials) {
      this.materials = materials;
    }

    /** Materials with a per-message copy of the data key, which the caller destroys. */
    public EncryptionMaterials handOut() {
      return materials.withReplacedDataKey(copy(materials.dataKey()));
    }

    /** The cached data key itself (for tests of destruction). */
    public DataKey dataKey() {
      return materials.dataKey();
    }

    @Override
    public void destroy() {
      materials.dataKey().destroy();
    }

    @Override
    public boolean isDestroyed() {
      return materials.dataKey().isDestroyed();
    }
  }

  /** Cached decryption materials. */
  public static final class Decrypt implements Destroyable {
    private final DecryptionMaterials materials;

    public Decrypt(DecryptionMaterials materials) {
      this.materials = materials;
    }

    public DecryptionMaterials handOut() {
      return materials.withReplacedDataKey(copy(materials.dataKey()));
    }

    @Override
    public void destroy() {
      materials.dataKey().destroy();
    }

    @Override
    public boolean isDestroyed() {
      return materials.dataKey().isDestroyed();
    }
  }
}
