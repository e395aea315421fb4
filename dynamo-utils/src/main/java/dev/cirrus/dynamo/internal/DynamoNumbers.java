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
    int i = 0;
    boolean negative = false;
    if (len > 0) {
      char c0 = text.charAt(0);
      if (c0 == '-') {
        negative = true;
        i++;
      } else if (c0 == '+') {
        i++;
      }
    }
    int digits = 0;
    int firstSig = -1;
    int lastSig = -1;
    int point = -1;
    for (; i < len; i++) {
      char c = text.charAt(i);
      if (c >= '0' && c <= '9') {
        if (c != '0') {
          if (firstSig < 0) {
            firstSig = digits;
          }
          lastSig = digits;
        }
        digits++;
      } else if (c == '.' && point < 0) {
        point = digits;
      } else {
        break;
      }
    }
    if (digits == 0) {
      throw invalid(text, path);
    }
    if (point < 0) {
      point = digits;
    }
    long exponent = i < len ? exponent(text, i, path) : 0;
    if (firstSig < 0) {
      return 1;
    }
    int significant = lastSig - firstSig + 1;
    if (significant > MAX_SIGNIFICANT_DIGITS) {
      throw tooPrecise(significant, path);
    }
    long high = point - 1L - firstSig + exponent;
    long low = point - 1L - lastSig + exponent;
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
    sizeBytes(text, path);
    BigDecimal value = new BigDecimal(text);
    return value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
  }

  private static InvalidItemException invalid(String text, Path path) {
    return new InvalidItemException(Path.render(path), ItemViolation.INVALID_NUMBER,
        "'" + abbreviate(text) + "' is not a number");
  }

  private static String abbreviate(String text) {
    return text.length() <= 60 ? text : text.substring(0, 57) + "...";
  }
}
