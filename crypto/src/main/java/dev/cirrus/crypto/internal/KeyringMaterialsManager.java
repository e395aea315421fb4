package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.DataKeyDecryptionException;
import dev.cirrus.crypto.DecryptionMaterials;
import dev.cirrus.crypto.EncryptedDataKey;
import dev.cirrus.crypto.EncryptionMaterials;
import dev.cirrus.crypto.InvalidCiphertextException;
import dev.cirrus.crypto.Keyring;
import dev.cirrus.crypto.MaterialsManager;
import java.security.KeyPair;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The default materials manager (framework/default-cmm.md) over one keyring. Signing key pairs are generated,
 * and verification keys decoded, with the default provider choice ({@link JcaProviders#defaults()}) made when
 * the instance is created: a materials manager is built independently of the {@code CirrusCrypto} instances
 * that use it. Thread-safe.
 */
public final class KeyringMaterialsManager implements MaterialsManager {
  private final Keyring keyring;
  private final Jca jca;

  public KeyringMaterialsManager(Keyring keyring) {
    this.keyring = Objects.requireNonNull(keyring, "keyring");
    this.jca = JcaProviders.defaults();
  }

  private EncryptionMaterials start(AlgorithmSuite suite, Map<String, String> context) {
    EncryptionContextCodec.checkNoReservedKeys(context);
    EncryptionMaterials m = EncryptionMaterials.create(suite, context);
    if (suite.isSigned()) {
      KeyPair kp = Ecdsa.generate(jca);
      Map<String, String> withKey = new HashMap<>(context);
      withKey.put(EncryptionContextCodec.PUBLIC_KEY_FIELD, Ecdsa.encodePublicKey(kp.getPublic()));
      m = m.withEncryptionContext(withKey).withSigningKey(kp.getPrivate());
    }
    return m;
  }

  private static EncryptionMaterials check(EncryptionMaterials m) {
    if (m.dataKey() == null || m.encryptedDataKeys().isEmpty()) {
      if (m.dataKey() != null) {
        m.dataKey().destroy();
      }
      throw new IllegalStateException("keyring returned no data key or no encrypted data key");
    }
    return m;
  }

  @Override
  public EncryptionMaterials encryptionMaterials(
      AlgorithmSuite suite, Map<String, String> encryptionContext, long plaintextLengthBytes) {
    return check(keyring.onEncrypt(start(suite, encryptionContext)));
  }

  @Override
  public CompletableFuture<EncryptionMaterials> encryptionMaterialsAsync(
      AlgorithmSuite suite, Map<String, String> encryptionContext, long plaintextLengthBytes) {
    EncryptionMaterials m;
    try {
      m = start(suite, encryptionContext);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return keyring.onEncryptAsync(m).thenApply(KeyringMaterialsManager::check);
  }

  private DecryptionMaterials startDecrypt(AlgorithmSuite suite, Map<String, String> context) {
    DecryptionMaterials m = DecryptionMaterials.create(suite, context);
    String pub = context.get(EncryptionContextCodec.PUBLIC_KEY_FIELD);
    if (suite.isSigned()) {
      if (pub == null) {
        throw new InvalidCiphertextException();
      }
      m = m.withVerificationKey(Ecdsa.decodePublicKey(jca, pub));
    } else if (pub != null) {
      throw new InvalidCiphertextException();
    }
    return m;
  }

  /**
   * The data key, or the exception that says for every encrypted data key of the message why it did not
   * decrypt: what the keyring reported, and "no keyring holds this key" for the rest.
   */
  private static DecryptionMaterials checkDecrypt(
      DecryptionMaterials m, Throwable thrown, List<EncryptedDataKey> edks) {
    Throwable t = Futures.unwrap(thrown);
    if (t instanceof DataKeyDecryptionException) {
      throw DataKeyFailures.forMessage(edks, (DataKeyDecryptionException) t);
    }
    if (t instanceof RuntimeException) {
      throw (RuntimeException) t;
    }
    if (t instanceof Error) {
      throw (Error) t;
    }
    if (t != null) {
      throw new CompletionException(t);
    }
    if (m.dataKey() == null) {
      throw DataKeyFailures.forMessage(edks, null);
    }
    return m;
  }

  @Override
  public DecryptionMaterials decryptionMaterials(
      AlgorithmSuite suite, Map<String, String> encryptionContext, List<EncryptedDataKey> edks) {
    DecryptionMaterials start = startDecrypt(suite, encryptionContext);
    DecryptionMaterials out;
    try {
      out = keyring.onDecrypt(start, edks);
    } catch (DataKeyDecryptionException e) {
      return checkDecrypt(null, e, edks);
    }
    return checkDecrypt(out, null, edks);
  }

  @Override
  public CompletableFuture<DecryptionMaterials> decryptionMaterialsAsync(
      AlgorithmSuite suite, Map<String, String> encryptionContext, List<EncryptedDataKey> edks) {
    DecryptionMaterials m;
    try {
      m = startDecrypt(suite, encryptionContext);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    return keyring.onDecryptAsync(m, edks).handle((out, t) -> checkDecrypt(out, t, edks));
  }
}
