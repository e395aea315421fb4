package dev.cirrus.dynamo;

/**
 * How a write is performed, which fixes its price per 1 KB write unit (source: "DynamoDB read and write
 * operations", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html).
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum WriteMode {
  /** PutItem, UpdateItem, DeleteItem, BatchWriteItem: 1 write unit per 1 KB. */
  STANDARD(1.0, "standard"),
  /** TransactWriteItems: 2 write units per 1 KB. */
  TRANSACTIONAL(2.0, "transactional");

  private final double unitsPer1Kb;
  private final String label;

  WriteMode(double unitsPer1Kb, String label) {
    this.unitsPer1Kb = unitsPer1Kb;
    this.label = label;
  }

  /** {@return write units charged per started 1 KB} */
  public double unitsPer1Kb() {
    return unitsPer1Kb;
  }

  /** {@return a human-readable label used in rule descriptions} */
  public String label() {
    return label;
  }
}
