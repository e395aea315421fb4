package dev.cirrus.dynamo.internal;

/**
 * The stable hash behind calculated shard suffixes. Its output is part of the on-disk data layout of users'
 * tables, so it MUST never change: FNV-1a 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3) over
 * the UTF-8 bytes of the text (unpaired surrogates encoded as '?', like Java's encoder), then MurmurHash3's
 * fmix64 finaliser so that the low bits used by the modulo depend on every input byte, then the unsigned
 * remainder modulo the shard count.
 */
public final class ShardHash {
  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private ShardHash() {
  }

  /** The 64-bit hash of {@code text}'s UTF-8 bytes. */
  public static long hash64(CharSequence text) {
    long h = FNV_OFFSET;
    int len = text.length();
    for (int i = 0; i < len; i++) {
      char c = text.charAt(i);
      if (c < 0x80) {
        h = (h ^ c) * FNV_PRIME;
      } else if (c < 0x800) {
        h = (h ^ (0xC0 | (c >> 6))) * FNV_PRIME;
        h = (h ^ (0x80 | (c & 0x3F))) * FNV_PRIME;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(text.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, text.charAt(++i));
        h = (h ^ (0xF0 | (cp >> 18))) * FNV_PRIME;
        h = (h ^ (0x80 | ((cp >> 12) & 0x3F))) * FNV_PRIME;
        h = (h ^ (0x80 | ((cp >> 6) & 0x3F))) * FNV_PRIME;
        h = (h ^ (0x80 | (cp & 0x3F))) * FNV_PRIME;
      } else if (Character.isSurrogate(c)) {
        h = (h ^ '?') * FNV_PRIME;
      } else {
        h = (h ^ (0xE0 | (c >> 12))) * FNV_PRIME;
        h = (h ^ (0x80 | ((c >> 6) & 0x3F))) * FNV_PRIME;
        h = (h ^ (0x80 | (c & 0x3F))) * FNV_PRIME;
      }
    }
    return fmix64(h);
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  /** The shard index in {@code [0, shardCount)}. */
  public static int shard(CharSequence text, int shardCount) {
    return (int) Long.remainderUnsigned(hash64(text), shardCount);
  }

  /**
   * The product of the text's Unicode code points modulo {@code shardCount}, as in AWS's write-sharding example.
   * Computed incrementally modulo the count, which gives the same remainder as the exact product.
   */
  public static int productOfCodePoints(CharSequence text, int shardCount) {
    long p = 1 % shardCount;
    int len = text.length();
    for (int i = 0; i < len; ) {
      int cp = Character.codePointAt(text, i);
      p = (p * (cp % shardCount)) % shardCount;
      i += Character.charCount(cp);
    }
    return (int) p;
  }
}
