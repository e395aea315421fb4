package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.bigDecimals;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemSizePropertyTest {
  private static final long SEED = 0x5EED_D1AL;

  private static Gen<String> text() {
    return strings().betweenCodePoints(1, 0x10FFFF).ofLengthBetween(0, 40);
  }

  private static Gen<BigDecimal> decimals() {
    return bigDecimals().ofBytes(15).withScale(6).zip(integers().between(-40, 40),
        (d, shift) -> d.scaleByPowerOfTen(shift));
  }

  /** A random scalar or shallow nested value built from a seed integer. */
  private static Gen<AttributeValue> values() {
    return integers().between(0, 5).zip(text(), decimals(), (kind, s, d) -> switch (kind) {
      case 0 -> AttributeValue.fromS(s);
      case 1 -> AttributeValue.fromN(d.toString());
      case 2 -> AttributeValue.fromBool(s.length() % 2 == 0);
      case 3 -> AttributeValue.fromL(List.of(AttributeValue.fromS(s), AttributeValue.fromN(d.toPlainString())));
      case 4 -> AttributeValue.fromM(Map.of("k" + s, AttributeValue.fromNul(true)));
      default -> AttributeValue.fromSs(List.of(s + "a", s + "b"));
    });
  }

  @Test
  void itemSizeBytes_isSumOverAttributes_additive() {
    qt().withFixedSeed(SEED).withExamples(300)
        .forAll(lists().of(values()).ofSizeBetween(0, 12), lists().of(values()).ofSizeBetween(0, 12))
        .checkAssert((left, right) -> {
          Map<String, AttributeValue> a = new LinkedHashMap<>();
          Map<String, AttributeValue> b = new LinkedHashMap<>();
          for (int i = 0; i < left.size(); i++) {
            a.put("a" + i, left.get(i));
          }
          for (int i = 0; i < right.size(); i++) {
            b.put("b\u00e9" + i, right.get(i));
          }
          Map<String, AttributeValue> union = new HashMap<>(a);
          union.putAll(b);
          assertThat(ItemSize.itemSizeBytes(union)).isEqualTo(ItemSize.itemSizeBytes(a) + ItemSize.itemSizeBytes(b));
        });
  }

  @Test
  void valueSizeBytes_listAndMap_threePlusOnePerElement() {
    qt().withFixedSeed(SEED).withExamples(300)
        .forAll(lists().of(values()).ofSizeBetween(0, 10), text())
        .checkAssert((elements, keyPrefix) -> {
          long sum = 0;
          Map<String, AttributeValue> map = new LinkedHashMap<>();
          long mapSum = 0;
          for (int i = 0; i < elements.size(); i++) {
            long v = ItemSize.valueSizeBytes(elements.get(i));
            sum += 1 + v;
            String key = keyPrefix + i;
            map.put(key, elements.get(i));
            mapSum += 1 + key.getBytes(StandardCharsets.UTF_8).length + v;
          }
          assertThat(ItemSize.valueSizeBytes(AttributeValue.fromL(elements))).isEqualTo(3 + sum);
          assertThat(ItemSize.valueSizeBytes(AttributeValue.fromM(map))).isEqualTo(3 + mapSum);
          assertThat(ItemSize.valueSizeBytes(AttributeValue.fromL(List.of(AttributeValue.fromL(elements)))))
              .isEqualTo(3 + 1 + 3 + sum);
        });
  }

  @Test
  void valueSizeBytes_string_isUtf8NotUtf16Length() {
    qt().withFixedSeed(SEED).withExamples(500).forAll(text()).checkAssert(s -> {
      long size = ItemSize.valueSizeBytes(AttributeValue.fromS(s));
      assertThat(size).isEqualTo(s.getBytes(StandardCharsets.UTF_8).length);
      assertThat(size).isGreaterThanOrEqualTo(s.length());
      assertThat(ItemSize.attributeSizeBytes(s, AttributeValue.fromS(s))).isEqualTo(2 * size);
    });
  }

  @Test
  void numberSizeBytes_equalValuesInAnyNotation_sameSize() {
    qt().withFixedSeed(SEED).withExamples(1000).forAll(decimals()).checkAssert(d -> {
      int size = ItemSize.numberSizeBytes(d.toString());
      assertThat(ItemSize.numberSizeBytes(d.toPlainString())).isEqualTo(size);
      assertThat(ItemSize.numberSizeBytes(d.toEngineeringString())).isEqualTo(size);
      assertThat(ItemSize.numberSizeBytes(d.setScale(d.scale() + 3).toPlainString())).isEqualTo(size);
      assertThat(ItemSize.numberSizeBytes(d.unscaledValue() + "e" + (-d.scale()))).isEqualTo(size);
      if (d.signum() >= 0) {
        assertThat(ItemSize.numberSizeBytes("00" + d.toPlainString())).isEqualTo(size);
      }
      assertThat(size).isEqualTo(referenceSize(d));
    });
  }

  @Test
  void numberSizeBytes_negative_oneMoreByteExceptZero() {
    qt().withFixedSeed(SEED).withExamples(500).forAll(decimals()).checkAssert(d -> {
      BigDecimal abs = d.abs();
      int positive = ItemSize.numberSizeBytes(abs.toString());
      int negative = ItemSize.numberSizeBytes(abs.negate().toString());
      assertThat(negative).isEqualTo(abs.signum() == 0 ? positive : positive + 1);
      assertThat(ItemSize.numberSizeBytes("-" + abs.toPlainString())).isEqualTo(negative);
    });
  }

  /** Independent reference: count base-100 digit pairs from BigDecimal's unscaled value and scale. */
  private static int referenceSize(BigDecimal d) {
    if (d.signum() == 0) {
      return 1;
    }
    BigDecimal stripped = d.stripTrailingZeros();
    String digits = stripped.unscaledValue().abs().toString();
    int scale = stripped.scale();
    // Pad so the least significant digit sits on an even place value, then on the left to an even length.
    StringBuilder padded = new StringBuilder(digits);
    if (Math.floorMod(-scale, 2) != 0) {
      padded.append('0');
    }
    if (padded.length() % 2 != 0) {
      padded.insert(0, '0');
    }
    List<String> pairs = new ArrayList<>();
    for (int i = 0; i < padded.length(); i += 2) {
      pairs.add(padded.substring(i, i + 2));
    }
    while (pairs.get(0).equals("00")) {
      pairs.remove(0);
    }
    return 1 + pairs.size() + (d.signum() < 0 ? 1 : 0);
  }
}
