package dev.cirrus.dynamo;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One page of a {@link ScatterGatherQuery}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param items the items, in the requested {@link MergeOrder}, at most the requested limit
 * @param consumedCapacityUnits the capacity units all the queries of this page reported (ReturnConsumedCapacity
 *     TOTAL), including items read but not handed out
 * @param requests the number of Query requests sent
 * @param cursor where to continue; empty when every shard is exhausted
 */
public record ScatterGatherPage(List<Map<String, AttributeValue>> items, double consumedCapacityUnits, int requests,
                                Optional<ScatterGatherCursor> cursor) {
  /**
   * Copies the item list.
   *
   * @param items the items, in the requested {@link MergeOrder}, at most the requested limit
   * @param consumedCapacityUnits the capacity units all the queries of this page reported (ReturnConsumedCapacity
   *     TOTAL), including items read but not handed out
   * @param requests the number of Query requests sent
   * @param cursor where to continue; empty when every shard is exhausted
   */
  public ScatterGatherPage {
    items = List.copyOf(items);
  }
}
