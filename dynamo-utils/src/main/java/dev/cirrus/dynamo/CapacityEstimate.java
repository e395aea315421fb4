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

  /**
   * Creates an estimate.
   *
   * @param operation the operation, for example {@code GetItem}
   * @param readUnits read capacity (or request) units, finite and at least 0
   * @param writeUnits write capacity (or request) units, finite and at least 0
   * @param rule the rule applied, in words
   * @throws IllegalArgumentException if a unit count is negative or not finite
   */
  public CapacityEstimate(String operation, double readUnits, double writeUnits, String rule) {
    this.operation = Objects.requireNonNull(operation, "operation");
    this.rule = Objects.requireNonNull(rule, "rule");
    if (!(readUnits >= 0) || Double.isInfinite(readUnits)) {
      throw new IllegalArgumentException("readUnits must be finite and >= 0, was " + readUnits);
    }
    if (!(writeUnits >= 0) || Double.isInfinite(writeUnits)) {
      throw new IllegalArgumentException("writeUnits must be finite and >= 0, was " + writeUnits);
    }
    this.readUnits = readUnits;
    this.writeUnits = writeUnits;
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
   * The sum of this and another estimate; operation and rule are joined with {@code " + "}.
   *
   * @param other the estimate to add
   * @return the sum of this and another estimate; operation and rule are joined with {@code " + "}
   */
  public CapacityEstimate plus(CapacityEstimate other) {
    return new CapacityEstimate(operation + " + " + other.operation, readUnits + other.readUnits,
        writeUnits + other.writeUnits, rule + " + " + other.rule);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CapacityEstimate e && e.operation.equals(operation) && e.readUnits == readUnits
        && e.writeUnits == writeUnits && e.rule.equals(rule);
  }

  @Override
  public int hashCode() {
    return Objects.hash(operation, readUnits, writeUnits, rule);
  }

  @Override
  public String toString() {
    return operation + "[RCU=" + readUnits + ", WCU=" + writeUnits + "; " + rule + "]";
  }
}
