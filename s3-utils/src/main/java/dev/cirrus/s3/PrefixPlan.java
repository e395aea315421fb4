package dev.cirrus.s3;

import java.util.List;

/**
 * The result of {@link PrefixPlanner#plan}: how many prefixes a workload needs and the hash width that gives
 * them.
 *
 * <p>This class is immutable and threadsafe.
 */
public final class PrefixPlan {
  private final double writesPerSecond;
  private final double readsPerSecond;
  private final double headroom;
  private final long requiredPrefixes;
  private final int widthChars;
  private final PrefixAlphabet alphabet;
  private final double writeLimit;
  private final double readLimit;

  PrefixPlan(double writesPerSecond, double readsPerSecond, double headroom, long requiredPrefixes,
      int widthChars, PrefixAlphabet alphabet, double writeLimit, double readLimit) {
    this.writesPerSecond = writesPerSecond;
    this.readsPerSecond = readsPerSecond;
    this.headroom = headroom;
    this.requiredPrefixes = requiredPrefixes;
    this.widthChars = widthChars;
    this.alphabet = alphabet;
    this.writeLimit = writeLimit;
    this.readLimit = readLimit;
  }

  /**
   * Returns the minimum number of prefixes the rates need with headroom, at least 1.
   *
   * @return the minimum number of prefixes the rates need with headroom, at least 1
   */
  public long requiredPrefixes() {
    return requiredPrefixes;
  }

  /**
   * Returns the hash prefix width in characters.
   *
   * @return the hash prefix width in characters
   */
  public int widthChars() {
    return widthChars;
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
   * Returns the number of prefixes the width gives, {@code radix^widthChars} (at least requiredPrefixes).
   *
   * @return the number of prefixes the width gives, {@code radix^widthChars} (at least requiredPrefixes)
   */
  public long prefixCount() {
    return alphabet.prefixCount(widthChars);
  }

  /**
   * Returns the write rate each prefix sees when keys spread evenly.
   *
   * @return the write rate each prefix sees when keys spread evenly
   */
  public double writesPerSecondPerPrefix() {
    return writesPerSecond / prefixCount();
  }

  /**
   * Returns the read rate each prefix sees when keys spread evenly.
   *
   * @return the read rate each prefix sees when keys spread evenly
   */
  public double readsPerSecondPerPrefix() {
    return readsPerSecond / prefixCount();
  }

  /**
   * Returns a key scheme with this plan's width and alphabet, the given hash and category.
   *
   * @param hash the hash function
   * @param categoryPrefix the fixed prefix before the hash, possibly empty
   * @return a key scheme with this plan's width and alphabet, the given hash and category
   * @throws NullPointerException if hash or categoryPrefix is null
   */
  public HashedKeyScheme scheme(KeyHash hash, String categoryPrefix) {
    return HashedKeyScheme.builder().hash(hash).alphabet(alphabet).widthChars(widthChars)
        .categoryPrefix(categoryPrefix).build();
  }

  /**
   * Returns every hash prefix of the plan's width in key order (without category or separator).
   *
   * @return every hash prefix of the plan's width in key order (without category or separator)
   * @throws IllegalStateException if there are more than {@link Integer#MAX_VALUE} prefixes
   */
  public List<String> prefixes() {
    return scheme(KeyHash.WORD64_MIX, "").toBuilder().separator("").build().listingPrefixes();
  }

  /**
   * Returns a human-readable account of the plan.
   *
   * @return a human-readable account of the plan
   */
  public String explain() {
    return String.format(
        "%.0f writes/s and %.0f reads/s with headroom %.2f need %d prefix(es) at %.0f writes/s and %.0f reads/s"
            + " each; %s width %d gives %d prefixes, %.1f writes/s and %.1f reads/s per prefix",
        writesPerSecond, readsPerSecond, headroom, requiredPrefixes, writeLimit, readLimit, alphabet.name(),
        widthChars, prefixCount(), writesPerSecondPerPrefix(), readsPerSecondPerPrefix());
  }

  @Override
  public String toString() {
    return "PrefixPlan{" + explain() + "}";
  }
}
