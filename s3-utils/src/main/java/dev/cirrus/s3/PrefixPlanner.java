package dev.cirrus.s3;

import java.util.Objects;

/**
 * Computes how many hash prefixes a workload needs from its request rates.
 *
 * <p>S3 scales each prefix to at least 3,500 PUT/COPY/POST/DELETE and 5,500 GET/HEAD requests per second. The
 * planner needs {@code ceil(max(writes × headroom / writeLimit, reads × headroom / readLimit))} prefixes, then
 * rounds up to the smallest width whose prefix count covers that, at least 1 character.
 *
 * <p>Defaults: 3,500 writes and 5,500 reads per second per prefix, headroom 2.0 (S3 partitions on demand and
 * answers {@code 503 SlowDown} while it does; headroom keeps the steady state below the limit), alphabet hex.
 *
 * <p>This class is immutable and threadsafe.
 */
public final class PrefixPlanner {
  /** S3's documented write rate per prefix: {@value} PUT/COPY/POST/DELETE per second. */
  public static final double S3_WRITES_PER_SECOND_PER_PREFIX = 3_500;
  /** S3's documented read rate per prefix: {@value} GET/HEAD per second. */
  public static final double S3_READS_PER_SECOND_PER_PREFIX = 5_500;

  private final double writesPerSecondPerPrefix;
  private final double readsPerSecondPerPrefix;
  private final double headroom;
  private final PrefixAlphabet alphabet;

  private PrefixPlanner(Builder b) {
    this.writesPerSecondPerPrefix = b.writesPerSecondPerPrefix;
    this.readsPerSecondPerPrefix = b.readsPerSecondPerPrefix;
    this.headroom = b.headroom;
    this.alphabet = b.alphabet;
  }

  /**
   * Returns a planner with the defaults.
   *
   * @return a planner with the defaults
   */
  public static PrefixPlanner defaults() {
    return builder().build();
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
   * Returns a builder holding this planner's settings.
   *
   * @return a builder holding this planner's settings
   */
  public Builder toBuilder() {
    return new Builder().writesPerSecondPerPrefix(writesPerSecondPerPrefix)
        .readsPerSecondPerPrefix(readsPerSecondPerPrefix).headroom(headroom).alphabet(alphabet);
  }

  /**
   * Returns the headroom factor.
   *
   * @return the headroom factor
   */
  public double headroom() {
    return headroom;
  }

  /**
   * Plans for the given steady request rates.
   *
   * @param writesPerSecond PUT/COPY/POST/DELETE per second across all keys, at least 0
   * @param readsPerSecond GET/HEAD per second across all keys, at least 0
   * @return the plan
   * @throws IllegalArgumentException if a rate is negative, not finite, or needs more than 2^60 prefixes
   */
  public PrefixPlan plan(double writesPerSecond, double readsPerSecond) {
    checkRate("writesPerSecond", writesPerSecond);
    checkRate("readsPerSecond", readsPerSecond);
    double needed = Math.max(writesPerSecond * headroom / writesPerSecondPerPrefix,
        readsPerSecond * headroom / readsPerSecondPerPrefix);
    double required = Math.max(1, Math.ceil(needed));
    int width = 1;
    while (width < alphabet.maxWidthChars() && (double) alphabet.prefixCount(width) < required) {
      width++;
    }
    if ((double) alphabet.prefixCount(width) < required) {
      throw new IllegalArgumentException("rates need " + required + " prefixes, more than " + alphabet.name()
          + " width " + width + " can give");
    }
    return new PrefixPlan(writesPerSecond, readsPerSecond, headroom, (long) required, width, alphabet,
        writesPerSecondPerPrefix, readsPerSecondPerPrefix);
  }

  private static void checkRate(String name, double rate) {
    if (!(rate >= 0) || Double.isInfinite(rate)) {
      throw new IllegalArgumentException(name + " must be finite and at least 0, was " + rate);
    }
  }

  /** Builds a {@link PrefixPlanner}. This class is not threadsafe. */
  public static final class Builder {
    private double writesPerSecondPerPrefix = S3_WRITES_PER_SECOND_PER_PREFIX;
    private double readsPerSecondPerPrefix = S3_READS_PER_SECOND_PER_PREFIX;
    private double headroom = 2.0;
    private PrefixAlphabet alphabet = PrefixAlphabet.HEX;

    private Builder() {}

    /**
     * Sets the write rate one prefix sustains. By default 3,500.
     *
     * @param rate the rate
     * @return this builder
     * @throws IllegalArgumentException if not &gt; 0
     */
    public Builder writesPerSecondPerPrefix(double rate) {
      this.writesPerSecondPerPrefix = positive("writesPerSecondPerPrefix", rate);
      return this;
    }

    /**
     * Sets the read rate one prefix sustains. By default 5,500.
     *
     * @param rate the rate
     * @return this builder
     * @throws IllegalArgumentException if not &gt; 0
     */
    public Builder readsPerSecondPerPrefix(double rate) {
      this.readsPerSecondPerPrefix = positive("readsPerSecondPerPrefix", rate);
      return this;
    }

    /**
     * Sets the factor the target rates are multiplied by. By default 2.0.
     *
     * @param headroom the factor above the target rates
     * @return this builder
     * @throws IllegalArgumentException if headroom is not between 1.0 and 100.0
     */
    public Builder headroom(double headroom) {
      if (!(headroom >= 1.0 && headroom <= 100.0)) {
        throw new IllegalArgumentException("headroom must be between 1.0 and 100.0, was " + headroom);
      }
      this.headroom = headroom;
      return this;
    }

    /**
     * Sets the alphabet of the prefixes. By default {@link PrefixAlphabet#HEX}.
     *
     * @param alphabet the prefix alphabet
     * @return this builder
     */
    public Builder alphabet(PrefixAlphabet alphabet) {
      this.alphabet = Objects.requireNonNull(alphabet, "alphabet");
      return this;
    }

    /**
     * Builds the planner.
     *
     * @return the planner
     */
    public PrefixPlanner build() {
      return new PrefixPlanner(this);
    }

    private static double positive(String name, double v) {
      if (!(v > 0) || Double.isInfinite(v)) {
        throw new IllegalArgumentException(name + " must be finite and greater than 0, was " + v);
      }
      return v;
    }
  }
}
