package dev.cirrus.dynamo;

import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What a {@link BatchGetter#get} found.
 *
 * <p>Instances are immutable (the lists are copied) and thread-safe.
 *
 * @param items the items found, in no particular order
 * @param missingKeys requested keys (after removing duplicates) for which no item exists
 * @param requests BatchGetItem requests sent, including re-sends
 * @param resends requests that re-sent unprocessed keys or retried a throttled or failed request
 * @param consumedCapacityUnits read capacity units DynamoDB reported (ReturnConsumedCapacity TOTAL)
 */
public record BatchGetResult(List<Map<String, AttributeValue>> items, List<Map<String, AttributeValue>> missingKeys,
                             long requests, long resends, double consumedCapacityUnits) {
  /**
   * Copies the lists.
   *
   * @param items the items found, in no particular order
   * @param missingKeys requested keys (after removing duplicates) for which no item exists
   * @param requests BatchGetItem requests sent, including re-sends
   * @param resends requests that re-sent unprocessed keys or retried a throttled or failed request
   * @param consumedCapacityUnits read capacity units DynamoDB reported (ReturnConsumedCapacity TOTAL)
   */
  public BatchGetResult {
    items = List.copyOf(items);
    missingKeys = List.copyOf(missingKeys);
  }
}
