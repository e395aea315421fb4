package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.EncryptedDataKey;
import java.util.List;
import java.util.Map;

/**
 * A parsed or freshly built message header (data-format/message-header.md). Version 2 layout:
 *
 * <pre>
 * offset  size  field
 * 0       1     version = 0x02
 * 1       2     algorithm suite id (0x0478 | 0x0578)
 * 3       32    message id
 * 35      2     AAD length n (0 for an empty context)
 * 37      n     serialized encryption context
 * ..      2     encrypted data key count (> 0)
 * ..      var   per key: u16 provider id length, provider id, u16 info length, info, u16 ct length, ct
 * ..      1     content type (0x01 non-framed, 0x02 framed)
 * ..      4     frame length (0 for non-framed)
 * ..      32    algorithm suite data: the commitment key
 * ..      16    header authentication tag (AES-GCM, IV = 0, AAD = all bytes above, empty plaintext)
 * </pre>
 *
 * Version 1 has instead a 16-byte message id, a type byte 0x80 after the version, 4 reserved zero bytes
 * and an IV-length byte (12) before the frame length, no suite data, and a 12-byte IV before the tag.
 */
public final class MessageHeader {
  public static final int CONTENT_NON_FRAMED = 1;
  public static final int CONTENT_FRAMED = 2;

  final int version;
  final AlgorithmSuite suite;
  final byte[] messageId;
  final Map<String, String> encryptionContext;
  final List<EncryptedDataKey> encryptedDataKeys;
  final int contentType;
  final long frameLength;
  final byte[] commitment;
  final byte[] body;
  final byte[] authIv;
  final byte[] authTag;

  MessageHeader(
      int version,
      AlgorithmSuite suite,
      byte[] messageId,
      Map<String, String> encryptionContext,
      List<EncryptedDataKey> encryptedDataKeys,
      int contentType,
      long frameLength,
      byte[] commitment,
      byte[] body,
      byte[] authIv,
      byte[] authTag) {
    this.version = version;
    this.suite = suite;
    this.messageId = messageId;
    this.encryptionContext = encryptionContext;
    this.encryptedDataKeys = encryptedDataKeys;
    this.contentType = contentType;
    this.frameLength = frameLength;
    this.commitment = commitment;
    this.body = body;
    this.authIv = authIv;
    this.authTag = authTag;
  }

  public AlgorithmSuite suite() {
    return suite;
  }

  public Map<String, String> encryptionContext() {
    return encryptionContext;
  }

  public List<EncryptedDataKey> encryptedDataKeys() {
    return encryptedDataKeys;
  }

  public int contentType() {
    return contentType;
  }

  public long frameLength() {
    return frameLength;
  }

  /** A copy of the message id. */
  public byte[] messageId() {
    return messageId.clone();
  }

  /** Serialized length of body plus authentication. */
  public int serializedLength() {
    return body.length + (authIv == null ? 0 : authIv.length) + authTag.length;
  }

  /** Writes body and authentication into {@code out} at {@code off}; returns bytes written. */
  int writeTo(byte[] out, int off) {
    System.arraycopy(body, 0, out, off, body.length);
    int p = off + body.length;
    if (authIv != null) {
      System.arraycopy(authIv, 0, out, p, authIv.length);
      p += authIv.length;
    }
    System.arraycopy(authTag, 0, out, p, authTag.length);
    return p + authTag.length - off;
  }

  /** The serialized header (body and authentication) as a new array. */
  public byte[] toByteArray() {
    byte[] out = new byte[serializedLength()];
    writeTo(out, 0);
    return out;
  }
}
