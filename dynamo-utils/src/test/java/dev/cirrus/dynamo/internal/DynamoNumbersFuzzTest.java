package dev.cirrus.dynamo.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cirrus.dynamo.InvalidItemException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.cirrus.testsupport.ThreadAllocations;

/**
 * Coverage-guided fuzzing of DynamoDB number sizing and canonicalisation on arbitrary text (the input's bytes as
 * UTF-8). The model is independent: a regular expression for the syntax (ASCII digits, optional sign, point and
 * exponent) and exact integer arithmetic on the digit positions, so exponents of any length are judged. Invariants:
 * only {@link InvalidItemException} escapes {@code sizeBytes} and {@code canonical}; both accept exactly what the
 * model accepts; the size is the model's; the canonical value equals the text's value, has no trailing zeros, and
 * is its own canonical form with the same size; sizing allocates nothing beyond a small fixed amount.
 */
class DynamoNumbersFuzzTest {
  private static final Pattern SYNTAX = Pattern.compile("([+-]?)([0-9]*)(?:\\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?");
  private static final BigInteger MAX_EXPONENT = BigInteger.valueOf(DynamoNumbers.MAX_EXPONENT);
  private static final BigInteger MIN_EXPONENT = BigInteger.valueOf(DynamoNumbers.MIN_EXPONENT);

  @FuzzTest
  void sizeBytes_arbitraryText_matchesBigDecimalModelOrRejected(byte[] input) {
    String text = new String(input, StandardCharsets.UTF_8);
    Integer model = modelSize(text);
    ThreadAllocations before = ThreadAllocations.start();
    int size;
    try {
      size = DynamoNumbers.sizeBytes(text, null);
    } catch (InvalidItemException e) {
      before.assertAtMost(256 * 1024 + 4L * text.length(), "rejecting a number");
      if (model != null) {
        throw new AssertionError("rejected '" + text + "' (" + e.violation() + "), model size " + model);
      }
      try {
        DynamoNumbers.canonical(text, null);
      } catch (InvalidItemException expected) {
        return;
      }
      throw new AssertionError("canonical accepted '" + text + "', which sizeBytes rejects");
    }
    before.assertAtMost(64 * 1024, "sizing a number");
    if (model == null || model != size) {
      throw new AssertionError("'" + text + "' sized " + size + ", model " + model);
    }
    BigDecimal canonical = DynamoNumbers.canonical(text, null);
    if (canonical.signum() != 0 && canonical.compareTo(new BigDecimal(text)) != 0) {
      throw new AssertionError("canonical " + canonical + " of '" + text + "' differs in value");
    }
    if (!canonical.equals(canonical.stripTrailingZeros())) {
      throw new AssertionError("canonical " + canonical + " has trailing zeros");
    }
    String again = canonical.toString();
    if (!DynamoNumbers.canonical(again, null).equals(canonical)
        || (canonical.signum() != 0 && DynamoNumbers.sizeBytes(again, null) != size)) {
      throw new AssertionError("canonical form " + again + " of '" + text + "' is not stable");
    }
  }

  /** The stored size the model gives {@code text}, or null if DynamoDB does not accept it. */
  static Integer modelSize(String text) {
    Matcher m = SYNTAX.matcher(text);
    if (!m.matches()) {
      return null;
    }
    String whole = m.group(2);
    String fraction = m.group(3) == null ? "" : m.group(3);
    String digits = whole + fraction;
    if (digits.isEmpty()) {
      return null;
    }
    int first = 0;
    while (first < digits.length() && digits.charAt(first) == '0') {
      first++;
    }
    if (first == digits.length()) {
      return 1;
    }
    int last = digits.length() - 1;
    while (digits.charAt(last) == '0') {
      last--;
    }
    if (last - first + 1 > DynamoNumbers.MAX_SIGNIFICANT_DIGITS) {
      return null;
    }
    BigInteger exponent = m.group(4) == null ? BigInteger.ZERO : new BigInteger(m.group(4));
    BigInteger high = exponent.add(BigInteger.valueOf(whole.length() - 1L - first));
    BigInteger low = exponent.add(BigInteger.valueOf(whole.length() - 1L - last));
    if (high.compareTo(MAX_EXPONENT) > 0 || high.compareTo(MIN_EXPONENT) < 0) {
      return null;
    }
    // shiftRight is floor division by 2, negative place values included.
    int pairs = high.shiftRight(1).subtract(low.shiftRight(1)).intValueExact() + 1;
    return 1 + pairs + ("-".equals(m.group(1)) ? 1 : 0);
  }
}
