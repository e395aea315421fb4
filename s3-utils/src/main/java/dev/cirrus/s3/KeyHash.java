package dev.cirrus.s3;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Objects;

/**
 * A stable 64-bit hash of a logical S3 key, used to derive a load-spreading key prefix.
 *
 * <p>Both definitions are frozen: a key hashed by one release of Cirrus hashes to the same value in every
 * later release, so objects written with a hashed prefix can always be found again.
 *
 * <ul>
 *   <li>{@link #WORD64_MIX} (the default of {@link HashedKeyScheme}): over the UTF-8 bytes of the key, read as
 *       little-endian 64-bit words (a last partial word zero-padded), starting from
 *       {@code h = 0x9e3779b97f4a7c15}, for each word {@code w}: {@code w *= 0xff51afd7ed558ccd;
 *       w ^= w >>> 32; h = rotateLeft(h ^ w, 29) * 0xc4ceb9fe1a85ec53}; then {@code h ^= byteCount} and the
 *       MurmurHash3 64-bit finalizer {@code h ^= h >>> 33; h *= 0xff51afd7ed558ccd; h ^= h >>> 33;
 *       h *= 0xc4ceb9fe1a85ec53; h ^= h >>> 33}. Eight bytes per multiply, no allocation; not cryptographic.
 *   <li>{@link #FNV1A64_MIX}: FNV-1a 64 over the UTF-8 bytes of the
 *       key (offset basis {@code 0xcbf29ce484222325}, prime {@code 0x100000001b3}), followed by the MurmurHash3
 *       64-bit finalizer {@code h ^= h >>> 33; h *= 0xff51afd7ed558ccd; h ^= h >>> 33; h *= 0xc4ceb9fe1a85ec53;
 *       h ^= h >>> 33}. FNV-1a alone mixes the high bits poorly for short keys, and the prefix is taken from
 *       the high bits, hence the finalizer. A well-known definition, but one multiply per byte: about twice as
 *       slow as WORD64_MIX on 64-byte keys. Not cryptographic.
 *   <li>{@link #MD5}: the first 8 bytes, big-endian, of the MD5 digest of the UTF-8 bytes of the key. This is
 *       the classic guidance from the S3 documentation (before 2018) and matches prefixes produced by scripts
 *       that take the leading hex digits of {@code md5(key)}. Several times slower than WORD64_MIX.
 * </ul>
 *
 * <p>Malformed UTF-16 (an unpaired surrogate) is encoded as {@code '?'}, like {@link String#getBytes}. None of
 * the hashes resists keys chosen by an adversary to collide.
 *
 * <p>This type is immutable and threadsafe.
 */
public enum KeyHash {
  /** 64-bit words, multiply-xorshift and rotate-multiply per word, MurmurHash3 finalizer; the fastest. */
  WORD64_MIX {
    @Override
    public long hash64(CharSequence key) {
      Objects.requireNonNull(key, "key");
      long h = WORD_SEED;
      long word = 0;
      int shift = 0;
      long bytes = 0;
      int n = key.length();
      int i = 0;
      while (i < n) {
        if (shift == 0 && i + 8 <= n) {
          long w = asciiWord(key, i);
          if (w >= 0) {
            h = mixWord(h, w);
            i += 8;
            bytes += 8;
            continue;
          }
        }
        long utf8 = utf8(key, i, n);
        int encoded = (int) utf8;
        int count = (int) (utf8 >>> 32);
        i += count == 4 ? 2 : 1; // four bytes: a surrogate pair, two chars
        for (int k = 0; k < count; k++) {
          word |= ((encoded >>> (8 * k)) & 0xffL) << shift;
          shift += 8;
          bytes++;
          if (shift == 64) {
            h = mixWord(h, word);
            word = 0;
            shift = 0;
          }
        }
      }
      if (shift != 0) {
        h = mixWord(h, word);
      }
      return fmix64(h ^ bytes);
    }
  },
  /** FNV-1a 64 with the MurmurHash3 finalizer; well known, one multiply per byte. */
  FNV1A64_MIX {
    @Override
    public long hash64(CharSequence key) {
      Objects.requireNonNull(key, "key");
      long h = FNV_OFFSET;
      int n = key.length();
      for (int i = 0; i < n; i++) {
        char c = key.charAt(i);
        if (c < 0x80) {
          h = (h ^ c) * FNV_PRIME;
        } else if (c < 0x800) {
          h = (h ^ (0xc0 | (c >>> 6))) * FNV_PRIME;
          h = (h ^ (0x80 | (c & 0x3f))) * FNV_PRIME;
        } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, key.charAt(++i));
          h = (h ^ (0xf0 | (cp >>> 18))) * FNV_PRIME;
          h = (h ^ (0x80 | ((cp >>> 12) & 0x3f))) * FNV_PRIME;
          h = (h ^ (0x80 | ((cp >>> 6) & 0x3f))) * FNV_PRIME;
          h = (h ^ (0x80 | (cp & 0x3f))) * FNV_PRIME;
        } else if (Character.isSurrogate(c)) {
          h = (h ^ '?') * FNV_PRIME;
        } else {
          h = (h ^ (0xe0 | (c >>> 12))) * FNV_PRIME;
          h = (h ^ (0x80 | ((c >>> 6) & 0x3f))) * FNV_PRIME;
          h = (h ^ (0x80 | (c & 0x3f))) * FNV_PRIME;
        }
      }
      return fmix64(h);
    }
  },
  /** The first 8 bytes of MD5, big-endian; the classic S3 guidance. */
  MD5 {
    @Override
    public long hash64(CharSequence key) {
      Objects.requireNonNull(key, "key");
      byte[] d = md5().digest(key.toString().getBytes(StandardCharsets.UTF_8));
      long h = 0;
      for (int i = 0; i < 8; i++) {
        h = (h << 8) | (d[i] & 0xff);
      }
      return h;
    }
  };

  private static final long WORD_SEED = 0x9e3779b97f4a7c15L;
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  /**
   * Returns the 64-bit hash of {@code key} as defined for this constant.
   *
   * @param key the logical key
   * @return the hash; prefixes are taken from its high bits
   * @throws NullPointerException if key is null
   */
  public abstract long hash64(CharSequence key);

  /** Chars {@code i..i+7} as one little-endian word when all are ASCII, else -1 (no ASCII word is negative). */
  private static long asciiWord(CharSequence key, int i) {
    char c0 = key.charAt(i);
    char c1 = key.charAt(i + 1);
    char c2 = key.charAt(i + 2);
    char c3 = key.charAt(i + 3);
    char c4 = key.charAt(i + 4);
    char c5 = key.charAt(i + 5);
    char c6 = key.charAt(i + 6);
    char c7 = key.charAt(i + 7);
    if ((c0 | c1 | c2 | c3 | c4 | c5 | c6 | c7) >= 0x80) {
      return -1;
    }
    return c0 | (long) c1 << 8 | (long) c2 << 16 | (long) c3 << 24 | (long) c4 << 32
        | (long) c5 << 40 | (long) c6 << 48 | (long) c7 << 56;
  }

  /**
   * The UTF-8 encoding of the char at {@code i} (with the next one, when they are a surrogate pair): the bytes,
   * first byte lowest, in the low 32 bits and their count (1 to 4; 4 only for a pair) in the high 32 bits. An
   * unpaired surrogate is {@code '?'}.
   */
  private static long utf8(CharSequence key, int i, int n) {
    char c = key.charAt(i);
    int encoded;
    int count;
    if (c < 0x80) {
      encoded = c;
      count = 1;
    } else if (c < 0x800) {
      encoded = (0xc0 | (c >>> 6)) | (0x80 | (c & 0x3f)) << 8;
      count = 2;
    } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
      int cp = Character.toCodePoint(c, key.charAt(i + 1));
      encoded = (0xf0 | (cp >>> 18)) | (0x80 | ((cp >>> 12) & 0x3f)) << 8 | (0x80 | ((cp >>> 6) & 0x3f)) << 16
          | (0x80 | (cp & 0x3f)) << 24;
      count = 4;
    } else if (Character.isSurrogate(c)) {
      encoded = '?';
      count = 1;
    } else {
      encoded = (0xe0 | (c >>> 12)) | (0x80 | ((c >>> 6) & 0x3f)) << 8 | (0x80 | (c & 0x3f)) << 16;
      count = 3;
    }
    return (long) count << 32 | (encoded & 0xffffffffL);
  }

  private static long mixWord(long h, long w) {
    w *= 0xff51afd7ed558ccdL;
    w ^= w >>> 32;
    return Long.rotateLeft(h ^ w, 29) * 0xc4ceb9fe1a85ec53L;
  }

  private static long fmix64(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
  }
}
