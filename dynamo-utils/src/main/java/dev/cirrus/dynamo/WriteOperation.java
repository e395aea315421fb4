package dev.cirrus.dynamo;

import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * One put or delete for {@link BatchWriter}.
 *
 * <p>Instances are immutable and thread-safe (the maps are copied).
 */
public final class WriteOperation {
  private final boolean put;
  private final Map<String, AttributeValue> attributes;

  private WriteOperation(boolean put, Map<String, AttributeValue> attributes) {
    this.put = put;
    this.attributes = Map.copyOf(attributes);
  }

  /**
   * A put of a whole item (replacing any item with the same key).
   *
   * @param item the whole item, key attributes included
   * @return A put of a whole item (replacing any item with the same key)
   */
  public static WriteOperation put(Map<String, AttributeValue> item) {
    return new WriteOperation(true, Objects.requireNonNull(item, "item"));
  }

  /**
   * A delete of the item with this primary key.
   *
   * @param key the primary key
   * @return A delete of the item with this primary key
   */
  public static WriteOperation delete(Map<String, AttributeValue> key) {
    return new WriteOperation(false, Objects.requireNonNull(key, "key"));
  }

  /** {@return whether this is a put (else a delete)} */
  public boolean isPut() {
    return put;
  }

  /** {@return the item of a put, or the key of a delete} */
  public Map<String, AttributeValue> attributes() {
    return attributes;
  }

  /** {@return the SDK request element} */
  public WriteRequest toWriteRequest() {
    return put ? WriteRequest.builder().putRequest(PutRequest.builder().item(attributes).build()).build()
        : WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(attributes).build()).build();
  }

  /**
   * The operation for an SDK request element (as found in {@code UnprocessedItems}).
   *
   * @param request a put or delete request
   * @return the operation for an SDK request element (as found in {@code UnprocessedItems})
   */
  public static WriteOperation of(WriteRequest request) {
    if (request.putRequest() != null) {
      return put(request.putRequest().item());
    }
    if (request.deleteRequest() != null) {
      return delete(request.deleteRequest().key());
    }
    throw new IllegalArgumentException("write request has neither a put nor a delete");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WriteOperation w && w.put == put && w.attributes.equals(attributes);
  }

  @Override
  public int hashCode() {
    return Boolean.hashCode(put) * 31 + attributes.hashCode();
  }

  /** Type and attribute names only; values may be sensitive. */
  @Override
  public String toString() {
    return (put ? "Put" : "Delete") + attributes.keySet();
  }
}
