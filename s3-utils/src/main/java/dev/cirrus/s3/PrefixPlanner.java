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
   * @throws IllegalArgumentException if a rate is negative or not finite, or the rates need more prefixes than the
   *     alphabet's widest countable width gives (2^60 for both alphabets); the message names the rates, the
   *     prefixes they need and that limit
   */
  public PrefixPlan plan(double writesPerSecond, double readsPerSecond) {
    checkRate("writesPerSecond", writesPerSecond);
    checkRate("readsPerSecond", readsPerSecond);
    double needed = Math.max(writesPerSecond * headroom / writesPerSecondPerPrefix,
        readsPerSecond * headroom / readsPerSecondPerPrefix);
    double required = Math.max(1, Math.ceil(needed));
    int widest = widestCountableWidth(alphabet);
    int width = 1;
    while (width < widest && (double) alphabet.prefixCount(width) < required) {
      width++;
    }
    if ((double) alphabet.prefixCount(width) < required) {
      throw new IllegalArgumentException(String.format(
          "writesPerSecond %s and readsPerSecond %s with headroom %s need %s prefixes at %s writes/s and %s reads/s"
              + " per prefix; %s gives at most %d prefixes (width %d)",
          writesPerSecond, readsPerSecond, headroom, count(required), writesPerSecondPerPrefix,
          readsPerSecondPerPrefix, alphabet.name(), alphabet.prefixCount(width), width));
    }
    return new PrefixPlan(writesPerSecond, readsPerSecond, headroom, (long) required, width, alphabet,
        writesPerSecondPerPrefix, readsPerSecondPerPrefix);
  }

  /**
   * The widest prefix whose count fits a long (hex stops at 15 characters, 2^60 prefixes; its 16-character
   * maximum would be 2^64).
   */
  private static int widestCountableWidth(PrefixAlphabet alphabet) {
    return Math.min(alphabet.maxWidthChars(), 62 / alphabet.bitsPerChar());
  }

  /** A whole prefix count in digits while a long holds it exactly enough to read, else in exponent form. */
  private static String count(double required) {
    return required < 0x1p63 ? Long.toString((long) required) : Double.toString(required);
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
