package dev.cirrus.dynamo;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A deliberately plain implementation of the item-size and structural rules, for property tests to compare the
 * optimised walk against: strings are encoded, numbers go through {@link BigDecimal}, members are read with the
 * SDK's getters in the documented precedence, paths are built as strings on the way down, and sets are checked
 * with hash sets. Slow and obviously right is the point.
 */
final class ReferenceItemSize {
  private ReferenceItemSize() {
  }

  /** The outcome of sizing or validating: a size, or the violation and path of the first rule broken. */
  record Outcome(long size, ItemViolation violation, String path) {
    static Outcome of(long size) {
      return new Outcome(size, null, null);
    }

    static Outcome of(InvalidItemException e) {
      return new Outcome(-1, e.violation(), e.attributePath());
    }
  }

  static Outcome item(Map<String, AttributeValue> item, boolean validate) {
    try {
      long total = 0;
      for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
        total += utf8(e.getKey()) + value(e.getValue(), e.getKey(), validate, 0);
      }
      return Outcome.of(total);
    } catch (InvalidItemException e) {
      return Outcome.of(e);
    }
  }

  static Outcome value(AttributeValue v) {
    try {
      return Outcome.of(value(v, "", false, 0));
    } catch (InvalidItemException e) {
      return Outcome.of(e);
    }
  }

  static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String child(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  private static long value(AttributeValue v, String path, boolean validate, int level) {
    if (v == null) {
      throw new InvalidItemException(path, ItemViolation.NO_TYPE, "null");
    }
    if (v.s() != null) {
      return utf8(v.s());
    }
    if (v.n() != null) {
      return number(v.n(), path);
    }
    if (v.b() != null) {
      return v.b().asByteArray().length;
    }
    if (v.bool() != null || v.nul() != null) {
      return 1;
    }
    if (v.hasM()) {
      nesting(path, validate, level + 1);
      long total = 3;
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
        total += 1 + utf8(e.getKey()) + value(e.getValue(), child(path, e.getKey()), validate, level + 1);
      }
      return total;
    }
    if (v.hasL()) {
      nesting(path, validate, level + 1);
      long total = 3;
      for (int i = 0; i < v.l().size(); i++) {
        total += 1 + value(v.l().get(i), path + "[" + i + "]", validate, level + 1);
      }
      return total;
    }
    if (v.hasSs()) {
      notEmpty(path, validate, v.ss());
      long total = 0;
      for (String s : v.ss()) {
        total += utf8(s);
      }
      distinct(path, validate, new HashSet<>(v.ss()).size(), v.ss().size());
      return total;
    }
    if (v.hasNs()) {
      notEmpty(path, validate, v.ns());
      long total = 0;
      Set<BigDecimal> byValue = new TreeSet<>();
      for (int i = 0; i < v.ns().size(); i++) {
        total += number(v.ns().get(i), path + "[" + i + "]");
        byValue.add(new BigDecimal(v.ns().get(i)));
      }
      distinct(path, validate, byValue.size(), v.ns().size());
      return total;
    }
    if (v.hasBs()) {
      notEmpty(path, validate, v.bs());
      long total = 0;
      Set<ByteBuffer> seen = new HashSet<>();
      for (SdkBytes b : v.bs()) {
        total += b.asByteArray().length;
        seen.add(ByteBuffer.wrap(b.asByteArray()));
      }
      distinct(path, validate, seen.size(), v.bs().size());
      return total;
    }
    throw new InvalidItemException(path, ItemViolation.NO_TYPE, "no type");
  }

  private static void nesting(String path, boolean validate, int level) {
    if (validate && level > 32) {
      throw new InvalidItemException(path, ItemViolation.NESTING_TOO_DEEP, "level " + level);
    }
  }

  private static void notEmpty(String path, boolean validate, List<?> set) {
    if (validate && set.isEmpty()) {
      throw new InvalidItemException(path, ItemViolation.EMPTY_SET, "empty");
    }
  }

  private static void distinct(String path, boolean validate, int distinct, int size) {
    if (validate && distinct != size) {
      throw new InvalidItemException(path, ItemViolation.DUPLICATE_SET_ELEMENT, "duplicate");
    }
  }

  /**
   * The base-100 rule from BigDecimal: strip trailing zeros; the most significant digit has place value
   * {@code precision - 1 - scale}, the least {@code -scale}; count the base-100 pairs between them.
   */
  static int number(String text, String path) {
    BigDecimal d;
    try {
      d = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new InvalidItemException(path, ItemViolation.INVALID_NUMBER, text);
    }
    if (d.signum() == 0) {
      return 1;
    }
    BigDecimal stripped = d.stripTrailingZeros();
    if (stripped.precision() > 38) {
      throw new InvalidItemException(path, ItemViolation.NUMBER_TOO_PRECISE, text);
    }
    long high = stripped.precision() - 1L - stripped.scale();
    long low = -(long) stripped.scale();
    if (high > 125 || high < -130) {
      throw new InvalidItemException(path, ItemViolation.NUMBER_OUT_OF_RANGE, text);
    }
    long pairs = Math.floorDiv(high, 2) - Math.floorDiv(low, 2) + 1;
    return (int) (1 + pairs + (d.signum() < 0 ? 1 : 0));
  }
}
