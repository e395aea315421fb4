package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.EncryptedDataKey;
import dev.cirrus.crypto.EncryptionMaterials;
import dev.cirrus.crypto.InvalidCiphertextException;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One-shot encryption and decryption of whole messages held in arrays. Framed body layout
 * (data-format/message-body.md), with IV length 12 and tag length 16:
 *
 * <pre>
 * regular frame: u32 sequence number | 12 IV | frameLength ciphertext | 16 tag
 * final frame:   FF FF FF FF | u32 sequence number | 12 IV | u32 length n | n ciphertext | 16 tag
 * non-framed:    12 IV | u64 length n | n ciphertext | 16 tag
 * footer (signed suites only): u16 signature length | DER ECDSA signature over header and body
 * </pre>
 */
public final class MessageCodec {
  private static final int TAG = Primitives.GCM_TAG_BYTES;
  private static final int IV = Primitives.GCM_IV_BYTES;

  private MessageCodec() {}

  /** Bytes of ciphertext framing for {@code plaintextLength} bytes at {@code frameLength}. */
  static long bodyLength(long plaintextLength, int frameLength) {
    long regular = plaintextLength == 0 ? 0 : (plaintextLength - 1) / frameLength;
    long finalLen = plaintextLength - regular * frameLength;
    return regular * (4 + IV + frameLength + TAG) + 4 + 4 + IV + 4 + finalLen + TAG;
  }

  /** A fresh random message id of the suite's length. */
  static byte[] newMessageId(AlgorithmSuite suite) {
    byte[] id = new byte[suite.messageFormatVersion() == 2 ? 32 : 16];
    Primitives.messageIdBytes(id);
    return id;
  }

  /**
   * The header body of the last message this thread started, with zero message id and commitment, keyed
   * by the identity of its inputs. The context map and data key list of materials are immutable, and a
   * caching materials manager hands out the same instances for every message under one data key, so
   * the context is serialised and the header laid out once per data key rather than once per message.
   */
  private static final class HeaderTemplate {
    AlgorithmSuite suite;
    Map<String, String> context;
    List<EncryptedDataKey> edks;
    int frameLength;
    byte[] body;
  }

  private static final ThreadLocal<HeaderTemplate> TEMPLATE = ThreadLocal.withInitial(HeaderTemplate::new);
  private static final byte[] ZERO_32 = new byte[32];
  /** Offset of the message id in a version 2 header: version (1) and suite id (2) precede it. */
  private static final int V2_MESSAGE_ID_OFFSET = 3;

  /** The header body for {@code materials} with zero message id and commitment; callers MUST NOT modify it. */
  static byte[] headerTemplate(EncryptionMaterials materials, int frameLength) {
    HeaderTemplate t = TEMPLATE.get();
    AlgorithmSuite suite = materials.suite();
    Map<String, String> context = materials.encryptionContext();
    List<EncryptedDataKey> edks = materials.encryptedDataKeys();
    if (t.suite != suite || t.context != context || t.edks != edks || t.frameLength != frameLength) {
      byte[] body =
          HeaderCodec.writeV2Body(
              suite, ZERO_32, EncryptionContextCodec.serialize(context), edks, frameLength, ZERO_32);
      t.suite = suite;
      t.context = context;
      t.edks = edks;
      t.frameLength = frameLength;
      t.body = body;
    }
    return t.body;
  }

  /**
   * Writes the header for {@code materials} (a fresh message id, the commitment, the tag) into {@code
   * out} at 0 and returns the message cipher; the header is {@code headerTemplate(..).length + 16} bytes.
   */
  static MessageCipher startMessage(
      EncryptionMaterials materials, int frameLength, byte[] template, byte[] out, Jca jca,
      javax.crypto.Cipher cipher) {
    return startMessage(materials, frameLength, template, out, jca, cipher, newMessageId(materials.suite()));
  }

  private static MessageCipher startMessage(
      EncryptionMaterials materials, int frameLength, byte[] template, byte[] out, Jca jca,
      javax.crypto.Cipher cipher, byte[] messageId) {
    AlgorithmSuite suite = materials.suite();
    byte[] commitment = new byte[32];
    MessageCipher mc = MessageCipher.forEncrypt(suite, materials.dataKey(), messageId, commitment, jca, cipher);
    int bodyLength = template.length;
    System.arraycopy(template, 0, out, 0, bodyLength);
    System.arraycopy(messageId, 0, out, V2_MESSAGE_ID_OFFSET, messageId.length);
    System.arraycopy(commitment, 0, out, bodyLength - commitment.length, commitment.length);
    mc.headerTag(out, bodyLength, out, bodyLength);
    return mc;
  }

  /**
   * Builds the header for {@code materials} and returns the message cipher, with the serialized header
   * in {@code headerOut[0]}.
   */
  static MessageCipher startMessage(
      EncryptionMaterials materials, int frameLength, byte[][] headerOut, Jca jca, javax.crypto.Cipher cipher) {
    byte[] template = headerTemplate(materials, frameLength);
    byte[] header = new byte[template.length + TAG];
    MessageCipher mc = startMessage(materials, frameLength, template, header, jca, cipher);
    headerOut[0] = header;
    return mc;
  }

  /**
   * Encrypts {@code plaintext[off, off + len)} into one message with this thread's cipher of {@code jca}.
   *
   * @throws IllegalArgumentException if the message would exceed 2^32 - 1 frames or 2 GiB
   */
  public static byte[] encrypt(
      Jca jca, EncryptionMaterials materials, int frameLength, byte[] plaintext, int off, int len) {
    return encrypt(jca, materials, frameLength, plaintext, off, len, FrameWorkers.SEQUENTIAL);
  }

  /** Like {@link #encrypt(Jca, EncryptionMaterials, int, byte[], int, int)}, frames sealed by {@code workers}. */
  public static byte[] encrypt(
      Jca jca, EncryptionMaterials materials, int frameLength, byte[] plaintext, int off, int len,
      FrameWorkers workers) {
    return encrypt(jca, materials, frameLength, plaintext, off, len, workers, newMessageId(materials.suite()));
  }

  /** The encrypt above with a given message id: a seam for tests that compare whole messages. */
  static byte[] encrypt(
      Jca jca, EncryptionMaterials materials, int frameLength, byte[] plaintext, int off, int len,
      FrameWorkers workers, byte[] messageId) {
    long frames = len == 0 ? 1 : (len - 1L) / frameLength + 1;
    if (frames > MessageCipher.MAX_FRAMES) {
      throw new IllegalArgumentException(
          "plaintext of " + len + " bytes at frameLengthBytes " + frameLength + " needs " + frames
              + " frames, the format allows at most 4294967295");
    }
    byte[] template = headerTemplate(materials, frameLength);
    int headerLength = template.length + TAG;
    boolean signed = materials.suite().isSigned();
    long total = headerLength + bodyLength(len, frameLength) + (signed ? 2 + Ecdsa.MAX_SIGNATURE_BYTES : 0);
    if (total > Integer.MAX_VALUE - 16) {
      throw new IllegalArgumentException(
          "ciphertext would be " + total + " bytes; use a stream for messages over 2 GiB");
    }
    byte[] out = new byte[(int) total];
    MessageCipher mc = startMessage(materials, frameLength, template, out, jca, jca.gcm(), messageId);
    int p = FramedBodies.seal(workers, mc, frameLength, plaintext, off, len, out, headerLength);
    if (!signed) {
      return out;
    }
    byte[] sig = sign(jca, materials.signingKey(), out, 0, p);
    Wire.putU16(out, p, sig.length);
    System.arraycopy(sig, 0, out, p + 2, sig.length);
    return Arrays.copyOf(out, p + 2 + sig.length);
  }

  static byte[] sign(Jca jca, java.security.PrivateKey key, byte[] data, int off, int len) {
    try {
      Signature s = jca.newSignature();
      s.initSign(key);
      s.update(data, off, len);
      return s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ECDSA signing failed", e);
    }
  }

  /**
   * Decrypts the body of a message whose header (already verified) ends at {@code src.position()}.
   * First walks the frames to validate every length and sequence number and size the output exactly,
   * then decrypts; then checks the footer signature. Nothing is returned unless all checks pass.
   *
   * @param headerBytes the serialized header, for the signature
   * @throws InvalidCiphertextException on any malformed, truncated, extended or unauthentic input
   */
  public static byte[] decryptBody(
      MessageHeader header,
      MessageCipher mc,
      byte[] msg,
      int bodyStart,
      int msgEnd,
      PublicKey verificationKey,
      FrameWorkers workers) {
    byte[] out;
    int bodyEnd;
    if (header.contentType == MessageHeader.CONTENT_NON_FRAMED) {
      int n = nonFramedLength(msg, bodyStart, msgEnd);
      bodyEnd = bodyStart + IV + 8 + n + TAG;
      checkFooter(header, msg, bodyEnd, msgEnd);
      out = new byte[n];
      mc.openSingleBlock(msg, bodyStart, msg, bodyStart + IV + 8, n, out, 0);
    } else {
      FramedBody body = scanFrames(header.frameLength, msg, bodyStart, msgEnd);
      bodyEnd = body.end();
      checkFooter(header, msg, bodyEnd, msgEnd);
      if (body.plaintextLength() > Integer.MAX_VALUE - 16) {
        throw new InvalidCiphertextException();
      }
      out = new byte[(int) body.plaintextLength()];
      FramedBodies.open(workers, mc, header.frameLength, msg, bodyStart, body.frames(), out);
    }
    if (header.suite.isSigned()) {
      try {
        verify(mc.jca(), verificationKey, msg, 0, bodyEnd, msg, bodyEnd + 2, msgEnd - bodyEnd - 2);
      } catch (RuntimeException e) {
        // Verified frames whose message signature fails are not released, and not left in the heap either.
        Arrays.fill(out, (byte) 0);
        throw e;
      }
    }
    return out;
  }

  /** The checked ciphertext length of the non-framed body at {@code p}, which must fit before {@code msgEnd}. */
  private static int nonFramedLength(byte[] msg, int p, int msgEnd) {
    if (msgEnd - p < IV + 8) {
      throw new InvalidCiphertextException();
    }
    long n = Wire.u64(msg, p + IV);
    if (n < 0 || n > MessageCipher.MAX_NON_FRAMED_BYTES || n > msgEnd - p - IV - 8 - TAG) {
      throw new InvalidCiphertextException();
    }
    return (int) n;
  }

  /** Where a framed body ends and how much plaintext it holds, found before anything is allocated. */
  private record FramedBody(int end, long plaintextLength, long frames) {}

  /**
   * Walks the frames from {@code p} without decrypting, checking every sequence number and length
   * against {@code frameLength} and the bytes left before {@code msgEnd}.
   */
  private static FramedBody scanFrames(long frameLength, byte[] msg, int p, int msgEnd) {
    long plaintext = 0;
    long seq = 1;
    while (true) {
      if (msgEnd - p < 4) {
        throw new InvalidCiphertextException();
      }
      long s = Wire.u32(msg, p);
      if (s == 0xFFFFFFFFL) {
        if (msgEnd - p < 8 + IV + 4 || Wire.u32(msg, p + 4) != seq) {
          throw new InvalidCiphertextException();
        }
        long n = Wire.u32(msg, p + 8 + IV);
        if (n > frameLength || n > msgEnd - p - (8 + IV + 4) - TAG) {
          throw new InvalidCiphertextException();
        }
        plaintext += n;
        p += 8 + IV + 4 + (int) n + TAG;
        return new FramedBody(p, plaintext, seq);
      }
      if (s != seq || seq == MessageCipher.MAX_FRAMES || frameLength > msgEnd - p - 4 - IV - TAG) {
        throw new InvalidCiphertextException();
      }
      plaintext += frameLength;
      p += 4 + IV + (int) frameLength + TAG;
      seq++;
    }
  }

  private static void checkFooter(MessageHeader header, byte[] msg, int bodyEnd, int msgEnd) {
    if (!header.suite.isSigned()) {
      if (bodyEnd != msgEnd) {
        throw new InvalidCiphertextException();
      }
      return;
    }
    if (msgEnd - bodyEnd < 2 || Wire.u16(msg, bodyEnd) != msgEnd - bodyEnd - 2) {
      throw new InvalidCiphertextException();
    }
  }

  /** Verifies a footer signature over {@code data}; the message digest covers header and body. */
  static void verify(Jca jca, PublicKey key, byte[] data, int off, int len, byte[] sig, int sigOff, int sigLen) {
    try {
      Signature s = jca.newSignature();
      s.initVerify(key);
      s.update(data, off, len);
      if (!s.verify(sig, sigOff, sigLen)) {
        throw new InvalidCiphertextException();
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new InvalidCiphertextException(e);
    }
  }
}
