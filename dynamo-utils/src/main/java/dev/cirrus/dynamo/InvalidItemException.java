package dev.cirrus.dynamo;

import java.util.Objects;

/**
 * An item, attribute value or key that DynamoDB would reject or cannot size, with the path of the offending
 * attribute and the rule it broke.
 *
 * <p>This is a programmer error about the data handed to Cirrus, so it extends
 * {@link IllegalArgumentException}. The message names the attribute path, the rule, the limit and the actual
 * value, for example {@code "attribute 'payload.parts[3]': number has 39 significant digits, at most 38 allowed"}.
 * Attribute paths use {@code .} between map keys and {@code [i]} for list indexes; the empty path means the
 * whole item. Values are never included in messages beyond their size, so secrets in items do not leak into logs.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class InvalidItemException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** The path of the offending attribute, empty for the whole item. */
  private final String attributePath;
  /** The rule broken. */
  private final ItemViolation violation;

  /**
   * Creates the exception.
   *
   * @param attributePath path of the offending attribute, empty for the whole item
   * @param violation the rule broken
   * @param detail what is wrong, with the limit and the actual value
   */
  public InvalidItemException(String attributePath, ItemViolation violation, String detail) {
    super(describe(attributePath, detail));
    this.attributePath = Objects.requireNonNull(attributePath, "attributePath");
    this.violation = Objects.requireNonNull(violation, "violation");
  }

  private static String describe(String path, String detail) {
    return (path == null || path.isEmpty() ? "item" : "attribute '" + path + "'") + ": " + detail;
  }

  /** {@return the path of the offending attribute ({@code a.b[2].c}); empty when the whole item is at fault} */
  public String attributePath() {
    return attributePath;
  }

  /** {@return the rule that was broken} */
  public ItemViolation violation() {
    return violation;
  }
}
