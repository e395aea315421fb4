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
   * part of equality.
   */
  public static final class EncryptKey {
    private final String partition;
    private final AlgorithmSuite suite;
    private final Map<String, String> context;
    private final long bytes;

    public EncryptKey(String partition, AlgorithmSuite suite, Map<String, String> context, long bytes) {
      this.partition = partition;
      this.suite = suite;
      this.context = context;
      this.bytes = bytes;
    }

    public AlgorithmSuite suite() {
      return suite;
    }

    public Map<String, String> context() {
      return context;
    }

    public long bytes() {
      return bytes;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof EncryptKey)) {
        return false;
      }
      EncryptKey k = (EncryptKey) o;
      return partition.equals(k.partition) && suite == k.suite && context.equals(k.context);
    }

    @Override
    public int hashCode() {
      return Objects.hash(partition, suite, context);
    }
  }

  /** Decrypt-path key. */
  public static final class DecryptKey {
    private final String partition;
    private final AlgorithmSuite suite;
    private final Map<String, String> context;
    private final List<EncryptedDataKey> edks;

    public DecryptKey(String partition, AlgorithmSuite suite, Map<String, String> context, List<EncryptedDataKey> edks) {
      this.partition = partition;
      this.suite = suite;
      this.context = context;
      this.edks = edks;
    }

    public AlgorithmSuite suite() {
      return suite;
    }

    public Map<String, String> context() {
      return context;
    }

    public List<EncryptedDataKey> edks() {
      return edks;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof DecryptKey)) {
        return false;
      }
      DecryptKey k = (DecryptKey) o;
      return partition.equals(k.partition) && suite == k.suite && context.equals(k.context) && edks.equals(k.edks);
    }

    @Override
    public int hashCode() {
      return Objects.hash(partition, suite, context, edks);
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
