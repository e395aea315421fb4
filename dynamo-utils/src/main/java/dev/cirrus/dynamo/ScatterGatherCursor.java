package dev.cirrus.dynamo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Where a {@link ScatterGatherQuery} stopped: per shard, the key of the last item handed out (the next query's
 * {@code ExclusiveStartKey}) or that the shard is exhausted. Opaque; pass it back to continue.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ScatterGatherCursor {
  private final List<Map<String, AttributeValue>> startKeys;
  private final boolean[] exhausted;

  ScatterGatherCursor(List<Map<String, AttributeValue>> startKeys, boolean[] exhausted) {
    this.startKeys = Collections.unmodifiableList(new ArrayList<>(startKeys));
    this.exhausted = exhausted.clone();
  }

  static ScatterGatherCursor start(int shards) {
    return new ScatterGatherCursor(Collections.nCopies(shards, null), new boolean[shards]);
  }

  int shards() {
    return exhausted.length;
  }

  Map<String, AttributeValue> startKey(int shard) {
    return startKeys.get(shard);
  }

  boolean exhausted(int shard) {
    return exhausted[shard];
  }

  /** {@return whether every shard is exhausted} */
  public boolean isFinished() {
    for (boolean e : exhausted) {
      if (!e) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    int done = 0;
    for (boolean e : exhausted) {
      done += e ? 1 : 0;
    }
    return "ScatterGatherCursor[" + done + "/" + exhausted.length + " shards exhausted]";
  }
}
