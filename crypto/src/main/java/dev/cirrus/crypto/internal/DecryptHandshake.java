package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.CommitmentPolicy;
import dev.cirrus.crypto.CommitmentPolicyException;
import dev.cirrus.crypto.DecryptionMaterials;
import dev.cirrus.crypto.InvalidCiphertextException;
import dev.cirrus.crypto.MaterialsManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The start of every decrypt: the header parsed within the configured bounds, the commitment policy and
 * the caller's required context checked before any KMS call, and (for streams) the data key obtained and
 * the body decryptor set up. Immutable and thread-safe.
 */
public final class DecryptHandshake {
  private final MaterialsManager materials;
  private final CommitmentPolicy policy;
  private final int maxHeaderBytes;
  private final int maxEncryptedDataKeys;
  private final long maxBufferedBytes;
  private final Jca jca;
  private final FrameWorkers workers;

  /** @param jca the source of the streams' ciphers and signature engines */
  public DecryptHandshake(
      MaterialsManager materials, CommitmentPolicy policy, int maxHeaderBytes, int maxEncryptedDataKeys,
      long maxBufferedBytes, Jca jca, FrameWorkers workers) {
    this.jca = jca;
    this.materials = materials;
    this.policy = policy;
    this.maxHeaderBytes = maxHeaderBytes;
    this.maxEncryptedDataKeys = maxEncryptedDataKeys;
    this.maxBufferedBytes = maxBufferedBytes;
    this.workers = workers;
  }

  /** A stream whose header and data key are in hand: its body decryptor and what the header said. */
  public record StreamStart(StreamDecryptor body, MessageHeader header, String keyId) {}

  /** Parses and checks the header of a whole message held in {@code src}. */
  public MessageHeader parseHeader(ByteSource src, Map<String, String> requiredContext) {
    MessageHeader h;
    try {
      h = HeaderCodec.parse(src, maxHeaderBytes, maxEncryptedDataKeys);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    checkHeader(h, requiredContext);
    return h;
  }

  private void checkHeader(MessageHeader h, Map<String, String> requiredContext) {
    if (!policy.allowsDecrypt(h.suite())) {
      throw new CommitmentPolicyException(h.suite(), policy);
    }
    for (Map.Entry<String, String> e : requiredContext.entrySet()) {
      if (!e.getValue().equals(h.encryptionContext().get(e.getKey()))) {
        throw new InvalidCiphertextException();
      }
    }
  }

  /**
   * Reads and checks the header from {@code in}, obtains the data key and returns the body decryptor;
   * the data key is destroyed before this returns (the decryptor holds derived keys only).
   *
   * @param untilSignature true to withhold all plaintext of a signed message until its signature verified
   */
  public StreamStart startStream(InputStream in, Map<String, String> requiredContext, boolean untilSignature)
      throws IOException {
    MessageHeader h = HeaderCodec.parse(in::read, maxHeaderBytes, maxEncryptedDataKeys);
    checkHeader(h, requiredContext);
    DecryptionMaterials dm =
        materials.decryptionMaterials(h.suite(), h.encryptionContext(), h.encryptedDataKeys());
    try {
      MessageCipher mc = MessageCipher.forDecrypt(h, dm.dataKey(), jca, jca.newGcm());
      StreamDecryptor body =
          new StreamDecryptor(in, h, mc, dm.verificationKey(), untilSignature, maxBufferedBytes, workers);
      return new StreamStart(body, h, dm.keyId());
    } finally {
      dm.dataKey().destroy();
    }
  }
}
