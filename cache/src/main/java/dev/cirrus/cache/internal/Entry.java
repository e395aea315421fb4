package dev.cirrus.cache.internal;

import dev.cirrus.cache.RetirementCause;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One loaded value with its usage budget, retirement flag and lease count ({@link UsageBudget}: exact
 * limits and lease counting with per-thread cells, so that a hit writes no word other threads use).
 *
 * <p>The value is destroyed exactly once, by the first caller that sees the entry retired and the
 * lease count at zero (a compare-and-set on {@code destroyed}); see {@link UsageBudget} for why the
 * lock-free count is exact then. An entry is retired by whoever first finds a reason: the reservation
 * that takes its last use or brings its bytes to the limit, a request it cannot serve, its age,
 * eviction, invalidation, a refresh that replaces it, or the cache's close.
 */
final class Entry<K, V> extends UsageBudget {

  static final int OK_REFRESH = 1;
  static final int AGE = 3;
  /** Reserved, and that was the last use: the caller owns a lease and must retire the entry. */
  static final int LAST_USE = 6;
  /** Reserved, and the bytes are now at the limit: the caller owns a lease and must retire the entry. */
  static final int LAST_BYTES = 7;

  private static final VarHandle REFRESH;
  private static final VarHandle DESTROYED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      REFRESH = lookup.findVarHandle(Entry.class, "refresh", Slot.class);
      DESTROYED = lookup.findVarHandle(Entry.class, "destroyed", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final CacheCore<K, V> core;
  final K key;
  final V value;
  final long createdNanos;
  /** Copies of the policy's age limits, read on every hit. */
  private final long maxAgeNanos;
  private final long softAgeNanos;
  private final boolean refreshAhead;

  @SuppressWarnings("unused") // accessed through DESTROYED
  private volatile int destroyed;

  private volatile Slot<K, V> refresh;

  Entry(CacheCore<K, V> core, K key, V value, long createdNanos) {
    super(core.maxUses, core.maxBytes, core.softUses, core.softBytes);
    this.core = core;
    this.key = key;
    this.value = value;
    this.createdNanos = createdNanos;
    this.maxAgeNanos = core.maxAgeNanos;
    this.softAgeNanos = core.softAgeNanos;
    this.refreshAhead = core.refreshAhead;
  }

  /** An entry that is born retired with one lease: for bypass requests, destroyed when that closes. */
  static <K, V> Entry<K, V> bypass(CacheCore<K, V> core, K key, V value, long createdNanos, long bytes) {
    Entry<K, V> entry = new Entry<>(core, key, value, createdNanos);
    entry.bornRetiredWithOneLease(bytes);
    return entry;
  }

  /** Whether a {@link #tryReserve} result means the reservation was taken (the caller owns a lease). */
  static boolean reserved(int result) {
    return result == OK || result == OK_REFRESH || result == LAST_USE || result == LAST_BYTES;
  }

  /**
   * Reserves one use, {@code bytes} bytes and a lease; returns OK, OK_REFRESH, LAST_USE or LAST_BYTES
   * when it did (the caller then owns a lease; for the last two it must retire the entry, which no
   * later request could use), or why not (AGE, RETIRED, USES, BYTES).
   *
   * @param c the caller's cell ({@link #cell()}), on which the lease is counted and later released
   */
  int tryReserve(long bytes, long nowNanos, int c) {
    long age = nowNanos - createdNanos;
    if (age >= maxAgeNanos) {
      return AGE;
    }
    int result = reserve(c, bytes);
    if (result != OK) {
      return result;
    }
    if (usesExhausted(c)) {
      return LAST_USE;
    }
    if (bytes != 0 && bytesExhausted(c)) {
      return LAST_BYTES;
    }
    if (refreshAhead && refresh == null && (age >= softAgeNanos || pastSoftLimits())) {
      return OK_REFRESH;
    }
    return OK;
  }

  /** The cell that holds a bypass entry's only lease. */
  static int bypassCell() {
    return cellAt(0);
  }

  /**
   * Retires the entry once; returns false if it was already retired. {@code USES} also marks the uses
   * as run out, which only the reservation that took the last use or an end game that found none may
   * claim: see {@link UsageBudget} on why reservations that took the last uses then keep them.
   */
  boolean retire(RetirementCause cause) {
    if (!setRetired(cause == RetirementCause.USES)) {
      return false;
    }
    core.events.onRetired(key, cause);
    destroyIfUnused();
    return true;
  }

  @Override
  void destroyIfUnused() {
    if (openLeases() == 0 && DESTROYED.compareAndSet(this, 0, 1)) {
      core.events.destroy(value);
    }
  }

  boolean startRefresh(Slot<K, V> next) {
    return REFRESH.compareAndSet(this, (Slot<?, ?>) null, next);
  }

  Slot<K, V> refresh() {
    return refresh;
  }

  @Override
  public String toString() {
    return "Entry{uses=" + uses() + ", bytesUsed=" + bytesUsed() + ", retired=" + isRetired() + "}";
  }
}
