package dev.cirrus.s3;

import java.util.AbstractList;
import java.util.List;
import java.util.Objects;

/**
 * Builds S3 keys that spread load over many prefixes, and recovers the logical key from a stored key.
 *
 * <p>Layout: {@code categoryPrefix + hashPrefix + separator + logicalKey}, for example with category
 * {@code "logs/"}, width 2 hex and separator {@code "/"}: {@code logs/7f/2024/01/05/host-1.gz}. The hash prefix
 * is the top {@code widthChars × bitsPerChar} bits of {@link KeyHash#hash64} of the logical key (the category
 * is not hashed), written in the {@link PrefixAlphabet}.
 *
 * <p>Defaults: hash {@link KeyHash#WORD64_MIX}, alphabet {@link PrefixAlphabet#HEX}, width 2, no category,
 * separator {@code "/"}. Changing any of these for existing data moves every key: pick them once.
 *
 * <p>This class is immutable and threadsafe.
 */
public final class HashedKeyScheme {
  private final KeyHash hash;
  private final PrefixAlphabet alphabet;
  private final int widthChars;
  private final String categoryPrefix;
  private final String separator;

  private HashedKeyScheme(Builder b) {
    this.hash = b.hash;
    this.alphabet = b.alphabet;
    this.widthChars = b.widthChars;
    this.categoryPrefix = b.categoryPrefix;
    this.separator = b.separator;
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this scheme's settings.
   *
   * @return a builder holding this scheme's settings
   */
  public Builder toBuilder() {
    return new Builder().hash(hash).alphabet(alphabet).widthChars(widthChars)
        .categoryPrefix(categoryPrefix).separator(separator);
  }

  /**
   * Returns the hash.
   *
   * @return the hash
   */
  public KeyHash hash() {
    return hash;
  }

  /**
   * Returns the alphabet.
   *
   * @return the alphabet
   */
  public PrefixAlphabet alphabet() {
    return alphabet;
  }

  /**
   * Returns the width of the hash prefix in characters.
   *
   * @return the width of the hash prefix in characters
   */
  public int widthChars() {
    return widthChars;
  }

  /**
   * Returns the fixed prefix placed before the hash prefix; empty if none.
   *
   * @return the fixed prefix placed before the hash prefix; empty if none
   */
  public String categoryPrefix() {
    return categoryPrefix;
  }

  /**
   * Returns the separator placed between the hash prefix and the logical key.
   *
   * @return the separator placed between the hash prefix and the logical key
   */
  public String separator() {
    return separator;
  }

  /**
   * Returns the hash prefix (without category or separator) of {@code logicalKey}.
   *
   * @param logicalKey the key before hashing
   * @return the hash prefix (without category or separator) of {@code logicalKey}
   * @throws NullPointerException if logicalKey is null
   */
  public String hashPrefix(CharSequence logicalKey) {
    return alphabet.encode(hash.hash64(logicalKey), widthChars);
  }

  /**
   * Returns the S3 key for {@code logicalKey}.
   *
   * @param logicalKey the key before hashing
   * @return the S3 key for {@code logicalKey}
   * @throws NullPointerException if logicalKey is null
   * @throws IllegalArgumentException if the resulting key fails {@link S3Keys#validate}, for example because
   *     it is longer than 1,024 UTF-8 bytes
   */
  public String key(String logicalKey) {
    Objects.requireNonNull(logicalKey, "logicalKey");
    return S3Keys.validate(categoryPrefix + hashPrefix(logicalKey) + separator + logicalKey);
  }

  /**
   * Returns the logical key stored under {@code storedKey}, checking its category and hash prefix.
   *
   * @param storedKey a key built by this scheme
   * @return the logical key stored under {@code storedKey}, checking its category and hash prefix
   * @throws NullPointerException if storedKey is null
   * @throws IllegalArgumentException if storedKey was not produced by this scheme (wrong category, separator
   *     or hash prefix)
   */
  public String logicalKey(String storedKey) {
    Objects.requireNonNull(storedKey, "storedKey");
    int start = categoryPrefix.length() + widthChars + separator.length();
    if (storedKey.length() < start
        || !storedKey.startsWith(categoryPrefix)
        || !storedKey.startsWith(separator, categoryPrefix.length() + widthChars)) {
      throw new IllegalArgumentException(
          "storedKey must look like \"" + categoryPrefix + "<" + widthChars + " chars>" + separator
              + "<logical key>\", was \"" + storedKey + "\"");
    }
    String logical = storedKey.substring(start);
    String expected = hashPrefix(logical);
    String actual = storedKey.substring(categoryPrefix.length(), categoryPrefix.length() + widthChars);
    if (!expected.equals(actual)) {
      throw new IllegalArgumentException(
          "storedKey hash prefix must be \"" + expected + "\" for logical key \"" + logical + "\", was \""
              + actual + "\"");
    }
    return logical;
  }

  /**
   * Returns the number of distinct hash prefixes, {@code radix^widthChars}.
   *
   * @return the number of distinct hash prefixes, {@code radix^widthChars}
   */
  public long prefixCount() {
    return alphabet.prefixCount(widthChars);
  }

  /**
   * Returns every listing prefix ({@code categoryPrefix + hashPrefix + separator}) in key order, for
   * pre-creating listings or spreading ListObjectsV2 calls. The list is computed on access, not stored.
   *
   * @return every listing prefix, in key order
   * @throws IllegalStateException if there are more than {@link Integer#MAX_VALUE} prefixes
   */
  public List<String> listingPrefixes() {
    long count = prefixCount();
    if (count > Integer.MAX_VALUE) {
      throw new IllegalStateException("prefixCount must be at most " + Integer.MAX_VALUE + ", was " + count);
    }
    int size = (int) count;
    return new AbstractList<>() {
      @Override
      public String get(int index) {
        Objects.checkIndex(index, size);
        return categoryPrefix + alphabet.encodeIndex(index, widthChars) + separator;
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  @Override
  public String toString() {
    return "HashedKeyScheme{hash=" + hash + ", alphabet=" + alphabet + ", widthChars=" + widthChars
        + ", categoryPrefix=\"" + categoryPrefix + "\", separator=\"" + separator + "\"}";
  }

  /**
   * Builds a {@link HashedKeyScheme}. {@link #build()} copies the settings, so a reused builder never changes
   * a scheme it built. This class is not threadsafe.
   */
  public static final class Builder {
    private KeyHash hash = KeyHash.WORD64_MIX;
    private PrefixAlphabet alphabet = PrefixAlphabet.HEX;
    private int widthChars = 2;
    private String categoryPrefix = "";
    private String separator = "/";

    private Builder() {}

    /**
     * Sets the hash. By default {@link KeyHash#WORD64_MIX}.
     *
     * @param hash the hash function
     * @return this builder
     */
    public Builder hash(KeyHash hash) {
      this.hash = Objects.requireNonNull(hash, "hash");
      return this;
    }

    /**
     * Sets the alphabet. By default {@link PrefixAlphabet#HEX}.
     *
     * @param alphabet the prefix alphabet
     * @return this builder
     */
    public Builder alphabet(PrefixAlphabet alphabet) {
      this.alphabet = Objects.requireNonNull(alphabet, "alphabet");
      return this;
    }

    /**
     * Sets the hash prefix width in characters, checked against the alphabet in {@link #build()}. By default 2.
     *
     * @param widthChars the number of prefix characters
     * @return this builder
     */
    public Builder widthChars(int widthChars) {
      if (widthChars < 1 || widthChars > 16) {
        throw new IllegalArgumentException("widthChars must be between 1 and 16, was " + widthChars);
      }
      this.widthChars = widthChars;
      return this;
    }

    /**
     * Sets the fixed prefix placed before the hash prefix, e.g. {@code "logs/"}. By default empty.
     *
     * @param categoryPrefix the fixed prefix before the hash, possibly empty
     * @return this builder
     */
    public Builder categoryPrefix(String categoryPrefix) {
      this.categoryPrefix = Objects.requireNonNull(categoryPrefix, "categoryPrefix");
      return this;
    }

    /**
     * Sets the separator after the hash prefix; may be empty. By default {@code "/"}.
     *
     * @param separator the text between the hash prefix and the logical key
     * @return this builder
     */
    public Builder separator(String separator) {
      this.separator = Objects.requireNonNull(separator, "separator");
      return this;
    }

    /**
     * Builds the scheme.
     *
     * @return the scheme
     * @throws IllegalArgumentException if widthChars exceeds the alphabet's maximum (16 hex, 12 base 32)
     */
    public HashedKeyScheme build() {
      alphabet.checkWidth(widthChars);
      return new HashedKeyScheme(this);
    }
  }
}
