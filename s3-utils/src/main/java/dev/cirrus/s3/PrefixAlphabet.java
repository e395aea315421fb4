package dev.cirrus.s3;

/**
 * The characters used to write a hash prefix.
 *
 * <p>Both alphabets are lower case and sort in the order of the hash bits they encode, so the prefixes of a
 * plan, listed in order, are also in S3's lexicographic key order.
 *
 * <p>This type is immutable and threadsafe.
 */
public enum PrefixAlphabet {
  /** {@code 0-9a-f}: 4 bits per character, at most 16 characters. */
  HEX("0123456789abcdef", 4),
  /** {@code 0-9a-v} (RFC 4648 "base32hex", lower case): 5 bits per character, at most 12 characters. */
  BASE32("0123456789abcdefghijklmnopqrstuv", 5);

  private final String symbols;
  private final int bitsPerChar;

  PrefixAlphabet(String symbols, int bitsPerChar) {
    this.symbols = symbols;
    this.bitsPerChar = bitsPerChar;
  }

  /**
   * Returns the number of distinct characters: 16 or 32.
   *
   * @return the number of distinct characters: 16 or 32
   */
  public int radix() {
    return symbols.length();
  }

  /**
   * Returns the number of hash bits one character carries: 4 or 5.
   *
   * @return the number of hash bits one character carries: 4 or 5
   */
  public int bitsPerChar() {
    return bitsPerChar;
  }

  /**
   * Returns the widest prefix this alphabet can take from a 64-bit hash: 16 (hex) or 12 (base 32).
   *
   * @return the widest prefix this alphabet can take from a 64-bit hash: 16 (hex) or 12 (base 32)
   */
  public int maxWidthChars() {
    return 64 / bitsPerChar;
  }

  /**
   * Returns the characters in order.
   *
   * @return the characters in order
   */
  public String symbols() {
    return symbols;
  }

  /**
   * Returns the number of distinct prefixes of the given width, {@code radix^widthChars}.
   *
   * @param widthChars the number of prefix characters
   * @return the number of distinct prefixes of the given width, {@code radix^widthChars}
   * @throws IllegalArgumentException if widthChars is not between 1 and {@link #maxWidthChars()}, or the count
   *     does not fit a long
   */
  public long prefixCount(int widthChars) {
    checkWidth(widthChars);
    if ((long) widthChars * bitsPerChar > 62) {
      throw new IllegalArgumentException(
          "prefix count for widthChars " + widthChars + " of " + name() + " does not fit a long");
    }
    return 1L << (widthChars * bitsPerChar);
  }

  void checkWidth(int widthChars) {
    if (widthChars < 1 || widthChars > maxWidthChars()) {
      throw new IllegalArgumentException(
          "widthChars must be between 1 and " + maxWidthChars() + " for " + name() + ", was " + widthChars);
    }
  }

  /** Writes the top {@code widthChars * bitsPerChar} bits of {@code hash}. */
  String encode(long hash, int widthChars) {
    char[] out = new char[widthChars];
    for (int i = 0; i < widthChars; i++) {
      int shift = 64 - (i + 1) * bitsPerChar;
      out[i] = symbols.charAt((int) ((hash >>> shift) & (radix() - 1)));
    }
    return new String(out);
  }

  /** Writes {@code index} (0 &lt;= index &lt; prefixCount) as a fixed-width prefix. */
  String encodeIndex(long index, int widthChars) {
    char[] out = new char[widthChars];
    for (int i = widthChars - 1; i >= 0; i--) {
      out[i] = symbols.charAt((int) (index & (radix() - 1)));
      index >>>= bitsPerChar;
    }
    return new String(out);
  }
}
