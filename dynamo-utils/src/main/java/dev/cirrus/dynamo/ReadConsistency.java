package dev.cirrus.dynamo;

/**
 * How a read is performed, which fixes its price per 4 KB read unit (source: "DynamoDB read and write
 * operations", https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html).
 *
 * <p>Enum constants are immutable and thread-safe.
 */
public enum ReadConsistency {
  /** Eventually consistent: 0.5 read unit per 4 KB (the default for GetItem, Query, Scan; the only mode of GSIs). */
  EVENTUAL(0.5, "eventually consistent"),
  /** Strongly consistent: 1 read unit per 4 KB. */
  STRONG(1.0, "strongly consistent"),
  /** Transactional (TransactGetItems): 2 read units per 4 KB. */
  TRANSACTIONAL(2.0, "transactional");

  private final double unitsPer4Kb;
  private final String label;

  ReadConsistency(double unitsPer4Kb, String label) {
    this.unitsPer4Kb = unitsPer4Kb;
    this.label = label;
  }

  /** {@return read units charged per started 4 KB} */
  public double unitsPer4Kb() {
    return unitsPer4Kb;
  }

  /** {@return a human-readable label used in rule descriptions} */
  public String label() {
    return label;
  }
}
