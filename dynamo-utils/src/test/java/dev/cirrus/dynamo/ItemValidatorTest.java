package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ItemValidatorTest {
  private final ItemValidator validator = ItemValidator.forTable("pk", "sk");

  private static Map<String, AttributeValue> item(String pk, String sk) {
    Map<String, AttributeValue> m = new HashMap<>();
    m.put("pk", AttributeValue.fromS(pk));
    m.put("sk", AttributeValue.fromS(sk));
    return m;
  }

  @Test
  void validateItem_exactly409600Bytes_accepted() {
    Map<String, AttributeValue> m = item("a", "b");
    m.put("d", AttributeValue.fromS("x".repeat(409_600 - 6 - 1)));
    assertThat(validator.validateItem(m)).isEqualTo(409_600);
  }

  @Test
  void validateItem_409601Bytes_rejected() {
    Map<String, AttributeValue> m = item("a", "b");
    m.put("d", AttributeValue.fromS("x".repeat(409_600 - 6)));
    assertThatThrownBy(() -> validator.validateItem(m))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("item: item size must be at most 409600 bytes, was 409601");
  }

  @Test
  void validateItem_partitionKey2049Bytes_rejected() {
    assertThatThrownBy(() -> validator.validateItem(item("k".repeat(2049), "s")))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'pk': partition key value must be at most 2048 bytes, was 2049");
    assertThat(validator.validateItem(item("k".repeat(2048), "s"))).isEqualTo(2 + 2048 + 2 + 1);
  }

  @Test
  void validateItem_sortKey1025Bytes_rejected() {
    assertThatThrownBy(() -> validator.validateItem(item("p", "\u00e9".repeat(512) + "x")))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'sk': sort key value must be at most 1024 bytes, was 1025");
  }

  @Test
  void validateItem_emptyStringPartitionKey_rejected() {
    assertThatThrownBy(() -> validator.validateItem(item("", "s")))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'pk': partition key value must not be empty (String and Binary key values need at least 1 byte)")
        .extracting(e -> ((InvalidItemException) e).violation()).isEqualTo(ItemViolation.EMPTY_KEY_VALUE);
  }

  @Test
  void validateKey_emptyBinarySortKey_rejected() {
    Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("p"),
        "sk", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[0])));
    assertThatThrownBy(() -> validator.validateKey(key))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'sk': sort key value must not be empty (String and Binary key values need at least 1 byte)");
  }

  @Test
  void validateItem_emptyStringNonKey_accepted() {
    Map<String, AttributeValue> m = item("p", "s");
    m.put("note", AttributeValue.fromS(""));
    assertThat(validator.validateItem(m)).isEqualTo(3 + 3 + 4);
  }

  @Test
  void validateItem_missingSortKey_rejected() {
    assertThatThrownBy(() -> validator.validateItem(Map.of("pk", AttributeValue.fromS("p"))))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'sk': sort key attribute is missing");
  }

  @Test
  void validateItem_boolPartitionKey_rejected() {
    assertThatThrownBy(() -> validator.validateItem(Map.of("pk", AttributeValue.fromBool(true),
        "sk", AttributeValue.fromS("s"))))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'pk': partition key must be of type S, N or B, was BOOL");
  }

  @Test
  void validateKey_extraAttribute_rejected() {
    Map<String, AttributeValue> key = item("p", "s");
    key.put("other", AttributeValue.fromS("x"));
    assertThatThrownBy(() -> validator.validateKey(key))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'other': a key must hold only the key attributes [pk, sk], found extra attribute");
  }

  @Test
  void validateItem_emptySet_rejected() {
    Map<String, AttributeValue> m = item("p", "s");
    m.put("tags", AttributeValue.fromM(Map.of("t", AttributeValue.fromSs(List.of()))));
    assertThatThrownBy(() -> validator.validateItem(m))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'tags.t': sets must hold at least 1 element, was 0");
  }

  @Test
  void validateItem_duplicateNumbersByValue_rejected() {
    Map<String, AttributeValue> m = item("p", "s");
    m.put("ns", AttributeValue.fromNs(List.of("1", "2", "1.0")));
    assertThatThrownBy(() -> validator.validateItem(m))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'ns': number set holds a duplicate element");
  }

  @Test
  void validateItem_duplicateStringsAndBinaries_rejected() {
    Map<String, AttributeValue> m = item("p", "s");
    m.put("ss", AttributeValue.fromSs(List.of("a", "a")));
    assertThatThrownBy(() -> validator.validateItem(m)).isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'ss': string set holds a duplicate element");
    Map<String, AttributeValue> b = item("p", "s");
    b.put("bs", AttributeValue.fromBs(List.of(SdkBytes.fromUtf8String("x"), SdkBytes.fromUtf8String("x"))));
    assertThatThrownBy(() -> validator.validateItem(b)).isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'bs': binary set holds a duplicate element");
  }

  @Test
  void validateItem_32LevelsAccepted_33Rejected() {
    Map<String, AttributeValue> ok = item("p", "s");
    ok.put("n", nest(32));
    assertThat(validator.validateItem(ok)).isPositive();
    Map<String, AttributeValue> bad = item("p", "s");
    bad.put("n", nest(33));
    assertThatThrownBy(() -> validator.validateItem(bad))
        .isInstanceOf(InvalidItemException.class)
        .hasMessageStartingWith("attribute 'n")
        .hasMessageEndingWith("lists and maps must be nested at most 32 levels deep, was 33")
        .extracting(e -> ((InvalidItemException) e).attributePath())
        .isEqualTo(pathOfLevel33());
  }

  private static String pathOfLevel33() {
    // Level 1 is the map at "n"; odd levels are maps (child key "x"), even levels lists (child index 0).
    StringBuilder sb = new StringBuilder("n");
    for (int level = 1; level <= 32; level++) {
      sb.append(level % 2 == 1 ? ".x" : "[0]");
    }
    return sb.toString();
  }

  private static AttributeValue nest(int levels) {
    AttributeValue v = AttributeValue.fromS("leaf");
    for (int level = levels; level >= 1; level--) {
      v = level % 2 == 1 ? AttributeValue.fromM(Map.of("x", v)) : AttributeValue.fromL(List.of(v));
    }
    return v;
  }

  @Test
  void validateItem_39DigitNumber_rejectedWithPath() {
    Map<String, AttributeValue> m = item("p", "s");
    m.put("amount", AttributeValue.fromN("1".repeat(39)));
    assertThatThrownBy(() -> validator.validateItem(m))
        .isInstanceOf(InvalidItemException.class)
        .hasMessage("attribute 'amount': number has 39 significant digits, at most 38 allowed");
  }

  @Test
  void builder_sameNames_rejected() {
    assertThatThrownBy(() -> ItemValidator.forTable("pk", "pk"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("sortKey must differ from partitionKey, both were 'pk'");
    assertThatThrownBy(() -> ItemValidator.forTable(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("partitionKey must not be empty");
    assertThatThrownBy(() -> ItemValidator.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("partitionKey must be set");
  }

  @Test
  void keyOf_item_extractsKeyAttributes() {
    Map<String, AttributeValue> m = item("p", "s");
    m.put("x", AttributeValue.fromS("y"));
    assertThat(validator.keyOf(m)).containsOnlyKeys("pk", "sk");
  }
}
