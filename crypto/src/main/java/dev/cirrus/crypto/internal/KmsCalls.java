package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.CryptoException;
import dev.cirrus.crypto.CryptoListener;
import dev.cirrus.crypto.CryptoListener.KmsOperation;
import dev.cirrus.crypto.DataKey;
import dev.cirrus.crypto.DataKeyFailure;
import dev.cirrus.crypto.DecryptionMaterials;
import dev.cirrus.crypto.EncryptedDataKey;
import dev.cirrus.crypto.EncryptionMaterials;
import dev.cirrus.crypto.KmsOperationException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.model.DecryptRequest;
import software.amazon.awssdk.services.kms.model.DecryptResponse;
import software.amazon.awssdk.services.kms.model.EncryptRequest;
import software.amazon.awssdk.services.kms.model.EncryptResponse;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyRequest;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;

/**
 * The KMS calls of {@code KmsKeyring}, sync and async, with error mapping; each call's operation, outcome and
 * latency go to the keyring's {@link CryptoListener}, if any. Thread-safe.
 */
public final class KmsCalls {
  static final String PROVIDER_ID = "aws-kms";

  private final KmsClient client;
  private final KmsAsyncClient asyncClient;
  private final List<String> grantTokens;
  /** Null: no listener, no clock reads. */
  private final CryptoListener listener;

  public KmsCalls(KmsClient client, KmsAsyncClient asyncClient, List<String> grantTokens) {
    this(client, asyncClient, grantTokens, null);
  }

  public KmsCalls(KmsClient client, KmsAsyncClient asyncClient, List<String> grantTokens, CryptoListener listener) {
    this.client = client;
    this.asyncClient = asyncClient;
    this.grantTokens = grantTokens;
    this.listener = listener;
  }

  /** One encrypted data key to try, with the key id to send to KMS. */
  public static final class Candidate {
    final EncryptedDataKey edk;
    final String keyArn;

    Candidate(EncryptedDataKey edk, String keyArn) {
      this.edk = edk;
      this.keyArn = keyArn;
    }
  }

  /** The encrypted data keys that belong to {@code keyIds}, in message order. */
  public static List<Candidate> candidates(List<EncryptedDataKey> edks, List<String> keyIds) {
    List<Candidate> out = new ArrayList<>();
    for (EncryptedDataKey e : edks) {
      if (!e.providerId().equals(PROVIDER_ID)) {
        continue;
      }
      String arn = e.providerInfoUtf8();
      for (String k : keyIds) {
        if (arn.equals(k) || (!k.contains(":") && !k.startsWith("alias/") && arn.endsWith(":key/" + k))) {
          out.add(new Candidate(e, arn));
          break;
        }
      }
    }
    return out;
  }

  // ------------------------------------------------------------ encrypt

  private GenerateDataKeyRequest generateRequest(EncryptionMaterials m, String keyId) {
    return GenerateDataKeyRequest.builder()
        .keyId(keyId)
        .numberOfBytes(m.suite().dataKeyLengthBytes())
        .encryptionContext(m.encryptionContext())
        .grantTokens(grantTokens)
        .build();
  }

  private static EncryptionMaterials generated(EncryptionMaterials m, String keyId, GenerateDataKeyResponse r) {
    byte[] raw = r.plaintext().asByteArrayUnsafe();
    try {
      if (raw.length != m.suite().dataKeyLengthBytes() || r.keyId() == null) {
        throw new KmsOperationException("GenerateDataKey", keyId, "MalformedResponse", null);
      }
      return m.withDataKey(DataKey.copyOf(raw)).withEncryptedDataKey(edk(r.keyId(), r.ciphertextBlob()));
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  private static EncryptedDataKey edk(String arn, SdkBytes blob) {
    return EncryptedDataKey.of(PROVIDER_ID, arn.getBytes(StandardCharsets.UTF_8), blob.asByteArrayUnsafe());
  }

  public EncryptionMaterials generate(EncryptionMaterials m, String keyId) {
    if (client == null) {
      return Futures.join(generateAsync(m, keyId));
    }
    long start = CryptoEvents.start(listener);
    GenerateDataKeyResponse r;
    try {
      r = client.generateDataKey(generateRequest(m, keyId));
    } catch (RuntimeException e) {
      CryptoEvents.kmsCall(listener, KmsOperation.GENERATE_DATA_KEY, keyId, e, start);
      throw mapped("GenerateDataKey", keyId, e);
    }
    CryptoEvents.kmsCall(listener, KmsOperation.GENERATE_DATA_KEY, keyId, null, start);
    return generated(m, keyId, r);
  }

  public CompletableFuture<EncryptionMaterials> generateAsync(EncryptionMaterials m, String keyId) {
    if (asyncClient == null) {
      return Futures.supply(() -> generate(m, keyId));
    }
    long start = CryptoEvents.start(listener);
    return asyncClient
        .generateDataKey(generateRequest(m, keyId))
        .handle((r, t) -> {
          CryptoEvents.kmsCall(listener, KmsOperation.GENERATE_DATA_KEY, keyId, t, start);
          if (t != null) {
            throw mapped("GenerateDataKey", keyId, t);
          }
          return generated(m, keyId, r);
        });
  }

  private EncryptRequest encryptRequest(EncryptionMaterials m, String keyId, byte[] plaintext) {
    return EncryptRequest.builder()
        .keyId(keyId)
        .plaintext(SdkBytes.fromByteArrayUnsafe(plaintext))
        .encryptionContext(m.encryptionContext())
        .grantTokens(grantTokens)
        .build();
  }

  private static EncryptionMaterials encrypted(EncryptionMaterials m, String keyId, EncryptResponse r) {
    if (r.keyId() == null || r.ciphertextBlob() == null) {
      throw new KmsOperationException("Encrypt", keyId, "MalformedResponse", null);
    }
    return m.withEncryptedDataKey(edk(r.keyId(), r.ciphertextBlob()));
  }

  public EncryptionMaterials encrypt(EncryptionMaterials m, String keyId) {
    if (client == null) {
      return Futures.join(encryptAsync(m, keyId));
    }
    byte[] pt = m.dataKey().toByteArray();
    long start = CryptoEvents.start(listener);
    EncryptResponse r;
    try {
      r = client.encrypt(encryptRequest(m, keyId, pt));
    } catch (RuntimeException e) {
      CryptoEvents.kmsCall(listener, KmsOperation.ENCRYPT, keyId, e, start);
      throw mapped("Encrypt", keyId, e);
    } finally {
      Arrays.fill(pt, (byte) 0);
    }
    CryptoEvents.kmsCall(listener, KmsOperation.ENCRYPT, keyId, null, start);
    return encrypted(m, keyId, r);
  }

  public CompletableFuture<EncryptionMaterials> encryptAsync(EncryptionMaterials m, String keyId) {
    if (asyncClient == null) {
      return Futures.supply(() -> encrypt(m, keyId));
    }
    byte[] pt = m.dataKey().toByteArray();
    long start = CryptoEvents.start(listener);
    return asyncClient
        .encrypt(encryptRequest(m, keyId, pt))
        .handle((r, t) -> {
          Arrays.fill(pt, (byte) 0);
          CryptoEvents.kmsCall(listener, KmsOperation.ENCRYPT, keyId, t, start);
          if (t != null) {
            throw mapped("Encrypt", keyId, t);
          }
          return encrypted(m, keyId, r);
        });
  }

  // ------------------------------------------------------------ decrypt

  private DecryptRequest decryptRequest(DecryptionMaterials m, Candidate c) {
    return DecryptRequest.builder()
        .keyId(c.keyArn)
        .ciphertextBlob(SdkBytes.fromByteArrayUnsafe(c.edk.ciphertext()))
        .encryptionContext(m.encryptionContext())
        .grantTokens(grantTokens)
        .build();
  }

  /** The key KMS returned, or null (with the reason in {@code failures}) if it is not this candidate's. */
  private static DecryptionMaterials decrypted(
      DecryptionMaterials m, Candidate c, DecryptResponse r, DataKeyFailures failures) {
    byte[] raw = r.plaintext() == null ? new byte[0] : r.plaintext().asByteArrayUnsafe();
    try {
      if (!c.keyArn.equals(r.keyId()) || raw.length != m.suite().dataKeyLengthBytes()) {
        failures.add(new DataKeyFailure(c.edk, "KMS answered with key " + r.keyId() + " and a data key of "
            + raw.length + " bytes, expected this key and " + m.suite().dataKeyLengthBytes() + " bytes", false), null);
        return null;
      }
      return m.withDataKey(DataKey.copyOf(raw), c.keyArn);
    } finally {
      Arrays.fill(raw, (byte) 0);
    }
  }

  /**
   * Tries each candidate in order until one decrypts. If none does, throws the {@link
   * dev.cirrus.crypto.DataKeyDecryptionException} that says why for each; with no candidates, returns
   * {@code m} unchanged.
   */
  public DecryptionMaterials decrypt(DecryptionMaterials m, List<Candidate> candidates) {
    if (client == null) {
      return Futures.join(decryptAsync(m, candidates));
    }
    DataKeyFailures failures = new DataKeyFailures();
    for (Candidate c : candidates) {
      DecryptResponse r;
      long start = CryptoEvents.start(listener);
      try {
        r = client.decrypt(decryptRequest(m, c));
      } catch (RuntimeException e) {
        CryptoEvents.kmsCall(listener, KmsOperation.DECRYPT, c.keyArn, e, start);
        failures.add(KmsErrors.failure(c.edk, e), e);
        continue;
      }
      CryptoEvents.kmsCall(listener, KmsOperation.DECRYPT, c.keyArn, null, start);
      DecryptionMaterials out = decrypted(m, c, r, failures);
      if (out != null) {
        return out;
      }
    }
    failures.throwIfAny();
    return m;
  }

  public CompletableFuture<DecryptionMaterials> decryptAsync(DecryptionMaterials m, List<Candidate> candidates) {
    if (asyncClient == null) {
      return Futures.supply(() -> decrypt(m, candidates));
    }
    return tryFrom(m, candidates, 0, new DataKeyFailures());
  }

  private CompletableFuture<DecryptionMaterials> tryFrom(
      DecryptionMaterials m, List<Candidate> candidates, int i, DataKeyFailures failures) {
    if (i == candidates.size()) {
      return Futures.supply(() -> {
        failures.throwIfAny();
        return m;
      });
    }
    Candidate c = candidates.get(i);
    long start = CryptoEvents.start(listener);
    return asyncClient
        .decrypt(decryptRequest(m, c))
        .handle((r, t) -> {
          CryptoEvents.kmsCall(listener, KmsOperation.DECRYPT, c.keyArn, t, start);
          if (t == null) {
            return decrypted(m, c, r, failures);
          }
          failures.add(KmsErrors.failure(c.edk, t), Futures.unwrap(t));
          return null;
        })
        .thenCompose(out -> out != null ? CompletableFuture.completedFuture(out) : tryFrom(m, candidates, i + 1, failures));
  }

  // ------------------------------------------------------------ errors

  /** Maps an SDK failure to a {@link KmsOperationException}; Cirrus exceptions pass through. */
  static RuntimeException mapped(String operation, String keyId, Throwable t) {
    Throwable c = Futures.unwrap(t);
    if (c instanceof CryptoException) {
      return (CryptoException) c;
    }
    String code = KmsErrors.errorCode(c);
    if (code != null) {
      return new KmsOperationException(operation, keyId, code, c);
    }
    if (c instanceof Error) {
      throw (Error) c;
    }
    return new KmsOperationException(operation, keyId, c.getClass().getSimpleName(), c);
  }
}
