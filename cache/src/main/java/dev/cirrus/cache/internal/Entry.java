package dev.cirrus.cache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One loaded value with its usage counters, retirement flag and lease count.
 *
 * <p>{@code state} packs three fields into one long so that "not retired, uses below the limit, one
 * more lease" is a single compare-and-set: bit 63 is the retired flag, bits 30..62 the reserved uses
 * (33 bits hold 2^32), bits 0..29 the open leases. The value is destroyed by whoever moves the state to
 * (retired, 0 leases): {@link #retire} when no lease is open, else the last {@link #release}. No lease
 * can be added once retired, so that transition happens exactly once.
 *
 * <p>Bytes live in a second word. A reservation takes the use and the lease first, then the bytes;
 * if the bytes do not fit the caller retires the entry, so the extra use counted never matters.
 */
final class Entry<K, V> {

  static final int OK = 0;
  static final int OK_REFRESH = 1;
  static final int RETIRED = 2;
  static final int AGE = 3;
  static final int USES = 4;
  static final int BYTES = 5;

  private static final long RETIRED_BIT = Long.MIN_VALUE;
  private static final int USES_SHIFT = 30;
  private static final long REFS_MASK = (1L << USES_SHIFT) - 1;
  private static final long ONE_USE = 1L << USES_SHIFT;
  private static final long USES_MASK = (1L << 33) - 1;

  private static final VarHandle STATE;
  private static final VarHandle BYTES_USED;
  private static final VarHandle REFRESH;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(Entry.class, "state", long.class);
      BYTES_USED = lookup.findVarHandle(Entry.class, "bytesUsed", long.class);
      REFRESH = lookup.findVarHandle(Entry.class, "refresh", Slot.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final CacheCore<K, V> core;
  final K key;
  final V value;
  final long createdNanos;

  @SuppressWarnings("unused") // accessed through STATE
  private volatile long state;

  @SuppressWarnings("unused") // accessed through BYTES_USED
  private volatile long bytesUsed;

  private volatile Slot<K, V> refresh;

  Entry(CacheCore<K, V> core, K key, V value, long createdNanos) {
    this.core = core;
    this.key = key;
    this.value = value;
    this.createdNanos = createdNanos;
  }

  /** An entry that is born retired with one lease: for bypass requests, destroyed when that closes. */
  static <K, V> Entry<K, V> bypass(CacheCore<K, V> core, K key, V value, long createdNanos, long bytes) {
    Entry<K, V> entry = new Entry<>(core, key, value, createdNanos);
    entry.state = RETIRED_BIT | ONE_USE | 1;
    entry.bytesUsed = bytes;
    return entry;
  }

  /**
   * Reserves one use, {@code bytes} bytes and a lease; returns OK or OK_REFRESH when it did (the
   * caller then owns a lease), or why not.
   */
  int tryReserve(long bytes, long nowNanos) {
    long age = nowNanos - createdNanos;
    if (age >= core.maxAgeNanos) {
      return AGE;
    }
    long s;
    long uses;
    do {
      s = (long) STATE.getVolatile(this);
      if (s < 0) {
        return RETIRED;
      }
      uses = (s >>> USES_SHIFT) & USES_MASK;
      if (uses >= core.maxUses) {
        return USES;
      }
      if ((s & REFS_MASK) == REFS_MASK) {
        throw new IllegalStateException(
            "an entry may have at most " + REFS_MASK + " open leases; are leases being closed?");
      }
    } while (!STATE.compareAndSet(this, s, s + ONE_USE + 1));
    long bytesNow;
    if (bytes != 0) {
      long b;
      do {
        b = (long) BYTES_USED.getVolatile(this);
        if (bytes > core.maxBytes - b) {
          release();
          return BYTES;
        }
      } while (!BYTES_USED.compareAndSet(this, b, b + bytes));
      bytesNow = b + bytes;
    } else {
      bytesNow = (long) BYTES_USED.getVolatile(this);
    }
    if (core.refreshAhead
        && refresh == null
        && (uses + 1 >= core.softUses || bytesNow >= core.softBytes || age >= core.softAgeNanos)) {
      return OK_REFRESH;
    }
    return OK;
  }

  /** Gives back one lease; destroys the value if the entry is retired and this was the last one. */
  void release() {
    long s = (long) STATE.getAndAdd(this, -1L) - 1L;
    if (s < 0 && (s & REFS_MASK) == 0) {
      core.destroy(this);
    }
  }

  /** Retires the entry once; returns false if it was already retired. */
  boolean retire(dev.cirrus.cache.RetirementCause cause) {
    long s;
    do {
      s = (long) STATE.getVolatile(this);
      if (s < 0) {
        return false;
      }
    } while (!STATE.compareAndSet(this, s, s | RETIRED_BIT));
    core.onRetired(this, cause);
    if ((s & REFS_MASK) == 0) {
      core.destroy(this);
    }
    return true;
  }

  boolean isRetired() {
    return (long) STATE.getVolatile(this) < 0;
  }

  long uses() {
    return ((long) STATE.getVolatile(this) >>> USES_SHIFT) & USES_MASK;
  }

  long bytesUsed() {
    return (long) BYTES_USED.getVolatile(this);
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
