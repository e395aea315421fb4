package dev.cirrus.dynamo.cache.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Orders writes through the cache per key. Two writes to one key that overlap in time may be applied by DynamoDB in
 * either order, so neither's {@code ALL_NEW} can be trusted as the latest value: every write of an overlapping group
 * invalidates. The decision and the cache update happen inside one {@code compute} on the key, so a later write that
 * begins after an earlier one ended always updates the cache after it.
 */
final class WriteTracker {
  private static final class State {
    int inFlight;
    boolean contended;
  }

  private final ConcurrentHashMap<ItemKey, State> states = new ConcurrentHashMap<>();

  /** Marks a write to {@code key} as sent. */
  void begin(ItemKey key) {
    states.compute(key, (k, s) -> {
      State state = s == null ? new State() : s;
      if (state.inFlight > 0) {
        state.contended = true;
      }
      state.inFlight++;
      return state;
    });
  }

  /**
   * Marks the write as answered and applies its effect under the key's lock: {@code update} gets true if the
   * caller's new value may be installed (no overlapping write), false if the entry must be invalidated.
   */
  void end(ItemKey key, Consumer<Boolean> update) {
    states.compute(key, (k, s) -> {
      boolean alone = s == null || !s.contended;
      update.accept(alone);
      if (s == null) {
        return null;
      }
      s.inFlight--;
      return s.inFlight == 0 ? null : s;
    });
  }

  /** Keys with a write in flight (for tests and stats). */
  int inFlight() {
    return states.size();
  }
}
