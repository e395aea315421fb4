package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Pure unit test with an in-memory async client whose pages are cut short (at most 3 items per response, like
 * DynamoDB's 1 MB page limit), so the per-shard follow-up and the cursor are exercised.
 */
class ScatterGatherQueryTest {

  private static final class ShortPageClient implements DynamoDbAsyncClient {
    final Map<String, List<Map<String, AttributeValue>>> byPk = new HashMap<>();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public CompletableFuture<QueryResponse> query(QueryRequest request) {
      calls.incrementAndGet();
      String pk = request.expressionAttributeValues().get(":cirrusPk").s();
      List<Map<String, AttributeValue>> items = new ArrayList<>(byPk.getOrDefault(pk, List.of()));
      Comparator<Map<String, AttributeValue>> bySk = Comparator.comparing(i -> new BigDecimal(i.get("sk").n()));
      items.sort(Boolean.FALSE.equals(request.scanIndexForward()) ? bySk.reversed() : bySk);
      int from = 0;
      if (request.hasExclusiveStartKey()) {
        BigDecimal start = new BigDecimal(request.exclusiveStartKey().get("sk").n());
        while (from < items.size() && new BigDecimal(items.get(from).get("sk").n()).compareTo(start) != 0) {
          from++;
        }
        from++;
      }
      int to = Math.min(items.size(), from + Math.min(3, request.limit()));
      List<Map<String, AttributeValue>> page = items.subList(Math.min(from, items.size()), to);
      QueryResponse.Builder resp = QueryResponse.builder().items(page)
          .consumedCapacity(ConsumedCapacity.builder().capacityUnits(0.5).build());
      if (to < items.size()) {
        Map<String, AttributeValue> last = page.get(page.size() - 1);
        resp.lastEvaluatedKey(Map.of("pk", last.get("pk"), "sk", last.get("sk")));
      }
      return CompletableFuture.completedFuture(resp.build());
    }

    @Override
    public String serviceName() {
      return "dynamodb";
    }

    @Override
    public void close() {
    }
  }

  @Test
  void query_shortPagesAndUnevenShards_exactMergeAndCapacity() {
    WriteSharding sharding = WriteSharding.calculated(5);
    ShortPageClient client = new ShortPageClient();
    SplittableRandom r = new SplittableRandom(3);
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < 97; i++) {
      int sk = r.nextInt(1_000_000);
      all.add(sk);
      String pk = sharding.writeKey("day", "id-" + i);
      client.byPk.computeIfAbsent(pk, k -> new ArrayList<>())
          .add(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(Integer.toString(sk))));
    }
    all.sort(Comparator.reverseOrder());
    ScatterGatherQuery q = ScatterGatherQuery.builder().client(client).tableName("t").partitionKeyName("pk")
        .sortKeyName("sk").sharding(sharding).order(MergeOrder.DESCENDING).build();
    List<Integer> read = new ArrayList<>();
    double capacity = 0;
    int requests = 0;
    ScatterGatherCursor cursor = q.start();
    while (cursor != null) {
      ScatterGatherPage page = q.query("day", 10, cursor).join();
      assertThat(page.items().size()).isLessThanOrEqualTo(10);
      page.items().forEach(i -> read.add(Integer.parseInt(i.get("sk").n())));
      capacity += page.consumedCapacityUnits();
      requests += page.requests();
      cursor = page.cursor().orElse(null);
    }
    assertThat(read).containsExactlyElementsOf(all);
    assertThat(requests).isEqualTo(client.calls.get());
    assertThat(capacity).isEqualTo(0.5 * client.calls.get());
  }

  @Test
  void query_exhaustedShards_notQueriedAgain() {
    WriteSharding sharding = WriteSharding.calculated(4);
    ShortPageClient client = new ShortPageClient();
    String pk = sharding.key("day", 2);
    for (int i = 0; i < 8; i++) {
      client.byPk.computeIfAbsent(pk, k -> new ArrayList<>())
          .add(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromN(Integer.toString(i))));
    }
    ScatterGatherQuery q = ScatterGatherQuery.builder().client(client).tableName("t").partitionKeyName("pk")
        .sortKeyName("sk").sharding(sharding).order(MergeOrder.UNORDERED).build();
    ScatterGatherPage first = q.query("day", 5, q.start()).join();
    assertThat(first.items()).hasSize(5);
    assertThat(first.requests()).isEqualTo(3 + 2);
    ScatterGatherPage second = q.query("day", 5, first.cursor().orElseThrow()).join();
    assertThat(second.items()).extracting(i -> i.get("sk").n()).containsExactly("5", "6", "7");
    assertThat(second.requests()).isEqualTo(1);
    assertThat(second.cursor()).isEmpty();
  }
}
