package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.EncryptedDataKey;
import dev.cirrus.crypto.InvalidCiphertextException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes message headers. The reader pulls exactly the bytes each field announces and checks
 * every announced length against {@code maxHeaderBytes} before reading (and so before allocating), so a
 * hostile length costs at most that bound.
 */
public final class HeaderCodec {
  private HeaderCodec() {}

  /**
   * Builds a version 2 header body (without the tag) for encryption.
   *
   * @throws IllegalArgumentException if the serialized context exceeds 65535 bytes
   */
  static byte[] writeV2Body(
      AlgorithmSuite suite,
      byte[] messageId,
      byte[] serializedContext,
      List<EncryptedDataKey> edks,
      long frameLength,
      byte[] commitment) {
    if (serializedContext.length > 0xFFFF) {
      throw new IllegalArgumentException(
          "serialized encryption context must be at most 65535 bytes, was " + serializedContext.length);
    }
    if (edks.isEmpty() || edks.size() > 0xFFFF) {
      throw new IllegalArgumentException(
          "encrypted data key count must be between 1 and 65535, was " + edks.size());
    }
    byte[][] pids = new byte[edks.size()][];
    int size = 1 + 2 + 32 + 2 + serializedContext.length + 2 + 1 + 4 + 32;
    for (int i = 0; i < pids.length; i++) {
      EncryptedDataKey e = edks.get(i);
      pids[i] = e.providerId().getBytes(StandardCharsets.UTF_8);
      size += 6 + pids[i].length + e.providerInfoLengthBytes() + e.ciphertextLengthBytes();
    }
    byte[] b = new byte[size];
    b[0] = 2;
    Wire.putU16(b, 1, suite.id());
    System.arraycopy(messageId, 0, b, 3, 32);
    Wire.putU16(b, 35, serializedContext.length);
    System.arraycopy(serializedContext, 0, b, 37, serializedContext.length);
    int p = 37 + serializedContext.length;
    Wire.putU16(b, p, edks.size());
    p += 2;
    for (int i = 0; i < pids.length; i++) {
      EncryptedDataKey e = edks.get(i);
      p = putField(b, p, pids[i]);
      p = putField(b, p, e.providerInfo());
      p = putField(b, p, e.ciphertext());
    }
    b[p++] = MessageHeader.CONTENT_FRAMED;
    Wire.putU32(b, p, frameLength);
    p += 4;
    System.arraycopy(commitment, 0, b, p, 32);
    return b;
  }

  private static int putField(byte[] b, int p, byte[] field) {
    Wire.putU16(b, p, field.length);
    System.arraycopy(field, 0, b, p + 2, field.length);
    return p + 2 + field.length;
  }

  /**
   * Parses a header (body and authentication fields; the tag is not verified here).
   *
   * @param maxHeaderBytes bound on the serialized header size
   * @param maxEncryptedDataKeys bound on the encrypted data key count
   * @throws InvalidCiphertextException if the bytes are not a well-formed supported header
   * @throws IOException if the source fails
   */
  public static MessageHeader parse(ByteSource src, int maxHeaderBytes, int maxEncryptedDataKeys)
      throws IOException {
    return new Reader(src, maxHeaderBytes).parse(maxEncryptedDataKeys);
  }

  private static final class Reader {
    private final ByteSource src;
    /** Set when the message is already in an array: fields are then read in place, not copied. */
    private final ByteSource.ArraySource array;
    private final int max;
    private byte[] buf;
    /** Offset in {@code buf} of the header's first byte. */
    private final int base;
    /** Header bytes consumed so far. */
    private int len;

    Reader(ByteSource src, int max) {
      this.src = src;
      this.max = max;
      if (src instanceof ByteSource.ArraySource) {
        this.array = (ByteSource.ArraySource) src;
        this.buf = array.array;
        this.base = array.pos;
      } else {
        this.array = null;
        this.buf = new byte[512];
        this.base = 0;
      }
    }

    /** Reads {@code n} more bytes into the buffer and returns their offset. */
    private int take(int n) throws IOException {
      if (n > max - len) {
        throw new InvalidCiphertextException();
      }
      if (array != null) {
        if (n > array.end - array.pos) {
          throw new InvalidCiphertextException();
        }
        int off = array.pos;
        array.pos += n;
        len += n;
        return off;
      }
      if (len + n > buf.length) {
        buf = Arrays.copyOf(buf, Math.min(max, Math.max(len + n, buf.length * 2)));
      }
      ByteSource.readFully(src, buf, len, n);
      int off = len;
      len += n;
      return off;
    }

    // take() may replace buf, so it must run before buf is read.
    private int u8() throws IOException {
      int off = take(1);
      return Wire.u8(buf, off);
    }

    private int u16() throws IOException {
      int off = take(2);
      return Wire.u16(buf, off);
    }

    private byte[] field() throws IOException {
      int n = u16();
      int off = take(n);
      return Arrays.copyOfRange(buf, off, off + n);
    }

    /** Copies the next {@code n} bytes out of the header. */
    private byte[] bytes(int n) throws IOException {
      int off = take(n);
      return Arrays.copyOfRange(buf, off, off + n);
    }

    MessageHeader parse(int maxEdks) throws IOException {
      int version = version();
      AlgorithmSuite suite = suite(version);
      byte[] messageId = bytes(version == 2 ? 32 : 16);
      int aadLen = u16();
      int aadOff = take(aadLen);
      Map<String, String> context = EncryptionContextCodec.parse(buf, aadOff, aadLen);
      List<EncryptedDataKey> edks = encryptedDataKeys(maxEdks);
      int contentType = contentType();
      if (version == 1) {
        checkV1Reserved();
      }
      long frameLength = frameLength(contentType);
      byte[] commitment = version == 2 ? bytes(32) : null;
      byte[] body = Arrays.copyOfRange(buf, base, base + len);
      byte[] authIv = version == 1 ? bytes(Primitives.GCM_IV_BYTES) : null;
      byte[] tag = bytes(Primitives.GCM_TAG_BYTES);
      return new MessageHeader(
          version,
          suite,
          messageId,
          context,
          Collections.unmodifiableList(edks),
          contentType,
          frameLength,
          commitment,
          body,
          authIv,
          tag);
    }

    /** Reads the version (and, for version 1, the message type byte). */
    private int version() throws IOException {
      int version = u8();
      if (version != 1 && version != 2) {
        throw new InvalidCiphertextException();
      }
      if (version == 1 && u8() != 0x80) {
        throw new InvalidCiphertextException();
      }
      return version;
    }

    private AlgorithmSuite suite(int version) throws IOException {
      AlgorithmSuite suite = AlgorithmSuite.fromIdOrNull(u16());
      if (suite == null || suite.messageFormatVersion() != version) {
        throw new InvalidCiphertextException();
      }
      return suite;
    }

    private List<EncryptedDataKey> encryptedDataKeys(int maxEdks) throws IOException {
      int count = u16();
      if (count == 0 || count > maxEdks) {
        throw new InvalidCiphertextException();
      }
      List<EncryptedDataKey> edks = new ArrayList<>(Math.min(count, 16));
      for (int i = 0; i < count; i++) {
        String pid = utf8(field());
        byte[] info = field();
        byte[] ct = field();
        edks.add(EncryptedDataKey.of(pid, info, ct));
      }
      return edks;
    }

    private int contentType() throws IOException {
      int contentType = u8();
      if (contentType != MessageHeader.CONTENT_FRAMED && contentType != MessageHeader.CONTENT_NON_FRAMED) {
        throw new InvalidCiphertextException();
      }
      return contentType;
    }

    /** Version 1: four reserved zero bytes, then the IV length, which must be 12. */
    private void checkV1Reserved() throws IOException {
      int r = take(4);
      if ((buf[r] | buf[r + 1] | buf[r + 2] | buf[r + 3]) != 0 || u8() != Primitives.GCM_IV_BYTES) {
        throw new InvalidCiphertextException();
      }
    }

    /** Reads the frame length, which is positive exactly when the content is framed. */
    private long frameLength(int contentType) throws IOException {
      int fl = take(4);
      long frameLength = Wire.u32(buf, fl);
      if ((contentType == MessageHeader.CONTENT_FRAMED) != (frameLength > 0)) {
        throw new InvalidCiphertextException();
      }
      return frameLength;
    }

    private static String utf8(byte[] b) {
      if (EncryptionContextCodec.isAscii(b, 0, b.length)) {
        return new String(b, StandardCharsets.ISO_8859_1);
      }
      try {
        return StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(b))
            .toString();
      } catch (CharacterCodingException e) {
        throw new InvalidCiphertextException(e);
      }
    }
  }
}
