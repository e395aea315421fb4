package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.dynamo.internal.DynamoNumbers;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Regression (found by DynamoNumbersFuzzTest): zero with an exponent beyond an int, such as {@code 0E+99999999999},
 * is sized as zero (1 byte), but canonicalising it for the number-set duplicate check parsed it with BigDecimal,
 * whose NumberFormatException then escaped {@link ItemValidator#validateItem}, which documents only {@link
 * InvalidItemException}.
 */
class ZeroWithLongExponentTest {
  private static final ItemValidator VALIDATOR = ItemValidator.forTable("pk");

  @Test
  void canonical_zeroWithExponentBeyondInt_isZero() {
    assertThat(DynamoNumbers.canonical("0E+99999999999", null)).isEqualTo(BigDecimal.ZERO);
    assertThat(DynamoNumbers.canonical("-0.000e-2147483649", null)).isEqualTo(BigDecimal.ZERO);
  }

  @Test
  void validateItem_numberSetWithSuchAZero_isValid() {
    Map<String, AttributeValue> item = Map.of(
        "pk", AttributeValue.fromS("a"),
        "ns", AttributeValue.fromNs(java.util.List.of("0E+99999999999", "1")));

    assertThat(VALIDATOR.validateItem(item)).isEqualTo(ItemSize.itemSizeBytes(item));
  }

  @Test
  void validateItem_numberSetWithTwoSpellingsOfZero_isADuplicate() {
    Map<String, AttributeValue> item = Map.of(
        "pk", AttributeValue.fromS("a"),
        "ns", AttributeValue.fromNs(java.util.List.of("0", "0e99999999999")));

    assertThatThrownBy(() -> VALIDATOR.validateItem(item))
        .isInstanceOfSatisfying(InvalidItemException.class,
            e -> assertThat(e.violation()).isEqualTo(ItemViolation.DUPLICATE_SET_ELEMENT));
  }
}
