package dev.cirrus.cache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.LongAdder;

/**
 * One loaded value with its usage counters, retirement flag and lease count.
 *
 * <p>{@code state} packs the retired flag (bit 63) and the reserved uses (bits 0..62) into one long,
 * so that "not retired, uses below the limit" is decided by one atomic add: the use is counted first and
 * the previous value says whether it may be kept. 63 bits cannot overflow into the flag. Bytes live in a second word: a
 * reservation takes the use first, then the bytes; if the bytes do not fit the caller retires the
 * entry, so the extra use counted never matters.
 *
 * <p>Open leases are counted in a striped counter ({@link LongAdder}), not in {@code state}, so that
 * closing a lease writes no word shared with other threads: on the hit path of one hot key, the use
 * reservation is then the only contended write. The value is destroyed exactly once, by the first
 * caller that sees the entry retired and the lease count at zero (a CAS on {@code destroyed}). That
 * is safe although the count is summed without a lock:
 *
 * <ul>
 *   <li>a reservation counts its lease <em>before</em> its add on {@code state}; so a lease whose add
 *       found the entry live was counted before the retiring CAS, and every sum taken after retirement
 *       includes it until it is closed;
 *   <li>a reservation that finds the entry retired (or full) uncounts its lease and checks again, so a
 *       sum that saw its transient count is always followed by one that does not;
 *   <li>after retirement counts only fall, every decrement is of a lease counted earlier, so a sum of
 *       zero means no lease is open; and whoever closes the last lease sums after closing it.
 * </ul>
 */
final class Entry<K, V> {

  static final int OK = 0;
  static final int OK_REFRESH = 1;
  static final int RETIRED = 2;
  static final int AGE = 3;
  static final int USES = 4;
  static final int BYTES = 5;
  /** Reserved, and that was the last use: the caller owns a lease and must retire the entry. */
  static final int LAST_USE = 6;
  /** Reserved, and the bytes are now at the limit: the caller owns a lease and must retire the entry. */
  static final int LAST_BYTES = 7;

  private static final long RETIRED_BIT = Long.MIN_VALUE;
  private static final long USES_MASK = Long.MAX_VALUE;

  private static final VarHandle STATE;
  private static final VarHandle BYTES_USED;
  private static final VarHandle REFRESH;
  private static final VarHandle DESTROYED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(Entry.class, "state", long.class);
      BYTES_USED = lookup.findVarHandle(Entry.class, "bytesUsed", long.class);
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

  private final LongAdder leases = new LongAdder();

  @SuppressWarnings("unused") // accessed through STATE
  private volatile long state;

  @SuppressWarnings("unused") // accessed through BYTES_USED
  private volatile long bytesUsed;

  @SuppressWarnings("unused") // accessed through DESTROYED
  private volatile int destroyed;

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
    entry.leases.increment();
    entry.state = RETIRED_BIT | 1;
    entry.bytesUsed = bytes;
    return entry;
  }

  /** Whether a {@link #tryReserve} result means the reservation was taken (the caller owns a lease). */
  static boolean reserved(int result) {
    return result == OK || result == OK_REFRESH || result == LAST_USE || result == LAST_BYTES;
  }

  /**
   * Reserves one use, {@code bytes} bytes and a lease; returns OK, OK_REFRESH, LAST_USE or LAST_BYTES
   * when it did (the caller then owns a lease; for the last two it must retire the entry, which no
   * later request could use), or why not.
   */
  int tryReserve(long bytes, long nowNanos) {
    long age = nowNanos - createdNanos;
    if (age >= core.maxAgeNanos) {
      return AGE;
    }
    leases.increment(); // before the use is taken: see the class comment
    // An unconditional add, not a compare-and-set loop: under contention on a hot key it never retries.
    // A refused request still counts its use; the count only ever over-states usage, and the caller
    // retires an entry that refused it, so no one is judged by the inflated count for long.
    long s = (long) STATE.getAndAdd(this, 1L);
    if (s < 0) {
      release();
      return RETIRED;
    }
    if (s >= core.maxUses) {
      release();
      return USES;
    }
    long uses = s + 1;
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
    if (uses == core.maxUses) {
      return LAST_USE;
    }
    if (bytesNow == core.maxBytes) {
      return LAST_BYTES;
    }
    if (core.refreshAhead
        && refresh == null
        && (uses >= core.softUses || bytesNow >= core.softBytes || age >= core.softAgeNanos)) {
      return OK_REFRESH;
    }
    return OK;
  }

  /** Gives back one lease; destroys the value if the entry is retired and this was the last one. */
  void release() {
    leases.decrement();
    if ((long) STATE.getVolatile(this) < 0) {
      destroyIfUnused();
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
    core.events.onRetired(key, cause);
    destroyIfUnused();
    return true;
  }

  /** Call only once retired: destroys the value, once, if no lease is open. */
  private void destroyIfUnused() {
    if (leases.sum() == 0 && DESTROYED.compareAndSet(this, 0, 1)) {
      core.events.destroy(value);
    }
  }

  boolean isRetired() {
    return (long) STATE.getVolatile(this) < 0;
  }

  long uses() {
    return (long) STATE.getVolatile(this) & USES_MASK;
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
