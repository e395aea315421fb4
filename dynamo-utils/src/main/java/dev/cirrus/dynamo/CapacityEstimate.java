package dev.cirrus.dynamo;

import java.util.Objects;

/**
 * Read and write units one operation consumes, with the rule that produced them.
 *
 * <p>Units are capacity units in provisioned mode and request units in on-demand mode; DynamoDB computes both
 * the same way. {@link #rule()} says in words which documented rule was applied and how, for example
 * {@code "Query: 3 items, 9000 bytes summed then rounded up to 3 x 4 KB, x 0.5 (eventually consistent)"}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CapacityEstimate {
  private final String operation;
  private final double readUnits;
  private final double writeUnits;
  private final String rule;
  private final long chargedBytes;
  private final long readUnitsBeforeFactor;
  private final long writeUnitsBeforeFactor;
  private final int pages;
  private final int requests;

  /**
   * Creates an estimate without the details: {@link #chargedBytes()} 0, units before the factor equal to the
   * units rounded up, {@link #pages()} 0 and {@link #requests()} 1. The calculators use {@link #builder(String)}.
   *
   * @param operation the operation, for example {@code GetItem}
   * @param readUnits read capacity (or request) units, finite and at least 0
   * @param writeUnits write capacity (or request) units, finite and at least 0
   * @param rule the rule applied, in words
   * @throws IllegalArgumentException if a unit count is negative or not finite
   */
  public CapacityEstimate(String operation, double readUnits, double writeUnits, String rule) {
    // NaN or infinite units pass through the casts and are rejected by the constructor this delegates to.
    this(operation, readUnits, writeUnits, rule, 0, (long) Math.ceil(readUnits), (long) Math.ceil(writeUnits), 0,
        1);
  }

  private CapacityEstimate(String operation, double readUnits, double writeUnits, String rule, long chargedBytes,
      long readUnitsBeforeFactor, long writeUnitsBeforeFactor, int pages, int requests) {
    this.operation = Objects.requireNonNull(operation, "operation");
    this.rule = Objects.requireNonNull(rule, "rule");
    this.readUnits = checkUnits("readUnits", readUnits);
    this.writeUnits = checkUnits("writeUnits", writeUnits);
    this.chargedBytes = chargedBytes;
    this.readUnitsBeforeFactor = readUnitsBeforeFactor;
    this.writeUnitsBeforeFactor = writeUnitsBeforeFactor;
    this.pages = pages;
    this.requests = requests;
  }

  private static double checkUnits(String name, double units) {
    if (!(units >= 0) || Double.isInfinite(units)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, was " + units);
    }
    return units;
  }

  /**
   * A builder for an estimate with its details.
   *
   * @param operation the operation, for example {@code GetItem}
   * @return a builder with every count 0, both factors 1 and one request
   */
  public static Builder builder(String operation) {
    return new Builder(operation);
  }

  /** {@return the operation, for example {@code GetItem}} */
  public String operation() {
    return operation;
  }

  /** {@return read capacity (or request) units} */
  public double readUnits() {
    return readUnits;
  }

  /** {@return write capacity (or request) units} */
  public double writeUnits() {
    return writeUnits;
  }

  /** {@return the rule applied, in words, with the intermediate numbers} */
  public String rule() {
    return rule;
  }

  /**
   * The item bytes the units were charged on, before rounding: for example the larger of the old and new item
   * for PutItem, the sum of the item sizes for a batch, the bytes read for a Query.
   *
   * @return the bytes charged, at least 0
   */
  public long chargedBytes() {
    return chargedBytes;
  }

  /** {@return the read units after rounding and before the consistency or transaction factor} */
  public long readUnitsBeforeFactor() {
    return readUnitsBeforeFactor;
  }

  /** {@return the write units after rounding and before the transaction factor} */
  public long writeUnitsBeforeFactor() {
    return writeUnitsBeforeFactor;
  }

  /** {@return the 1 MB pages a Query or Scan reads, 0 for an operation that is not paged} */
  public int pages() {
    return pages;
  }

  /**
   * The requests the operation takes: 1 for a single-item call or a transaction, one per page for a Query or
   * Scan, one per chunk of 100 keys (BatchGetItem) or 25 writes (BatchWriteItem) for a batch, 0 for an empty batch.
   *
   * @return the requests the operation takes, at least 0
   */
  public int requests() {
    return requests;
  }

  /**
   * The sum of this and another estimate; operation and rule are joined with {@code " + "}.
   *
   * @param other the estimate to add
   * @return the sum of this and another estimate; operation and rule are joined with {@code " + "}
   */
  public CapacityEstimate plus(CapacityEstimate other) {
    return new CapacityEstimate(operation + " + " + other.operation, readUnits + other.readUnits,
        writeUnits + other.writeUnits, rule + " + " + other.rule, Math.addExact(chargedBytes, other.chargedBytes),
        Math.addExact(readUnitsBeforeFactor, other.readUnitsBeforeFactor),
        Math.addExact(writeUnitsBeforeFactor, other.writeUnitsBeforeFactor), Math.addExact(pages, other.pages),
        Math.addExact(requests, other.requests));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapacityEstimate e && e.operation.equals(operation) && e.readUnits == readUnits
        && e.writeUnits == writeUnits && e.rule.equals(rule) && e.chargedBytes == chargedBytes
        && e.readUnitsBeforeFactor == readUnitsBeforeFactor && e.writeUnitsBeforeFactor == writeUnitsBeforeFactor
        && e.pages == pages && e.requests == requests;
  }

  @Override
  public int hashCode() {
    return Objects.hash(operation, readUnits, writeUnits, rule, chargedBytes, readUnitsBeforeFactor,
        writeUnitsBeforeFactor, pages, requests);
  }

  @Override
  public String toString() {
    return operation + "[RCU=" + readUnits + ", WCU=" + writeUnits + "; " + rule + "]";
  }

  /**
   * Builds an estimate from rounded units and their factor, so that the units and their details agree.
   *
   * <p>Not thread-safe; build once.
   */
  public static final class Builder {
    private final String operation;
    private String rule;
    private long chargedBytes;
    private long readUnitsBeforeFactor;
    private long writeUnitsBeforeFactor;
    private double readFactor = 1;
    private double writeFactor = 1;
    private int pages;
    private int requests = 1;

    private Builder(String operation) {
      this.operation = Objects.requireNonNull(operation, "operation");
    }

    /**
     * Sets the rule in words (required).
     *
     * @param rule the rule applied, with the intermediate numbers
     * @return this builder
     */
    public Builder rule(String rule) {
      this.rule = Objects.requireNonNull(rule, "rule");
      return this;
    }

    /**
     * Sets the bytes charged before rounding (default 0).
     *
     * @param bytes at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code bytes} is negative
     */
    public Builder chargedBytes(long bytes) {
      this.chargedBytes = nonNegative("chargedBytes", bytes);
      return this;
    }

    /**
     * Sets the read units after rounding and the consistency or transaction factor applied to them.
     *
     * @param units rounded read units, at least 0
     * @param factor 0.5 eventually consistent, 1 strongly consistent, 2 transactional
     * @return this builder
     * @throws IllegalArgumentException if {@code units} is negative or {@code factor} is not 0.5, 1 or 2
     */
    public Builder readUnits(long units, double factor) {
      this.readUnitsBeforeFactor = nonNegative("readUnits", units);
      this.readFactor = factor(factor);
      return this;
    }

    /**
     * Sets the write units after rounding and the transaction factor applied to them.
     *
     * @param units rounded write units, at least 0
     * @param factor 1 standard, 2 transactional
     * @return this builder
     * @throws IllegalArgumentException if {@code units} is negative or {@code factor} is not 1 or 2
     */
    public Builder writeUnits(long units, double factor) {
      this.writeUnitsBeforeFactor = nonNegative("writeUnits", units);
      this.writeFactor = factor(factor);
      return this;
    }

    /**
     * Sets the 1 MB pages read (default 0: not paged).
     *
     * @param pages at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code pages} is negative
     */
    public Builder pages(int pages) {
      this.pages = (int) nonNegative("pages", pages);
      return this;
    }

    /**
     * Sets the requests the operation takes (default 1).
     *
     * @param requests at least 0
     * @return this builder
     * @throws IllegalArgumentException if {@code requests} is negative
     */
    public Builder requests(int requests) {
      this.requests = (int) nonNegative("requests", requests);
      return this;
    }

    /**
     * Builds the estimate.
     *
     * @return the estimate: units = rounded units x factor
     * @throws NullPointerException if no rule was set
     */
    public CapacityEstimate build() {
      return new CapacityEstimate(operation, readUnitsBeforeFactor * readFactor, writeUnitsBeforeFactor * writeFactor,
          Objects.requireNonNull(rule, "rule"), chargedBytes, readUnitsBeforeFactor, writeUnitsBeforeFactor, pages,
          requests);
    }

    private static long nonNegative(String name, long value) {
      if (value < 0) {
        throw new IllegalArgumentException(name + " must be >= 0, was " + value);
      }
      return value;
    }

    private static double factor(double factor) {
      if (factor != 0.5 && factor != 1 && factor != 2) {
        throw new IllegalArgumentException("factor must be 0.5, 1 or 2, was " + factor);
      }
      return factor;
    }
  }
}
