package dev.cirrus.dynamo;

/**
 * What a successful {@link BatchWriter#write} did.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param operationsWritten operations DynamoDB acknowledged (after collapsing duplicates)
 * @param operationsSuperseded operations dropped because a later operation in the same call had the same key
 *     (the later one was written instead, the same final state as writing both in order)
 * @param requests BatchWriteItem requests sent, including re-sends and failed attempts
 * @param resends requests that re-sent unprocessed items or retried a throttled or failed request
 * @param consumedCapacityUnits write capacity units DynamoDB reported (ReturnConsumedCapacity TOTAL)
 */
public record BatchWriteResult(long operationsWritten, long operationsSuperseded, long requests, long resends,
                               double consumedCapacityUnits) {
}
