package dev.cirrus.dynamo.internal;

import dev.cirrus.dynamo.InvalidItemException;
import dev.cirrus.dynamo.ItemViolation;
import java.math.BigDecimal;

/**
 * DynamoDB number sizing and canonicalisation without allocating on the hot path.
 *
 * <p>DynamoDB stores a number as a sign/exponent byte followed by base-100 digit pairs aligned on the decimal
 * point, with leading and trailing zeros trimmed; a negative number carries one extra terminator byte. So the
 * size is {@code 1 + pairs (+1 if negative)}, and zero is 1 byte. If the most significant digit has place value
 * 10^a and the least significant 10^b, the pairs covered are {@code floor(a/2) - floor(b/2) + 1}.
 */
public final class DynamoNumbers {
  /** Most significant digits DynamoDB keeps. */
  public static final int MAX_SIGNIFICANT_DIGITS = 38;
  /** Largest decimal exponent of the most significant digit: 9.99...E+125. */
  public static final int MAX_EXPONENT = 125;
  /** Smallest decimal exponent of the most significant digit: 1E-130. */
  public static final int MIN_EXPONENT = -130;

  private DynamoNumbers() {
  }

  /**
   * The stored size of a number in bytes.
   *
   * @throws InvalidItemException if the text is not a number DynamoDB accepts
   */
  public static int sizeBytes(String text, Path path) {
    int len = text.length();
    int start = 0;
    boolean negative = false;
    if (len > 0) {
      char c0 = text.charAt(0);
      if (c0 == '-') {
        negative = true;
        start = 1;
      } else if (c0 == '+') {
        start = 1;
      }
    }
    // One pass to the end of the mantissa: digits and at most one point. The char arithmetic wraps, so a
    // single unsigned comparison tells digits apart, and the loop branches the same way for every digit.
    int point = -1;
    int end = start;
    for (; end < len; end++) {
      char c = text.charAt(end);
      if ((char) (c - '0') > 9) {
        if (c == '.' && point < 0) {
          point = end;
        } else {
          break;
        }
      }
    }
    if (end - start - (point < 0 ? 0 : 1) == 0) {
      throw invalid(text, path);
    }
    long exponent = end < len ? exponent(text, end, path) : 0;
    // Leading and trailing zeros are trimmed: usually no steps at all.
    int first = start;
    while (first < end && (first == point || text.charAt(first) == '0')) {
      first++;
    }
    if (first == end) {
      return 1;
    }
    int last = end - 1;
    while (last == point || text.charAt(last) == '0') {
      last--;
    }
    if (point < 0) {
      point = end;
    }
    // Place value (power of ten) of the first and last significant digits; the point takes no place.
    long high = (first < point ? point - 1L - first : (long) point - first) + exponent;
    long low = (last < point ? point - 1L - last : (long) point - last) + exponent;
    long significant = high - low + 1;
    if (significant > MAX_SIGNIFICANT_DIGITS) {
      throw tooPrecise((int) significant, path);
    }
    if (high > MAX_EXPONENT || high < MIN_EXPONENT) {
      throw outOfRange(text, path);
    }
    // An arithmetic shift is floor division by 2 for negative place values too, without a division.
    long pairs = (high >> 1) - (low >> 1) + 1;
    return (int) (1 + pairs + (negative ? 1 : 0));
  }

  /** The exponent after the mantissa, from the 'e' or 'E' at {@code i}; saturated far outside the range. */
  private static long exponent(String text, int start, Path path) {
    int len = text.length();
    int i = start;
    char e = text.charAt(i++);
    if (e != 'e' && e != 'E') {
      throw invalid(text, path);
    }
    boolean negExp = false;
    if (i < len && (text.charAt(i) == '-' || text.charAt(i) == '+')) {
      negExp = text.charAt(i) == '-';
      i++;
    }
    if (i == len) {
      throw invalid(text, path);
    }
    long exponent = 0;
    for (; i < len; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        throw invalid(text, path);
      }
      // Saturate: any exponent this large is out of range whatever the mantissa.
      exponent = Math.min(exponent * 10 + (c - '0'), 1_000_000_000L);
    }
    return negExp ? -exponent : exponent;
  }

  private static InvalidItemException tooPrecise(int significant, Path path) {
    return new InvalidItemException(Path.render(path), ItemViolation.NUMBER_TOO_PRECISE,
        "number has " + significant + " significant digits, at most " + MAX_SIGNIFICANT_DIGITS + " allowed");
  }

  private static InvalidItemException outOfRange(String text, Path path) {
    return new InvalidItemException(Path.render(path), ItemViolation.NUMBER_OUT_OF_RANGE,
        "number magnitude must be between 1E-130 and 9.9999999999999999999999999999999999999E+125, was "
            + abbreviate(text));
  }

  /**
   * The numeric value with trailing zeros stripped, so equal numbers compare equal ({@code 1.0}, {@code 1e0},
   * {@code 01}); zero and negative zero are {@link BigDecimal#ZERO}.
   *
   * @throws InvalidItemException if the text is not a number DynamoDB accepts
   */
  public static BigDecimal canonical(String text, Path path) {
    // Size 1 is zero, and only zero: its exponent may be any length ("0E+9999999999"), which BigDecimal rejects.
    if (sizeBytes(text, path) == 1) {
      return BigDecimal.ZERO;
    }
    return new BigDecimal(text).stripTrailingZeros();
  }

  private static InvalidItemException invalid(String text, Path path) {
    return new InvalidItemException(Path.render(path), ItemViolation.INVALID_NUMBER,
        "'" + abbreviate(text) + "' is not a number");
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
