package dev.cirrus.cache.internal;

import dev.cirrus.cache.RetirementCause;
import java.util.concurrent.CompletableFuture;

/**
 * What the map holds per key: the future of an {@link Entry}, plus a mark left by Caffeine's eviction
 * listener.
 *
 * <p>Caffeine calls the eviction listener inside its atomic map operation, where nothing may touch the
 * map again. Registering a dependent on an in-flight future there ({@code thenAccept}) is not safe: if
 * the load completes at that moment, {@link CompletableFuture} lets the registering thread help run
 * the future's other dependents, and a waiter's dependent does claim and remove mappings of the same
 * key, which corrupts the map mid-operation (a newer load's mapping can vanish without notice, and its
 * value then is never destroyed). So the listener only leaves this mark and retires an entry that is
 * already loaded; whoever completes the future retires the entry if it finds the mark. Both sides write
 * first and read second (volatile mark, volatile result), so at least one of them sees the other.
 */
final class Slot<K, V> extends CompletableFuture<Entry<K, V>> {

  private volatile RetirementCause evicted;

  /** Called by the eviction listener: never runs dependents, never touches the map. */
  void markEvicted(RetirementCause cause) {
    evicted = cause;
    Entry<K, V> entry = loadedEntry();
    if (entry != null) {
      entry.retire(cause);
    }
  }

  /** Completes with {@code entry}, then retires it if the slot was evicted while in flight. */
  void completeWith(Entry<K, V> entry) {
    complete(entry);
    RetirementCause cause = evicted;
    if (cause != null) {
      entry.retire(cause);
    }
  }

  /** The entry if the load completed normally, else null; never blocks or runs dependents. */
  Entry<K, V> loadedEntry() {
    return isDone() && !isCompletedExceptionally() ? getNow(null) : null;
  }
}
