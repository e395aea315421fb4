package dev.cirrus.cache.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The usage accounting of one {@link Entry}: exact use and byte limits and the open-lease count, kept
 * so that a hit writes only to a cell of its own thread.
 *
 * <p><b>Escrow.</b> The entry's uses and bytes are granted from two global words ({@code state}, {@code
 * bytesGranted}) to per-thread cells in chunks; a hit consumes from its thread's cell with one
 * uncontended compare-and-set (two with bytes). Nothing is ever granted beyond {@code maxUses} or {@code
 * maxBytes}, and a cell only ever spends what was granted to it, so the limits hold exactly under any
 * interleaving. A chunk is a quarter of what remains (to the refresh-ahead threshold while below it,
 * then to the limit) divided among the cells, at most {@link #MAX_CHUNK} requests' worth, and at least
 * one request: so the chunks shrink as the limit nears and the last uses and bytes move one request at a
 * time.
 *
 * <p><b>End game.</b> When the global words cannot cover a request, budget may still sit in other
 * cells. Under the entry's monitor (never taken on a hit), and only once no refill is in flight
 * ({@code state}'s refill counter equals {@code refillsFinished}, and still does after the check), a
 * caller steals a use from another cell, or returns every cell's bytes to the global word and takes its
 * bytes there; only if that finds nothing is the request refused. So an entry serves exactly {@code
 * maxUses} uses or {@code maxBytes} bytes before it is refused, whatever thread spent them.
 *
 * <p><b>Leases.</b> A cell's first word packs the thread's open-lease count (high 32 bits, wrapping)
 * with its unspent uses (low 32 bits), so that a hit counts its lease and spends its use with the same
 * compare-and-set; a close subtracts from the cell its reservation counted it on (which the lease
 * remembers, so a close needs no thread-local lookup). The sum over cells is the number of open leases. That sum, taken without a lock, is exact once the entry is retired:
 *
 * <ul>
 *   <li>a reservation counts its lease <em>before</em> it reads the retired bit (both sequentially
 *       consistent), and retirement sets the bit before it sums; so a lease whose reservation found the
 *       entry live is counted before the sum starts, and the sum includes it until it is closed;
 *   <li>a reservation that finds the entry retired (or cannot be served) uncounts its lease on the same
 *       cell and sums again, so a sum that saw its transient count is followed by one that does not, and
 *       no sum can see that decrement without the increment;
 *   <li>whoever closes the last lease sums after closing it.
 * </ul>
 *
 * <p><b>Retired because the uses ran out.</b> A hit spends its cell's use in the same compare-and-set
 * that counts its lease, so it reads the retired bit only after its use is spent. If it then finds the
 * entry retired, it may not simply give up: the retirement may be the one its own use caused. Thread A
 * spends use {@code maxUses - 1}; thread B spends the last use from its cell; A scans the cells, finds
 * them all empty and retires the entry (its last use is taken); B reads the bit. Were B refused, its use
 * would be lost and the entry would have served {@code maxUses - 1} uses before a new load. So a
 * retirement for the uses (the reservation that took the last use, or the end game finding none left)
 * also sets {@link #USES_RAN_OUT}, and a reservation that holds a use taken from a cell keeps it when
 * the bit is set. That is safe for the lease count too: after every grant was deposited, a cell's uses
 * only fall, so B's compare-and-set, which found a use in its cell, came before A's scan found the cell
 * empty, hence before the retirement; B's lease is counted in every sum after it, as if B had found the
 * entry live. Such a reservation may still take its bytes (the bytes paths refuse only for another
 * retirement). Any other retirement (age, eviction, invalidation, replacement, the bytes) may precede
 * the compare-and-set, so such a reservation is refused as before.
 */
abstract class UsageBudget {

  /** Requests' worth of budget a cell takes at most per refill. */
  static final int MAX_CHUNK = 1024;

  /** Cells per entry: twice the processors, rounded to a power of two, 2 to 64. */
  static final int STRIPES =
      Math.min(64, Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 2 - 1) * 2);

  /**
   * Longs per cell: 128 bytes, so that no two cells' words share a cache line; the first 128 bytes stay
   * empty, so that no cell shares a line with the array's length, which every access reads.
   */
  private static final int STRIDE = 16;
  private static final int OFFSET = STRIDE;
  private static final int SHIFT = Integer.numberOfTrailingZeros(STRIPES) + 2;

  private static final long LEASE_ONE = 1L << 32;
  private static final long LOW_32 = 0xFFFF_FFFFL;

  /**
   * {@code state}: bit 63 retired, bit 62 retired because the uses ran out, bits 34..61 refills started
   * (wrapping), bits 0..33 uses granted.
   */
  static final long RETIRED_BIT = Long.MIN_VALUE;
  static final long USES_RAN_OUT = 1L << 62;
  private static final long GRANTED_MASK = (1L << 34) - 1;
  private static final long REFILL_ONE = 1L << 34;
  private static final long REFILL_MASK = ~GRANTED_MASK & ~RETIRED_BIT & ~USES_RAN_OUT;

  static final int OK = 0;
  static final int RETIRED = 2;
  static final int USES = 4;
  static final int BYTES = 5;
  private static final int RETRY = -1;

  private static final VarHandle CELLS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle STATE;
  private static final VarHandle BYTES_GRANTED;
  private static final VarHandle REFILLS_FINISHED;

  static {
    try {
      MethodHandles.Lookup lookup = MethodHandles.lookup();
      STATE = lookup.findVarHandle(UsageBudget.class, "state", long.class);
      BYTES_GRANTED = lookup.findVarHandle(UsageBudget.class, "bytesGranted", long.class);
      REFILLS_FINISHED = lookup.findVarHandle(UsageBudget.class, "refillsFinished", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  final long maxUses;
  final long maxBytes;
  private final long softUses;
  private final long softBytes;
  private final long[] cells = new long[(STRIPES + 1) * STRIDE];

  @SuppressWarnings("unused") // accessed through STATE
  private volatile long state;

  @SuppressWarnings("unused") // accessed through BYTES_GRANTED
  private volatile long bytesGranted;

  @SuppressWarnings("unused") // accessed through REFILLS_FINISHED
  private volatile long refillsFinished;

  /** @param softUses and {@code softBytes}: the refresh-ahead thresholds, or the limits without one */
  UsageBudget(long maxUses, long maxBytes, long softUses, long softBytes) {
    this.maxUses = maxUses;
    this.maxBytes = maxBytes;
    this.softUses = Math.min(softUses, maxUses);
    this.softBytes = Math.min(softBytes, maxBytes);
  }

  /** Makes this budget born retired with one lease and its use and bytes spent: for a bypass entry. */
  final void bornRetiredWithOneLease(long bytes) {
    cells[cellAt(0)] = LEASE_ONE;
    bytesGranted = bytes;
    state = RETIRED_BIT | 1;
  }

  private static final AtomicInteger NEXT_CELL = new AtomicInteger();

  /**
   * Each thread's cell, dealt round-robin as threads first use a cache: so the first {@link #STRIPES}
   * threads have a cell each, which hashing thread ids would not guarantee.
   */
  private static final ThreadLocal<Integer> CELL =
      ThreadLocal.withInitial(() -> (NEXT_CELL.getAndIncrement() & (STRIPES - 1)) * STRIDE + OFFSET);

  /** The caller's cell: the index of its first word. */
  static int cell() {
    return CELL.get();
  }

  /** The first word of cell {@code i} (0 to STRIPES - 1), for tests that play several threads' parts. */
  static int cellAt(int i) {
    return (i & (STRIPES - 1)) * STRIDE + OFFSET;
  }

  /**
   * Counts a lease on cell {@code c} and reserves one use and {@code bytes}; returns OK, or why not
   * (RETIRED, USES, BYTES) after uncounting the lease.
   */
  final int reserve(int c, long bytes) {
    return reserveAfterLease(c, bytes, countLeaseTakingUse(c));
  }

  /** The first step of {@link #reserve}: counts a lease on cell {@code c}; true if it took a use too. */
  final boolean countLeaseTakingUse(int c) {
    long w = (long) CELLS.getVolatile(cells, c);
    boolean used = (w & LOW_32) != 0 && CELLS.compareAndSet(cells, c, w, w + LEASE_ONE - 1);
    if (!used) {
      CELLS.getAndAdd(cells, c, LEASE_ONE);
    }
    return used;
  }

  /** The rest of {@link #reserve}, once the lease is counted ({@code used}: a use came with it). */
  final int reserveAfterLease(int c, long bytes, boolean used) {
    long s = (long) STATE.getVolatile(this); // after the lease is counted: see the class comment
    if (s < 0 && !(used && (s & USES_RAN_OUT) != 0)) {
      return refuse(c, RETIRED);
    }
    if (used && (bytes == 0 || takeBytes(c + 1, bytes))) {
      return OK;
    }
    int result = reserveSlow(c, bytes, used);
    return result == OK ? OK : refuse(c, result);
  }

  /** Whether {@code s} forbids taking more bytes: retired, other than because the uses ran out. */
  private static boolean closedToBytes(long s) {
    return s < 0 && (s & USES_RAN_OUT) == 0;
  }

  private int refuse(int c, int result) {
    release(c);
    return result;
  }

  private int reserveSlow(int c, long bytes, boolean used) {
    boolean gotBytes = bytes == 0;
    for (;;) {
      used = used || takeUse(c);
      // Bytes only with a use: a reservation that could still be refused for its use would strand them.
      gotBytes = gotBytes || (used && takeBytes(c + 1, bytes));
      if (used && gotBytes) {
        return OK;
      }
      int result = used ? refillBytes(c + 1, bytes) : refillUse(c);
      if (result == USES) {
        result = endGameUses();
      } else if (result == BYTES) {
        result = endGameBytes(bytes);
      }
      if (result == OK) {
        if (used) {
          gotBytes = true;
        } else {
          used = true;
        }
      } else if (result != RETRY) {
        return result;
      }
    }
  }

  private boolean takeUse(int c) {
    long w;
    while (((w = (long) CELLS.getVolatile(cells, c)) & LOW_32) != 0) {
      if (CELLS.compareAndSet(cells, c, w, w - 1)) {
        return true;
      }
    }
    return false;
  }

  private boolean takeBytes(int b, long bytes) {
    long have;
    while ((have = (long) CELLS.getVolatile(cells, b)) >= bytes) {
      if (CELLS.compareAndSet(cells, b, have, have - bytes)) {
        return true;
      }
    }
    return false;
  }

  /** Takes a chunk of uses from the global word: one for the caller, the rest into its cell. */
  private int refillUse(int c) {
    long s = (long) STATE.getVolatile(this);
    if (s < 0) {
      return RETIRED;
    }
    long granted = s & GRANTED_MASK;
    if (granted >= maxUses) {
      return USES;
    }
    long chunk = Math.min(maxUses - granted, chunk(granted < softUses ? softUses - granted : maxUses - granted, 1));
    if (!STATE.compareAndSet(this, s, startRefill(s) + chunk)) {
      return RETRY;
    }
    if (chunk > 1) {
      CELLS.getAndAdd(cells, c, chunk - 1);
    }
    REFILLS_FINISHED.getAndAdd(this, 1L);
    return OK;
  }

  /** Takes a chunk of bytes from the global word: {@code bytes} for the caller, the rest into cell b. */
  private int refillBytes(int b, long bytes) {
    long s = (long) STATE.getVolatile(this);
    if (closedToBytes(s)) { // the caller holds a use: see "Retired because the uses ran out"
      return RETIRED;
    }
    if (!STATE.compareAndSet(this, s, startRefill(s))) { // announced before the bytes move
      return RETRY;
    }
    long taken = 0;
    long g;
    do {
      g = (long) BYTES_GRANTED.getVolatile(this);
      long left = maxBytes - g;
      if (left < bytes) {
        taken = -1;
        break;
      }
      taken = Math.max(bytes, Math.min(left, chunk(g < softBytes ? softBytes - g : left, bytes)));
    } while (!BYTES_GRANTED.compareAndSet(this, g, g + taken));
    if (taken > bytes) {
      CELLS.getAndAdd(cells, b, taken - bytes);
    }
    REFILLS_FINISHED.getAndAdd(this, 1L);
    return taken < 0 ? BYTES : OK;
  }

  /** A share of {@code toGo} for one cell, between one request and MAX_CHUNK requests of {@code unit}. */
  private static long chunk(long toGo, long unit) {
    long most = unit > Long.MAX_VALUE / MAX_CHUNK ? Long.MAX_VALUE : unit * MAX_CHUNK;
    return Math.max(unit, Math.min(most, toGo >> SHIFT));
  }

  private static long startRefill(long s) {
    return (s & ~REFILL_MASK) | ((s + REFILL_ONE) & REFILL_MASK);
  }

  /** Whether no refill was in flight when {@code s} was read (so every grant is in the cells). */
  private boolean settled(long s) {
    return ((s & REFILL_MASK) >>> 34) == ((long) REFILLS_FINISHED.getVolatile(this) & (REFILL_MASK >>> 34));
  }

  /** Whether no refill started since {@code s} was read. */
  private boolean unchangedSince(long s) {
    return (((long) STATE.getVolatile(this)) & REFILL_MASK) == (s & REFILL_MASK);
  }

  /** The global uses are gone: steals one from another cell, or refuses once none is left anywhere. */
  private synchronized int endGameUses() {
    for (;;) {
      long s = (long) STATE.getVolatile(this);
      if (s < 0) {
        return RETIRED;
      }
      if ((s & GRANTED_MASK) < maxUses) {
        return RETRY;
      }
      if (!settled(s)) {
        Thread.yield(); // a refill is depositing; it needs no monitor
        continue;
      }
      for (int c = OFFSET; c < cells.length; c += STRIDE) {
        if (takeUse(c)) {
          return OK;
        }
      }
      if (unchangedSince(s)) {
        return USES;
      }
    }
  }

  /** The global bytes cannot cover a request: gathers every cell's bytes back, refuses if still short. */
  private synchronized int endGameBytes(long bytes) {
    for (;;) {
      long s = (long) STATE.getVolatile(this);
      if (closedToBytes(s)) {
        return RETIRED;
      }
      if (!settled(s)) {
        Thread.yield();
        continue;
      }
      long returned = 0;
      for (int b = OFFSET + 1; b < cells.length; b += STRIDE) {
        returned += (long) CELLS.getAndSet(cells, b, 0L);
      }
      long g = (long) BYTES_GRANTED.getAndAdd(this, -returned) - returned;
      while (maxBytes - g >= bytes) {
        if (BYTES_GRANTED.compareAndSet(this, g, g + bytes)) {
          return OK;
        }
        g = (long) BYTES_GRANTED.getVolatile(this);
      }
      if (unchangedSince(s)) {
        return BYTES;
      }
    }
  }

  /** Whether the use just reserved on cell {@code c} may have been the entry's last. */
  final boolean usesExhausted(int c) {
    if (((long) CELLS.getVolatile(cells, c) & LOW_32) != 0) {
      return false;
    }
    long s = (long) STATE.getVolatile(this);
    if ((s & GRANTED_MASK) != maxUses || !settled(s)) {
      return false;
    }
    for (int i = OFFSET; i < cells.length; i += STRIDE) {
      if (((long) CELLS.getVolatile(cells, i) & LOW_32) != 0) {
        return false;
      }
    }
    return unchangedSince(s);
  }

  /** Whether the bytes just reserved on cell {@code c} brought the entry's bytes to exactly maxBytes. */
  final boolean bytesExhausted(int c) {
    if ((long) CELLS.getVolatile(cells, c + 1) != 0) {
      return false;
    }
    long s = (long) STATE.getVolatile(this);
    if ((long) BYTES_GRANTED.getVolatile(this) != maxBytes || !settled(s)) {
      return false;
    }
    for (int b = OFFSET + 1; b < cells.length; b += STRIDE) {
      if ((long) CELLS.getVolatile(cells, b) != 0) {
        return false;
      }
    }
    return unchangedSince(s);
  }

  /** Whether the granted uses or bytes have reached the refresh-ahead thresholds. */
  final boolean pastSoftLimits() {
    return ((long) STATE.getVolatile(this) & GRANTED_MASK) >= softUses
        || (long) BYTES_GRANTED.getVolatile(this) >= softBytes;
  }

  /** Uncounts a lease on cell {@code c}; destroys if the budget is retired and no lease is left. */
  final void release(int c) {
    CELLS.getAndAdd(cells, c, -LEASE_ONE);
    if ((long) STATE.getVolatile(this) < 0) {
      destroyIfUnused();
    }
  }

  /**
   * Sets the retired bit once; returns false if it was already set.
   *
   * @param usesRanOut whether every use was taken (the reservation that took the last one, or an end
   *     game that found none): lets the reservations that took the last uses from their cells keep them
   */
  final boolean setRetired(boolean usesRanOut) {
    long bits = usesRanOut ? RETIRED_BIT | USES_RAN_OUT : RETIRED_BIT;
    long s;
    do {
      s = (long) STATE.getVolatile(this);
      if (s < 0) {
        return false;
      }
    } while (!STATE.compareAndSet(this, s, s | bits));
    return true;
  }

  /** Call only once retired: destroys the value, once, if no lease is open. */
  abstract void destroyIfUnused();

  /** The open leases, summed over the cells (exact once retired: see the class comment). */
  final int openLeases() {
    int sum = 0;
    for (int c = OFFSET; c < cells.length; c += STRIDE) {
      sum += (int) ((long) CELLS.getVolatile(cells, c) >> 32);
    }
    return sum;
  }

  final boolean isRetired() {
    return (long) STATE.getVolatile(this) < 0;
  }

  /** Uses reserved so far: granted minus what the cells hold. */
  final long uses() {
    long spent = (long) STATE.getVolatile(this) & GRANTED_MASK;
    for (int c = OFFSET; c < cells.length; c += STRIDE) {
      spent -= (long) CELLS.getVolatile(cells, c) & LOW_32;
    }
    return spent;
  }

  /** The uses cell {@code c} holds unspent. */
  final long unspentUses(int c) {
    return (long) CELLS.getVolatile(cells, c) & LOW_32;
  }

  /** Bytes reserved so far: granted minus what the cells hold. */
  final long bytesUsed() {
    long spent = (long) BYTES_GRANTED.getVolatile(this);
    for (int b = OFFSET + 1; b < cells.length; b += STRIDE) {
      spent -= (long) CELLS.getVolatile(cells, b);
    }
    return spent;
  }
}
