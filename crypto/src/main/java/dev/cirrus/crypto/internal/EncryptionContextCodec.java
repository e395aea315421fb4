package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.InvalidCiphertextException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Encryption context serialization (framework/structures.md): UInt16 pair count, then per pair UInt16
 * key length, UTF-8 key, UInt16 value length, UTF-8 value, sorted by the keys' UTF-8 bytes. An empty
 * context serializes to zero bytes.
 */
public final class EncryptionContextCodec {
  /** Context keys with this prefix are reserved for the format (e.g. {@code aws-crypto-public-key}). */
  public static final String RESERVED_PREFIX = "aws-crypto-";

  /** Context key carrying the base64 compressed ECDSA public key of signed suites. */
  public static final String PUBLIC_KEY_FIELD = "aws-crypto-public-key";

  private EncryptionContextCodec() {}

  /**
   * Serializes {@code context}.
   *
   * @throws IllegalArgumentException if a key or value exceeds 65535 UTF-8 bytes, or there are more
   *     than 65535 pairs
   */
  public static byte[] serialize(Map<String, String> context) {
    if (context.isEmpty()) {
      return new byte[0];
    }
    if (context.size() > 0xFFFF) {
      throw new IllegalArgumentException(
          "encryption context must have at most 65535 entries, had " + context.size());
    }
    byte[][] keys = new byte[context.size()][];
    byte[][] values = new byte[context.size()][];
    int i = 0;
    int total = 2;
    Map.Entry<?, ?>[] entries = context.entrySet().toArray(new Map.Entry<?, ?>[0]);
    Integer[] order = new Integer[entries.length];
    for (Map.Entry<?, ?> e : entries) {
      keys[i] = utf8((String) e.getKey(), "encryption context key");
      values[i] = utf8((String) e.getValue(), "encryption context value");
      total += 4 + keys[i].length + values[i].length;
      order[i] = i;
      i++;
    }
    Arrays.sort(order, (a, b) -> Arrays.compareUnsigned(keys[a], keys[b]));
    byte[] out = new byte[total];
    Wire.putU16(out, 0, context.size());
    int off = 2;
    for (int idx : order) {
      Wire.putU16(out, off, keys[idx].length);
      System.arraycopy(keys[idx], 0, out, off + 2, keys[idx].length);
      off += 2 + keys[idx].length;
      Wire.putU16(out, off, values[idx].length);
      System.arraycopy(values[idx], 0, out, off + 2, values[idx].length);
      off += 2 + values[idx].length;
    }
    return out;
  }

  private static byte[] utf8(String s, String what) {
    byte[] b = s.getBytes(StandardCharsets.UTF_8);
    if (b.length > 0xFFFF) {
      throw new IllegalArgumentException(what + " must be at most 65535 UTF-8 bytes, was " + b.length);
    }
    return b;
  }

  /**
   * Parses a serialized context of exactly {@code len} bytes.
   *
   * @throws InvalidCiphertextException if the bytes are not a well-formed context
   */
  public static Map<String, String> parse(byte[] b, int off, int len) {
    if (len == 0) {
      return Collections.emptyMap();
    }
    int end = off + len;
    if (len < 2) {
      throw new InvalidCiphertextException();
    }
    int count = Wire.u16(b, off);
    if (count == 0) {
      throw new InvalidCiphertextException();
    }
    int p = off + 2;
    TreeMap<String, String> map = new TreeMap<>();
    for (int i = 0; i < count; i++) {
      if (p + 2 > end) {
        throw new InvalidCiphertextException();
      }
      int kl = Wire.u16(b, p);
      p += 2;
      if (p + kl + 2 > end) {
        throw new InvalidCiphertextException();
      }
      String k = decode(b, p, kl);
      p += kl;
      int vl = Wire.u16(b, p);
      p += 2;
      if (p + vl > end) {
        throw new InvalidCiphertextException();
      }
      String v = decode(b, p, vl);
      p += vl;
      if (map.put(k, v) != null) {
        throw new InvalidCiphertextException();
      }
    }
    if (p != end) {
      throw new InvalidCiphertextException();
    }
    return Collections.unmodifiableMap(map);
  }

  private static String decode(byte[] b, int off, int len) {
    if (isAscii(b, off, len)) {
      // ASCII is valid UTF-8 and decodes byte for byte; only other input needs the strict decoder.
      return new String(b, off, len, StandardCharsets.ISO_8859_1);
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(b, off, len))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidCiphertextException(e);
    }
  }

  /** True if every byte of {@code b[off, off + len)} is below 0x80. */
  static boolean isAscii(byte[] b, int off, int len) {
    for (int i = off, end = off + len; i < end; i++) {
      if (b[i] < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Checks that a caller-supplied context uses no reserved key.
   *
   * @throws IllegalArgumentException naming the first reserved key
   */
  public static void checkNoReservedKeys(Map<String, String> context) {
    for (String k : context.keySet()) {
      if (k.startsWith(RESERVED_PREFIX)) {
        throw new IllegalArgumentException(
            "encryption context keys must not start with \"" + RESERVED_PREFIX + "\" (reserved), was \""
                + k + "\"");
      }
    }
  }
}
