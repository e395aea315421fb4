package dev.cirrus.crypto;

import dev.cirrus.crypto.internal.KmsCalls;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A keyring over AWS KMS (framework/aws-kms/aws-kms-keyring.md), compatible with the AWS Encryption
 * SDK's AWS KMS keyring: provider id {@code aws-kms}, provider info = the key ARN KMS returned, ciphertext
 * = the KMS ciphertext blob.
 *
 * <p>Encrypt: the generator key makes the data key with {@code GenerateDataKey} (32 bytes); each
 * additional key encrypts the same data key with {@code Encrypt}. Decrypt: each encrypted data key whose
 * provider info names one of this keyring's keys (its exact id, or the ARN of a bare key id given here)
 * is tried in order with {@code Decrypt} and {@code KeyId}, until one succeeds. The encryption context
 * and grant tokens go with every call. KMS's {@code InvalidCiphertextException} and {@code
 * IncorrectKeyException} mean "not this key" (the next key is tried); any other failure becomes a {@link
 * KmsOperationException} naming the key id and the KMS error code, thrown only if no key succeeded.
 *
 * <p>Give a sync {@link KmsClient}, an async {@link KmsAsyncClient}, or both; the async paths ({@link
 * CirrusCrypto#encryptAsync}) use the async client when present, the sync paths use the sync client when
 * present (otherwise each waits on the other). Retries are the client's: build it with {@link
 * KmsClients} to get Cirrus's throttling-aware retry.
 *
 * <p>This class is immutable and thread-safe. It does not own or close the clients.
 */
public final class KmsKeyring implements Keyring {
  private final KmsCalls calls;
  private final String generatorKeyId;
  private final List<String> keyIds;

  private KmsKeyring(Builder b) {
    this.generatorKeyId = b.generatorKeyId;
    this.keyIds = List.copyOf(b.keyIds);
    this.calls = new KmsCalls(b.client, b.asyncClient, b.grantTokens, b.listener);
  }

  /**
   * Returns a new builder.
   *
   * @return a new builder with the default settings
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The generator key id, or {@code null} if this keyring only adds encrypted copies.
   *
   * @return the generator key id, or {@code null} if this keyring only adds encrypted copies
   */
  public String generatorKeyId() {
    return generatorKeyId;
  }

  /**
   * The additional key ids, unmodifiable.
   *
   * @return the additional key ids, unmodifiable
   */
  public List<String> additionalKeyIds() {
    return keyIds;
  }

  private List<String> allKeys() {
    List<String> all = new ArrayList<>(keyIds.size() + 1);
    if (generatorKeyId != null) {
      all.add(generatorKeyId);
    }
    all.addAll(keyIds);
    return all;
  }

  @Override
  public EncryptionMaterials onEncrypt(EncryptionMaterials materials) {
    EncryptionMaterials m = materials;
    if (m.dataKey() == null) {
      if (generatorKeyId == null) {
        throw new IllegalStateException("materials hold no data key and this KMS keyring has no generator key");
      }
      m = calls.generate(m, generatorKeyId);
    } else if (generatorKeyId != null) {
      m = calls.encrypt(m, generatorKeyId);
    }
    EncryptionMaterials generated = m;
    try {
      for (String k : keyIds) {
        m = calls.encrypt(m, k);
      }
    } catch (RuntimeException | Error e) {
      destroyIfGenerated(materials, generated);
      throw e;
    }
    return m;
  }

  /** A data key this call generated and now cannot hand out is destroyed, not left to the GC. */
  private static void destroyIfGenerated(EncryptionMaterials before, EncryptionMaterials after) {
    if (before.dataKey() == null && after.dataKey() != null) {
      after.dataKey().destroy();
    }
  }

  @Override
  public CompletableFuture<EncryptionMaterials> onEncryptAsync(EncryptionMaterials materials) {
    CompletableFuture<EncryptionMaterials> f;
    if (materials.dataKey() == null) {
      if (generatorKeyId == null) {
        return CompletableFuture.failedFuture(
            new IllegalStateException("materials hold no data key and this KMS keyring has no generator key"));
      }
      f = calls.generateAsync(materials, generatorKeyId);
    } else if (generatorKeyId != null) {
      f = calls.encryptAsync(materials, generatorKeyId);
    } else {
      f = CompletableFuture.completedFuture(materials);
    }
    if (keyIds.isEmpty()) {
      return f;
    }
    return f.thenCompose(generated -> {
      CompletableFuture<EncryptionMaterials> c = CompletableFuture.completedFuture(generated);
      for (String k : keyIds) {
        c = c.thenCompose(m -> calls.encryptAsync(m, k));
      }
      return c.whenComplete((m, t) -> {
        if (t != null) {
          destroyIfGenerated(materials, generated);
        }
      });
    });
  }

  @Override
  public DecryptionMaterials onDecrypt(DecryptionMaterials materials, List<EncryptedDataKey> edks) {
    if (materials.dataKey() != null) {
      return materials;
    }
    return calls.decrypt(materials, KmsCalls.candidates(edks, allKeys()));
  }

  @Override
  public CompletableFuture<DecryptionMaterials> onDecryptAsync(
      DecryptionMaterials materials, List<EncryptedDataKey> edks) {
    if (materials.dataKey() != null) {
      return CompletableFuture.completedFuture(materials);
    }
    return calls.decryptAsync(materials, KmsCalls.candidates(edks, allKeys()));
  }

  @Override
  public String toString() {
    return "KmsKeyring{generatorKeyId=" + generatorKeyId + ", keyIds=" + keyIds + "}";
  }

  /** Builds {@link KmsKeyring}s. Not thread-safe; {@code build()} copies the settings. */
  public static final class Builder {
    private KmsClient client;
    private KmsAsyncClient asyncClient;
    private String generatorKeyId;
    private final List<String> keyIds = new ArrayList<>();
    private List<String> grantTokens = Collections.emptyList();
    private CryptoListener listener;

    private Builder() {}

    /**
     * A listener told of every KMS call this keyring makes: its operation, key id, outcome and latency (see
     * {@link CryptoListener#onKmsCall}). By default none, and no clock is read for it.
     *
     * @param listener the listener, for example {@code CirrusMetrics.cryptoMetrics(registry, "orders")} of
     *     {@code cirrus-micrometer}
     * @return this builder
     */
    public Builder listener(CryptoListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * The sync client used by the sync paths.
     *
     * @param client the sync KMS client
     * @return this builder
     */
    public Builder kmsClient(KmsClient client) {
      this.client = Objects.requireNonNull(client, "client");
      return this;
    }

    /**
     * The async client used by the async paths.
     *
     * @param asyncClient the async KMS client
     * @return this builder
     */
    public Builder kmsAsyncClient(KmsAsyncClient asyncClient) {
      this.asyncClient = Objects.requireNonNull(asyncClient, "asyncClient");
      return this;
    }

    /**
     * The key that generates data keys: a key id, key ARN, alias name or alias ARN. Optional: without it
     * the keyring only adds encrypted copies of a data key generated by another keyring (see {@link
     * MultiKeyring}). For decryption, only key ids and key ARNs can match a message.
     *
     * @param keyId the generator key id, key ARN, alias name or alias ARN
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder generatorKeyId(String keyId) {
      this.generatorKeyId = checkKeyId(keyId);
      return this;
    }

    /**
     * Adds a key that also encrypts the data key (with KMS {@code Encrypt}).
     *
     * @param keyId the key id, key ARN, alias name or alias ARN
     * @return this builder
     * @throws IllegalArgumentException if blank
     */
    public Builder addKeyId(String keyId) {
      keyIds.add(checkKeyId(keyId));
      return this;
    }

    /**
     * The grant tokens sent with every KMS call. By default none.
     *
     * @param grantTokens the grant tokens; copied
     * @return this builder
     */
    public Builder grantTokens(List<String> grantTokens) {
      this.grantTokens = List.copyOf(Objects.requireNonNull(grantTokens, "grantTokens"));
      return this;
    }

    private static String checkKeyId(String keyId) {
      Objects.requireNonNull(keyId, "keyId");
      if (keyId.isBlank()) {
        throw new IllegalArgumentException("keyId must not be blank, was \"" + keyId + "\"");
      }
      return keyId;
    }

    /**
     * Builds the keyring.
     *
     * @return a new keyring
     * @throws IllegalStateException if no client or no key was set
     */
    public KmsKeyring build() {
      if (client == null && asyncClient == null) {
        throw new IllegalStateException("a kmsClient or a kmsAsyncClient is required");
      }
      if (generatorKeyId == null && keyIds.isEmpty()) {
        throw new IllegalStateException("a generatorKeyId or at least one additional key id is required");
      }
      return new KmsKeyring(this);
    }
  }
}
