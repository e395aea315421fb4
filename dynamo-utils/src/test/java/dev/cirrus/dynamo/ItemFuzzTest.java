package dev.cirrus.dynamo;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import dev.cirrus.testsupport.ThreadAllocations;

/**
 * Coverage-guided fuzzing of the item sizer and validator on arbitrary attribute-value trees, built from the
 * fuzzer's bytes with containers nested up to {@link #MAX_DEPTH} levels (beyond DynamoDB's 32, so the nesting
 * rule is reached) and with null and untyped values, empty and duplicate sets, and numbers from a numeric
 * alphabet. Compared against {@link ReferenceItemSize}, the plain model. Invariants: only {@link
 * InvalidItemException} escapes; a size agrees with the model's, and sizing fails exactly when the model's does;
 * a validated item satisfies every rule (key attributes, 400 KB) and an item the validator rejects breaks a rule
 * the model also sees; allocation stays within a bound derived from the input length.
 */
class ItemFuzzTest {
  static final int MAX_DEPTH = 36;
  static final long FIXED_ALLOCATION = 64 * 1024;
  static final long PER_INPUT_BYTE = 256;
  private static final String[] SIGNS = {"", "-", "+"};
  private static final ItemValidator VALIDATOR = ItemValidator.forTable("pk", "sk");

  @FuzzTest
  void itemSize_arbitraryTree_sizedAsTheModelSaysOrRejected(FuzzedDataProvider data) {
    int inputLength = data.remainingBytes();
    Map<String, AttributeValue> item = item(data);
    ReferenceItemSize.Outcome model = ReferenceItemSize.item(item, false);
    ThreadAllocations before = ThreadAllocations.start();
    long size;
    try {
      size = ItemSize.itemSizeBytes(item);
    } catch (InvalidItemException e) {
      before.assertAtMost(4 * FIXED_ALLOCATION + PER_INPUT_BYTE * inputLength, "failed item size");
      if (model.violation() == null) {
        throw new AssertionError("sizing failed (" + e.getMessage() + ") where the model sizes " + model.size());
      }
      return;
    }
    before.assertAtMost(FIXED_ALLOCATION, "item size");
    if (model.violation() != null || model.size() != size) {
      throw new AssertionError("size " + size + ", model " + model);
    }
    long sum = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      sum += ItemSize.attributeSizeBytes(e.getKey(), e.getValue());
    }
    if (sum != size) {
      throw new AssertionError("attribute sizes add up to " + sum + ", the item to " + size);
    }
  }

  @FuzzTest
  void validateItem_arbitraryTree_validOrOneDocumentedViolation(FuzzedDataProvider data) {
    Map<String, AttributeValue> item = item(data);
    ReferenceItemSize.Outcome model = ReferenceItemSize.item(item, true);
    long size;
    try {
      size = VALIDATOR.validateItem(item);
    } catch (InvalidItemException e) {
      boolean keyRule = switch (e.violation()) {
        case KEY_MISSING, KEY_TYPE, EMPTY_KEY_VALUE, KEY_TOO_LARGE -> true;
        default -> false;
      };
      if (e.violation() == ItemViolation.ITEM_TOO_LARGE) {
        if (model.violation() != null || model.size() <= ItemSize.MAX_ITEM_SIZE_BYTES) {
          throw new AssertionError("rejected as too large, model " + model);
        }
      } else if (!keyRule && model.violation() == null) {
        throw new AssertionError("rejected (" + e.violation() + " at " + e.attributePath() + ") but the model "
            + "finds every rule kept");
      }
      return;
    }
    if (model.violation() != null || model.size() != size || size > ItemSize.MAX_ITEM_SIZE_BYTES) {
      throw new AssertionError("validated with size " + size + ", model " + model);
    }
    checkKey(item.get("pk"), ItemSize.MAX_PARTITION_KEY_BYTES);
    checkKey(item.get("sk"), ItemSize.MAX_SORT_KEY_BYTES);
  }

  private static void checkKey(AttributeValue v, int max) {
    if (v == null || (v.s() == null && v.n() == null && v.b() == null)) {
      throw new AssertionError("validated an item without a usable key attribute: " + v);
    }
    long size = v.s() != null ? ReferenceItemSize.utf8(v.s())
        : v.b() != null ? v.b().asByteArray().length : ItemSize.valueSizeBytes(v);
    if (size == 0 || size > max) {
      throw new AssertionError("validated a key attribute of " + size + " bytes");
    }
  }

  /** An item: optionally the key attributes, then attributes with short names. */
  static Map<String, AttributeValue> item(FuzzedDataProvider data) {
    Map<String, AttributeValue> item = new HashMap<>();
    if (data.consumeBoolean()) {
      item.put("pk", value(data, 0));
    }
    if (data.consumeBoolean()) {
      item.put("sk", value(data, 0));
    }
    int n = data.consumeInt(0, 6);
    for (int i = 0; i < n && data.remainingBytes() > 0; i++) {
      item.put(data.consumeString(8), value(data, 0));
    }
    return item;
  }

  /** A value; {@code depth} containers are around it. Past {@link #MAX_DEPTH}, only scalars. */
  static AttributeValue value(FuzzedDataProvider data, int depth) {
    int kind = data.consumeInt(0, depth >= MAX_DEPTH ? 9 : 12);
    AttributeValue.Builder b = AttributeValue.builder();
    switch (kind) {
      case 0, 1 -> b.s(data.consumeString(16));
      case 2, 3 -> b.n(number(data));
      case 4 -> b.b(SdkBytes.fromByteArray(data.consumeBytes(data.consumeInt(0, 16))));
      case 5 -> b.bool(data.consumeBoolean());
      case 6 -> b.nul(true);
      case 7 -> b.ss(strings(data, () -> data.consumeString(6)));
      case 8 -> b.ns(strings(data, () -> number(data)));
      case 9 -> {
        if (data.consumeBoolean()) {
          return null;
        }
        b.bs(strings(data, () -> SdkBytes.fromByteArray(data.consumeBytes(data.consumeInt(0, 4)))));
      }
      case 10 -> b.l(list(data, depth));
      case 11 -> b.m(map(data, depth));
      default -> {
        return data.consumeBoolean() ? null : AttributeValue.builder().build();
      }
    }
    return b.build();
  }

  private static List<AttributeValue> list(FuzzedDataProvider data, int depth) {
    int n = data.consumeInt(0, 4);
    List<AttributeValue> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(value(data, depth + 1));
    }
    return l;
  }

  private static Map<String, AttributeValue> map(FuzzedDataProvider data, int depth) {
    int n = data.consumeInt(0, 4);
    Map<String, AttributeValue> m = new HashMap<>();
    for (int i = 0; i < n; i++) {
      m.put(data.consumeString(4), value(data, depth + 1));
    }
    return m;
  }

  private static <T> List<T> strings(FuzzedDataProvider data, java.util.function.Supplier<T> element) {
    int n = data.consumeInt(0, 4);
    List<T> l = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      l.add(element.get());
    }
    return l;
  }

  /**
   * A number-like text: sign, up to 42 mantissa digits with perhaps a point, perhaps an exponent of up to 9
   * digits (so the model's BigDecimal can hold it); sometimes up to 9 characters of any ASCII.
   */
  static String number(FuzzedDataProvider data) {
    if (data.consumeInt(0, 7) == 0) {
      return data.consumeAsciiString(9);
    }
    StringBuilder s = new StringBuilder();
    s.append(SIGNS[data.consumeInt(0, 2)]);
    int digits = data.consumeInt(0, 42);
    int point = data.consumeInt(-1, digits);
    for (int i = 0; i < digits; i++) {
      if (i == point) {
        s.append('.');
      }
      s.append((char) ('0' + data.consumeInt(0, 9)));
    }
    if (point == digits) {
      s.append('.');
    }
    if (data.consumeBoolean()) {
      s.append(data.consumeBoolean() ? 'e' : 'E').append(SIGNS[data.consumeInt(0, 2)]);
      for (int i = data.consumeInt(0, 9); i > 0; i--) {
        s.append((char) ('0' + data.consumeInt(0, 9)));
      }
    }
    return s.toString();
  }
}
