package dev.cirrus.dynamo.cache;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/** A table keyed by a number {@code id} that holds one item per key, as DynamoDB spells it ("1"). */
final class FakeNumberTable implements DynamoDbClient {
  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    return GetItemResponse.builder().item(request.key()).build();
  }

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {
  }
}
