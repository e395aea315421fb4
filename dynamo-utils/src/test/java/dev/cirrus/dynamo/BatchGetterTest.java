package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;

/** Pure unit tests with an in-memory client that answers like DynamoDB; the service path is in the integration test. */
class BatchGetterTest {
  private static final ItemValidator KEYS = ItemValidator.forTable("pk");

  /**
   * Holds items under numeric keys 1 and 2 and answers as DynamoDB does: numbers in canonical form, and a
   * request naming one key twice (by value) is rejected.
   */
  private static final class NumericKeyClient implements DynamoDbClient {
    final List<List<Map<String, AttributeValue>>> requests = new ArrayList<>();

    @Override
    public synchronized BatchGetItemResponse batchGetItem(BatchGetItemRequest request) {
      List<Map<String, AttributeValue>> keys = request.requestItems().get("t").keys();
      requests.add(keys);
      List<BigDecimal> seen = new ArrayList<>();
      List<Map<String, AttributeValue>> found = new ArrayList<>();
      for (Map<String, AttributeValue> key : keys) {
        BigDecimal v = new BigDecimal(key.get("pk").n()).stripTrailingZeros();
        if (seen.stream().anyMatch(s -> s.compareTo(v) == 0)) {
          throw software.amazon.awssdk.services.dynamodb.model.DynamoDbException.builder().statusCode(400)
              .awsErrorDetails(software.amazon.awssdk.awscore.exception.AwsErrorDetails.builder()
                  .errorCode("ValidationException").errorMessage("Provided list of item keys contains duplicates")
                  .build()).build();
        }
        seen.add(v);
        if (v.compareTo(BigDecimal.ONE) == 0 || v.compareTo(BigDecimal.valueOf(2)) == 0) {
          found.add(Map.of("pk", AttributeValue.fromN(v.toPlainString()), "v", AttributeValue.fromS("x")));
        }
      }
      return BatchGetItemResponse.builder().responses(Map.of("t", found)).build();
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {
    }
  }

  private static Map<String, AttributeValue> key(String number) {
    return Map.of("pk", AttributeValue.fromN(number));
  }

  @Test
  void get_numberKeyInNonCanonicalForm_foundNotReportedMissing() {
    NumericKeyClient client = new NumericKeyClient();
    BatchGetResult r = BatchGetter.builder().client(client).tableName("t").keySchema(KEYS).build()
        .get(List.of(key("1.0"), key("2e0"), key("3")));
    assertThat(r.items()).hasSize(2);
    assertThat(r.missingKeys()).containsExactly(key("3"));
  }

  @Test
  void get_numberKeysEqualInValue_sentOnce() {
    NumericKeyClient client = new NumericKeyClient();
    BatchGetResult r = BatchGetter.builder().client(client).tableName("t").keySchema(KEYS).build()
        .get(List.of(key("1"), key("1.00"), key("10E-1")));
    assertThat(client.requests).hasSize(1);
    assertThat(client.requests.get(0)).containsExactly(key("1"));
    assertThat(r.items()).hasSize(1);
    assertThat(r.missingKeys()).isEmpty();
  }
}
