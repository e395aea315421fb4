package dev.cirrus.crypto;

import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What encrypting one message needs: the algorithm suite, the encryption context (including, for
 * signed suites, the {@code aws-crypto-public-key} entry), the plaintext data key, its encrypted copies
 * and, for signed suites, the signing key.
 *
 * <p>Immutable and thread-safe; every {@code with...} method returns a new instance. The {@link
 * DataKey} is shared, not copied: whoever created it decides when to destroy it (see {@link
 * MaterialsManager}).
 */
public final class EncryptionMaterials {
  private final AlgorithmSuite suite;
  private final Map<String, String> encryptionContext;
  private final DataKey dataKey;
  private final List<EncryptedDataKey> encryptedDataKeys;
  private final PrivateKey signingKey;

  private EncryptionMaterials(
      AlgorithmSuite suite,
      Map<String, String> encryptionContext,
      DataKey dataKey,
      List<EncryptedDataKey> encryptedDataKeys,
      PrivateKey signingKey) {
    this.suite = suite;
    this.encryptionContext = encryptionContext;
    this.dataKey = dataKey;
    this.encryptedDataKeys = encryptedDataKeys;
    this.signingKey = signingKey;
  }

  /**
   * Starts materials with no data key and no encrypted data keys.
   *
   * @param suite the algorithm suite
   * @param encryptionContext the encryption context, copied
   * @return new materials
   * @throws NullPointerException if an argument, a key or a value is null
   */
  public static EncryptionMaterials create(AlgorithmSuite suite, Map<String, String> encryptionContext) {
    Objects.requireNonNull(suite, "suite");
    return new EncryptionMaterials(suite, copyContext(encryptionContext), null, List.of(), null);
  }

  static Map<String, String> copyContext(Map<String, String> context) {
    Objects.requireNonNull(context, "encryptionContext");
    TreeMap<String, String> copy = new TreeMap<>();
    for (Map.Entry<String, String> e : context.entrySet()) {
      copy.put(
          Objects.requireNonNull(e.getKey(), "encryption context key"),
          Objects.requireNonNull(e.getValue(), "encryption context value for " + e.getKey()));
    }
    return Collections.unmodifiableMap(copy);
  }

  /**
   * The algorithm suite.
   *
   * @return the algorithm suite
   */
  public AlgorithmSuite suite() {
    return suite;
  }

  /**
   * The encryption context, unmodifiable.
   *
   * @return the encryption context, unmodifiable
   */
  public Map<String, String> encryptionContext() {
    return encryptionContext;
  }

  /**
   * The plaintext data key, or {@code null} before a keyring generated one.
   *
   * @return the plaintext data key, or {@code null} before a keyring generated one
   */
  public DataKey dataKey() {
    return dataKey;
  }

  /**
   * The encrypted copies of the data key, unmodifiable, in the order keyrings added them.
   *
   * @return the encrypted copies of the data key, unmodifiable, in the order keyrings added them
   */
  public List<EncryptedDataKey> encryptedDataKeys() {
    return encryptedDataKeys;
  }

  /**
   * The ECDSA signing key for signed suites, otherwise {@code null}.
   *
   * @return the ECDSA signing key for signed suites, otherwise {@code null}
   */
  public PrivateKey signingKey() {
    return signingKey;
  }

  /**
   * Returns a copy with {@code dataKey}.
   *
   * @param dataKey the plaintext data key; its length must match the suite
   * @return a copy holding {@code dataKey}
   * @throws IllegalStateException if a data key is already present
   * @throws IllegalArgumentException if the key length does not match the suite
   */
  public EncryptionMaterials withDataKey(DataKey dataKey) {
    Objects.requireNonNull(dataKey, "dataKey");
    if (this.dataKey != null) {
      throw new IllegalStateException("encryption materials already hold a data key");
    }
    suite.checkDataKeyLength(dataKey);
    return new EncryptionMaterials(suite, encryptionContext, dataKey, encryptedDataKeys, signingKey);
  }

  /**
   * Returns a copy with {@code edk} appended.
   *
   * @param edk the encrypted data key to append
   * @return a copy with {@code edk} appended
   */
  public EncryptionMaterials withEncryptedDataKey(EncryptedDataKey edk) {
    Objects.requireNonNull(edk, "edk");
    List<EncryptedDataKey> list = new ArrayList<>(encryptedDataKeys.size() + 1);
    list.addAll(encryptedDataKeys);
    list.add(edk);
    return new EncryptionMaterials(
        suite, encryptionContext, dataKey, Collections.unmodifiableList(list), signingKey);
  }

  /**
   * Returns a copy with the given encryption context, used to add {@code aws-crypto-public-key}.
   *
   * @param context the encryption context to hold instead
   * @return a copy holding {@code context}
   */
  public EncryptionMaterials withEncryptionContext(Map<String, String> context) {
    return new EncryptionMaterials(suite, copyContext(context), dataKey, encryptedDataKeys, signingKey);
  }

  /**
   * Returns a copy with the ECDSA signing key.
   *
   * @param signingKey the ECDSA signing key
   * @return a copy holding {@code signingKey}
   */
  public EncryptionMaterials withSigningKey(PrivateKey signingKey) {
    return new EncryptionMaterials(
        suite, encryptionContext, dataKey, encryptedDataKeys, Objects.requireNonNull(signingKey, "signingKey"));
  }

  /**
   * Returns a copy whose data key is {@code replacement}, used to hand out per-message key copies.
   *
   * @param replacement the data key to hold instead; its length must match the suite
   * @return a copy holding {@code replacement}
   * @throws IllegalArgumentException if the key length does not match the suite
   */
  public EncryptionMaterials withReplacedDataKey(DataKey replacement) {
    Objects.requireNonNull(replacement, "replacement");
    suite.checkDataKeyLength(replacement);
    return new EncryptionMaterials(suite, encryptionContext, replacement, encryptedDataKeys, signingKey);
  }

  @Override
  public String toString() {
    return "EncryptionMaterials{suite=" + suite + ", encryptedDataKeys=" + encryptedDataKeys.size() + "}";
  }
}
