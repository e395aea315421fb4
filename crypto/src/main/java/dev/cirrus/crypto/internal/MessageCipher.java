package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.DataKey;
import dev.cirrus.crypto.InvalidCiphertextException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The per-message AES-GCM state: the content key derived from the data key and message id, and the
 * body AAD templates (data-format/message-body-aad.md): message id || content string || UInt32
 * sequence number || UInt64 plaintext length. Cirrus writes frame IVs as the sequence number,
 * big-endian, in the last four of twelve zero bytes; the header tag uses the all-zero IV.
 *
 * <p>Not thread-safe: one instance serves one message on one thread at a time.
 */
public final class MessageCipher {
  private static final byte[] FRAME = "AWSKMSEncryptionClient Frame".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] FINAL_FRAME =
      "AWSKMSEncryptionClient Final Frame".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] SINGLE_BLOCK =
      "AWSKMSEncryptionClient Single Block".getBytes(StandardCharsets.US_ASCII);

  /** Largest sequence number the format allows (data-format/message-body.md). */
  public static final long MAX_FRAMES = 0xFFFFFFFFL;

  /** Largest non-framed content: 2^36 - 32 bytes. */
  public static final long MAX_NON_FRAMED_BYTES = (1L << 36) - 32;

  private final SecretKeySpec key;
  private final byte[] messageId;
  private final byte[] regularAad;
  private final byte[] finalAad;
  private final byte[] iv = new byte[Primitives.GCM_IV_BYTES];
  private final Cipher cipher;
  private final Jca jca;

  private MessageCipher(SecretKeySpec key, byte[] messageId, Jca jca, Cipher cipher) {
    this.key = key;
    this.messageId = messageId;
    this.jca = jca;
    this.cipher = cipher;
    this.regularAad = template(FRAME);
    this.finalAad = template(FINAL_FRAME);
  }

  private byte[] template(byte[] content) {
    byte[] aad = new byte[messageId.length + content.length + 12];
    System.arraycopy(messageId, 0, aad, 0, messageId.length);
    System.arraycopy(content, 0, aad, messageId.length, content.length);
    return aad;
  }

  /**
   * Derives the content key for a new message and writes the commitment key into {@code commitOut}.
   *
   * @param jca the source of the HKDF Mac and, for signed suites, of the signature engine
   * @param cipher the cipher to use, from {@code jca} ({@link Jca#gcm()} for one-shot calls)
   */
  static MessageCipher forEncrypt(
      AlgorithmSuite suite, DataKey dataKey, byte[] messageId, byte[] commitOut, Jca jca, Cipher cipher) {
    checkLength(suite, dataKey);
    byte[] dk = new byte[suite.dataKeyLengthBytes()];
    byte[] ck = new byte[32];
    try {
      dataKey.copyTo(dk, 0);
      Primitives.derive(jca.mac(suite.hkdfMacAlgorithm()), suite, dk, messageId, ck, commitOut);
      return new MessageCipher(new SecretKeySpec(ck, "AES"), messageId, jca, cipher);
    } finally {
      Arrays.fill(dk, (byte) 0);
      Arrays.fill(ck, (byte) 0);
    }
  }

  /**
   * Derives the content key for a parsed header, checks the key commitment in constant time and
   * verifies the header authentication tag.
   *
   * @param jca the source of the HKDF Mac and, for signed suites, of the signature engine
   * @param cipher the cipher to use, from {@code jca}
   * @throws InvalidCiphertextException if commitment or tag do not match
   */
  public static MessageCipher forDecrypt(MessageHeader header, DataKey dataKey, Jca jca, Cipher cipher) {
    AlgorithmSuite suite = header.suite;
    if (dataKey.lengthBytes() != suite.dataKeyLengthBytes()) {
      throw new InvalidCiphertextException();
    }
    byte[] dk = new byte[suite.dataKeyLengthBytes()];
    byte[] ck = new byte[32];
    byte[] commit = suite.isCommitting() ? new byte[32] : null;
    try {
      dataKey.copyTo(dk, 0);
      Primitives.derive(jca.mac(suite.hkdfMacAlgorithm()), suite, dk, header.messageId, ck, commit);
      if (commit != null && !MessageDigest.isEqual(commit, header.commitment)) {
        throw new InvalidCiphertextException();
      }
      MessageCipher mc = new MessageCipher(new SecretKeySpec(ck, "AES"), header.messageId, jca, cipher);
      mc.verifyHeaderTag(header);
      return mc;
    } finally {
      Arrays.fill(dk, (byte) 0);
      Arrays.fill(ck, (byte) 0);
    }
  }

  private static void checkLength(AlgorithmSuite suite, DataKey dataKey) {
    if (dataKey.lengthBytes() != suite.dataKeyLengthBytes()) {
      throw new IllegalStateException(
          "data key of " + dataKey.lengthBytes() + " bytes, suite " + suite + " needs " + suite.dataKeyLengthBytes());
    }
  }

  /** The JCA source of this message's objects, for its signature engine. */
  Jca jca() {
    return jca;
  }

  /**
   * A cipher for the same message on another thread: it shares this instance's content key (an
   * immutable key object, not a copy, so nothing more holds key bytes and its lifetime is this
   * message's) and message id, with its own AAD buffers, IV and {@code cipher}.
   */
  MessageCipher forkWorker() {
    return new MessageCipher(key, messageId, jca, jca.workerGcm());
  }

  /** Test hook for known-answer tests: the derived content key. */
  byte[] contentKeyForTest() {
    return key.getEncoded();
  }

  /** Writes the header tag over {@code header[0, bodyLength)} into {@code out} at {@code outOff}. */
  void headerTag(byte[] header, int bodyLength, byte[] out, int outOff) {
    try {
      Arrays.fill(iv, (byte) 0);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      cipher.updateAAD(header, 0, bodyLength);
      cipher.doFinal(EMPTY, 0, 0, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  private static final byte[] EMPTY = new byte[0];

  private void verifyHeaderTag(MessageHeader h) {
    try {
      Arrays.fill(iv, (byte) 0);
      if (h.authIv != null) {
        System.arraycopy(h.authIv, 0, iv, 0, iv.length);
      }
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
      cipher.updateAAD(h.body);
      cipher.doFinal(h.authTag);
    } catch (AEADBadTagException e) {
      throw new InvalidCiphertextException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  private byte[] aad(boolean isFinal, long seq, long plaintextLength) {
    byte[] aad = isFinal ? finalAad : regularAad;
    int p = aad.length - 12;
    Wire.putU32(aad, p, seq);
    Wire.putU64(aad, p + 4, plaintextLength);
    return aad;
  }

  private void frameIv(long seq) {
    Arrays.fill(iv, 0, 8, (byte) 0);
    Wire.putU32(iv, 8, seq);
  }

  /** Writes the frame IV for {@code seq} into {@code out} at {@code off}. */
  static void writeFrameIv(byte[] out, int off, long seq) {
    Arrays.fill(out, off, off + 8, (byte) 0);
    Wire.putU32(out, off + 8, seq);
  }

  /** Encrypts one frame's plaintext into ciphertext || tag at {@code out[outOff]}; returns bytes written. */
  int sealFrame(long seq, boolean isFinal, byte[] in, int inOff, int len, byte[] out, int outOff) {
    try {
      frameIv(seq);
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
      cipher.updateAAD(aad(isFinal, seq, len));
      return cipher.doFinal(in, inOff, len, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM failed", e);
    }
  }

  /**
   * Decrypts ciphertext || tag of one frame into {@code out[outOff]} (nothing is written unless the tag
   * verifies: the JDK buffers GCM decryption until the tag checks). The IV is the one serialized in the
   * frame: writers derive it from the sequence number, but published vectors show other encodings that
   * other SDKs accept, and the tag authenticates whatever IV was used.
   *
   * @return the plaintext length
   * @throws InvalidCiphertextException if the tag does not verify
   */
  int openFrame(
      long seq, boolean isFinal, byte[] ivBytes, int ivOff, byte[] in, int inOff, int ctLen, byte[] out, int outOff) {
    try {
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, ivBytes, ivOff, Primitives.GCM_IV_BYTES));
      cipher.updateAAD(aad(isFinal, seq, ctLen));
      return cipher.doFinal(in, inOff, ctLen + Primitives.GCM_TAG_BYTES, out, outOff);
    } catch (AEADBadTagException e) {
      throw new InvalidCiphertextException(e);
    } catch (GeneralSecurityException e) {
      throw new InvalidCiphertextException(e);
    }
  }

  /** Decrypts a non-framed body whose IV is {@code ivBytes[ivOff..+12]}. */
  int openSingleBlock(byte[] ivBytes, int ivOff, byte[] in, int inOff, int ctLen, byte[] out, int outOff) {
    try {
      byte[] aad = new byte[messageId.length + SINGLE_BLOCK.length + 12];
      System.arraycopy(messageId, 0, aad, 0, messageId.length);
      System.arraycopy(SINGLE_BLOCK, 0, aad, messageId.length, SINGLE_BLOCK.length);
      Wire.putU32(aad, aad.length - 12, 1);
      Wire.putU64(aad, aad.length - 8, ctLen);
      cipher.init(
          Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, ivBytes, ivOff, Primitives.GCM_IV_BYTES));
      cipher.updateAAD(aad);
      return cipher.doFinal(in, inOff, ctLen + Primitives.GCM_TAG_BYTES, out, outOff);
    } catch (GeneralSecurityException e) {
      throw new InvalidCiphertextException(e);
    }
  }
}
