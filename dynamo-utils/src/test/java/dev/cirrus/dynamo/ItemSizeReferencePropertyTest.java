package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The optimised size walk against {@link ReferenceItemSize} on random items: every kind of value, nesting past
 * the limit, empty and duplicate sets, malformed and out-of-range numbers, null and untyped values, and values
 * whose SDK {@code type()} does not name their member. Each example is drawn from a seeded {@link Random}, so a
 * failure names the seed that reproduces it.
 */
class ItemSizeReferencePropertyTest {
  private static final long SEED = 0x1735_12E5L;

  @Test
  void utf8Bytes_anyText_equalsJavaUtf8EncoderLength() {
    qt().withFixedSeed(SEED).withExamples(3000).forAll(longs().all()).checkAssert(seed -> {
      String s = text(new Random(seed), 300);
      assertThat(ItemSize.utf8Bytes(s)).as("%s", seed).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
    });
  }

  @Test
  void numberSizeBytes_anyNumberText_matchesBigDecimalReference() {
    qt().withFixedSeed(SEED).withExamples(5000).forAll(longs().all()).checkAssert(seed -> {
      String number = numberText(new Random(seed));
      assertThat(outcome(() -> ItemSize.numberSizeBytes(number)))
          .as("%s (seed %s)", number, seed)
          .isEqualTo(numberOutcome(number));
    });
  }

  @Test
  void itemSizeBytes_randomItems_matchesReference() {
    qt().withFixedSeed(SEED).withExamples(2000).forAll(longs().all()).checkAssert(seed -> {
      Map<String, AttributeValue> item = item(new Random(seed), 0.02);
      assertThat(outcome(() -> ItemSize.itemSizeBytes(item)))
          .as("seed %s", seed)
          .isEqualTo(ReferenceItemSize.item(item, false));
    });
  }

  @Test
  void valueSizeBytes_randomValues_matchesReference() {
    qt().withFixedSeed(SEED).withExamples(2000).forAll(longs().all()).checkAssert(seed -> {
      AttributeValue value = value(new Random(seed), 0, 0.02);
      assertThat(outcome(() -> ItemSize.valueSizeBytes(value)))
          .as("seed %s", seed)
          .isEqualTo(ReferenceItemSize.value(value));
    });
  }

  @Test
  void validateItem_randomItemsWithViolations_sameSizeOrSameViolationAndPath() {
    ItemValidator validator = ItemValidator.forTable("pk");
    qt().withFixedSeed(SEED).withExamples(2000).forAll(longs().all()).checkAssert(seed -> {
      Map<String, AttributeValue> item = item(new Random(seed), 0.08);
      item.put("pk", AttributeValue.fromS("key"));
      ReferenceItemSize.Outcome expected = ReferenceItemSize.item(item, true);
      assertThat(outcome(() -> validator.validateItem(item))).as("seed %s", seed).isEqualTo(expected);
    });
  }

  @Test
  void valueSizeBytes_twoMembersSet_sizedByFirstInDocumentedOrder() {
    AttributeValue both = AttributeValue.builder().s("abc").n("12345").build();
    AttributeValue numberAndBool = AttributeValue.builder().bool(true).n("12345").build();
    assertThat(ItemSize.valueSizeBytes(both)).isEqualTo(3);
    assertThat(ItemSize.valueSizeBytes(numberAndBool)).isEqualTo(4);
  }

  @Test
  void valueSizeBytes_memberSetThenCleared_rejectedAsUntyped() {
    AttributeValue cleared = AttributeValue.builder().s("abc").s(null).build();
    AttributeValue clearedMap = AttributeValue.builder().m(Map.of("k", AttributeValue.fromS("v"))).m((Map<String, AttributeValue>) null).build();
    assertThatThrownBy(() -> ItemSize.valueSizeBytes(cleared))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("item: attribute value has no type (none of S, N, B, SS, NS, BS, M, L, BOOL, NULL is set)");
    assertThatThrownBy(() -> ItemSize.itemSizeBytes(Map.of("a", AttributeValue.fromL(List.of(clearedMap)))))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'a[0]': attribute value has no type (none of S, N, B, SS, NS, BS, M, L, BOOL, NULL "
            + "is set)");
  }

  @Test
  void valueSizeBytes_emptyMapListAndSets_threeBytesForContainersZeroForSets() {
    assertThat(ItemSize.valueSizeBytes(AttributeValue.fromM(Map.of()))).isEqualTo(3);
    assertThat(ItemSize.valueSizeBytes(AttributeValue.fromL(List.of()))).isEqualTo(3);
    assertThat(ItemSize.valueSizeBytes(AttributeValue.fromSs(List.of()))).isZero();
    assertThat(ItemSize.valueSizeBytes(AttributeValue.fromNs(List.of()))).isZero();
    assertThat(ItemSize.valueSizeBytes(AttributeValue.fromBs(List.of()))).isZero();
  }

  @Test
  void itemSizeBytes_nullAttributeName_throwsNullPointerException() {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(null, AttributeValue.fromS("v"));
    assertThatThrownBy(() -> ItemSize.itemSizeBytes(item))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("item has a null attribute name");
  }

  @Test
  void validateItem_duplicateInSmallAndLargeSets_rejectedWithPath() {
    ItemValidator validator = ItemValidator.forTable("pk");
    for (int size : new int[] {2, 16, 17, 200}) {
      List<String> strings = new ArrayList<>();
      List<SdkBytes> binaries = new ArrayList<>();
      for (int i = 0; i < size - 1; i++) {
        strings.add("s" + i);
        binaries.add(SdkBytes.fromByteArray(new byte[] {(byte) i, (byte) (i >> 8)}));
      }
      strings.add("s" + (size / 2 - 1));
      binaries.add(SdkBytes.fromByteArray(new byte[] {(byte) (size / 2 - 1), 0}));
      Map<String, AttributeValue> withStrings = Map.of("pk", AttributeValue.fromS("k"),
          "m", AttributeValue.fromM(Map.of("ss", AttributeValue.fromSs(strings))));
      Map<String, AttributeValue> withBinaries = Map.of("pk", AttributeValue.fromS("k"),
          "bs", AttributeValue.fromBs(binaries));
      assertThatThrownBy(() -> validator.validateItem(withStrings))
          .as("%d strings", size)
          .isInstanceOf(InvalidItemException.class)
          .hasMessage("attribute 'm.ss': string set holds a duplicate element");
      assertThatThrownBy(() -> validator.validateItem(withBinaries))
          .as("%d binaries", size)
          .isInstanceOf(InvalidItemException.class)
          .hasMessage("attribute 'bs': binary set holds a duplicate element");
      assertThat(ItemSize.itemSizeBytes(withStrings)).isEqualTo(ReferenceItemSize.item(withStrings, false).size());
    }
  }

  private interface SizeCall {
    long size();
  }

  private static ReferenceItemSize.Outcome outcome(SizeCall call) {
    try {
      return ReferenceItemSize.Outcome.of(call.size());
    } catch (InvalidItemException e) {
      return ReferenceItemSize.Outcome.of(e);
    }
  }

  private static ReferenceItemSize.Outcome numberOutcome(String number) {
    try {
      return ReferenceItemSize.Outcome.of(ReferenceItemSize.number(number, ""));
    } catch (InvalidItemException e) {
      return ReferenceItemSize.Outcome.of(e);
    }
  }

  /** Text mixing ASCII, Latin-1, other BMP, surrogate pairs and lone surrogates of either kind. */
  static String text(Random r, int maxLength) {
    int length = r.nextInt(4) == 0 ? r.nextInt(4) : r.nextInt(maxLength + 1);
    int mix = r.nextInt(5);
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      int pick = mix == 0 ? 0 : r.nextInt(12);
      if (pick < 6) {
        sb.append((char) (0x20 + r.nextInt(0x5F)));
      } else if (pick < 8) {
        sb.append((char) (0x80 + r.nextInt(0x780)));
      } else if (pick < 9) {
        sb.append((char) (0x800 + r.nextInt(0xD000)));
      } else if (pick < 10) {
        sb.appendCodePoint(0x10000 + r.nextInt(0x100000));
      } else if (pick < 11) {
        sb.append((char) (0xD800 + r.nextInt(0x400)));
      } else {
        sb.append((char) (0xDC00 + r.nextInt(0x400)));
      }
    }
    return sb.toString();
  }

  /** Number text in every notation DynamoDB accepts, and some it does not. */
  static String numberText(Random r) {
    StringBuilder sb = new StringBuilder();
    int sign = r.nextInt(6);
    if (sign == 0) {
      sb.append('-');
    } else if (sign == 1) {
      sb.append('+');
    }
    int leadingZeros = r.nextInt(3) == 0 ? r.nextInt(4) : 0;
    sb.append("0".repeat(leadingZeros));
    int intDigits = r.nextInt(5) == 0 ? r.nextInt(45) : r.nextInt(8);
    for (int i = 0; i < intDigits; i++) {
      sb.append(digit(r));
    }
    if (r.nextBoolean()) {
      sb.append('.');
      int fraction = r.nextInt(5) == 0 ? r.nextInt(45) : r.nextInt(8);
      for (int i = 0; i < fraction; i++) {
        sb.append(digit(r));
      }
    }
    if (r.nextInt(3) == 0) {
      sb.append(r.nextBoolean() ? 'e' : 'E');
      int expSign = r.nextInt(3);
      if (expSign == 0) {
        sb.append('-');
      } else if (expSign == 1) {
        sb.append('+');
      }
      sb.append(r.nextInt(4) == 0 ? r.nextInt(300) : r.nextInt(20));
    }
    if (r.nextInt(40) == 0) {
      sb.insert(r.nextInt(sb.length() + 1), "-.+x ".charAt(r.nextInt(5)));
    }
    return sb.toString();
  }

  private static char digit(Random r) {
    // Zeros often, so leading, trailing and inner zero runs all occur.
    return r.nextInt(3) == 0 ? '0' : (char) ('1' + r.nextInt(9));
  }

  /** A top-level item of up to 10 attributes; {@code oddity} is the chance of each rule-breaking value. */
  static Map<String, AttributeValue> item(Random r, double oddity) {
    Map<String, AttributeValue> item = r.nextBoolean() ? new LinkedHashMap<>() : new HashMap<>();
    int n = r.nextInt(11);
    for (int i = 0; i < n; i++) {
      item.put(text(r, 12) + i, value(r, 1, oddity));
    }
    return item;
  }

  static AttributeValue value(Random r, int depth, double oddity) {
    if (r.nextDouble() < oddity) {
      return odd(r, depth);
    }
    int kind = r.nextInt(depth > 4 ? 9 : 11);
    switch (kind) {
      case 0:
      case 1:
        return AttributeValue.fromS(text(r, 40));
      case 2:
        return AttributeValue.fromN(plainNumber(r));
      case 3:
        return AttributeValue.fromB(SdkBytes.fromByteArray(new byte[r.nextInt(40)]));
      case 4:
        return AttributeValue.fromBool(r.nextBoolean());
      case 5:
        return AttributeValue.fromNul(true);
      case 6: {
        List<String> ss = new ArrayList<>();
        for (int i = 1 + r.nextInt(20); i > 0; i--) {
          ss.add(text(r, 10) + "#" + i);
        }
        return AttributeValue.fromSs(ss);
      }
      case 7: {
        List<String> ns = new ArrayList<>();
        for (int i = 1 + r.nextInt(20); i > 0; i--) {
          ns.add(i + "." + r.nextInt(100));
        }
        return AttributeValue.fromNs(ns);
      }
      case 8: {
        List<SdkBytes> bs = new ArrayList<>();
        for (int i = 1 + r.nextInt(20); i > 0; i--) {
          bs.add(SdkBytes.fromUtf8String("b" + i));
        }
        return AttributeValue.fromBs(bs);
      }
      case 9: {
        List<AttributeValue> l = new ArrayList<>();
        for (int i = r.nextInt(6); i > 0; i--) {
          l.add(value(r, depth + 1, oddity));
        }
        return AttributeValue.fromL(l);
      }
      default: {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        for (int i = r.nextInt(6); i > 0; i--) {
          m.put(text(r, 8) + i, value(r, depth + 1, oddity));
        }
        return AttributeValue.fromM(m);
      }
    }
  }

  private static String plainNumber(Random r) {
    String number = numberText(r);
    try {
      ReferenceItemSize.number(number, "");
      return number;
    } catch (InvalidItemException e) {
      return Integer.toString(r.nextInt());
    }
  }

  /** A value that breaks a rule, or that only the slow path of the walk handles. */
  private static AttributeValue odd(Random r, int depth) {
    switch (r.nextInt(11)) {
      case 0:
        return null;
      case 1:
        return AttributeValue.builder().build();
      case 2:
        return AttributeValue.builder().s(text(r, 5)).n("1").build();
      case 3:
        return AttributeValue.builder().s("x").s(null).build();
      case 4:
        return AttributeValue.fromN(numberText(r));
      case 5:
        return r.nextBoolean() ? AttributeValue.fromSs(List.of()) : AttributeValue.fromNs(List.of());
      case 6:
        return AttributeValue.fromSs(List.of("a", "b", "a"));
      case 7:
        return AttributeValue.fromNs(List.of("1.0", "2", "1e0"));
      case 8:
        return AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromUtf8String("x")));
      case 9:
        return AttributeValue.builder().l(List.of(AttributeValue.fromS("a"))).l((List<AttributeValue>) null).build();
      default: {
        // A chain of single-element lists and maps reaching 30 to 35 container levels in all.
        AttributeValue v = AttributeValue.fromS("leaf");
        for (int level = 30 + r.nextInt(6) - depth; level > 0; level--) {
          v = r.nextBoolean() ? AttributeValue.fromL(List.of(v)) : AttributeValue.fromM(Map.of("k", v));
        }
        return v;
      }
    }
  }
}
