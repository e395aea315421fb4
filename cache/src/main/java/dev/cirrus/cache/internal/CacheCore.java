package dev.cirrus.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.cirrus.cache.CacheListener;
import dev.cirrus.cache.CacheLoadException;
import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.CacheStats;
import dev.cirrus.cache.RetirementCause;
import dev.cirrus.cache.Ticker;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine shared by the blocking and the non-blocking cache.
 *
 * <p>The Caffeine map holds, per key, a future of the current {@link Entry}: in flight while the first
 * load runs (so concurrent misses find it and wait: single flight), completed afterwards. Caffeine
 * provides atomic insert-if-absent, W-TinyLFU size eviction and age expiry of idle entries; the usage
 * limits, leases and destruction are {@link Entry}'s. Every mapping change is conditional on the future
 * that was seen ({@code remove(key, f)}, {@code replace(key, f, next)}), so a slow thread can never
 * undo a newer load. Every future that leaves the map has its entry retired, immediately or when it
 * completes, so every loaded value is eventually destroyed.
 */
public final class CacheCore<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(CacheCore.class);

  final CachePolicy policy;
  final long maxAgeNanos;
  final long maxUses;
  final long maxBytes;
  final boolean refreshAhead;
  final long softAgeNanos;
  final long softUses;
  final long softBytes;
  final Ticker ticker;
  final Executor executor;

  /** Stats, listener and destroyer. */
  final CacheEvents<K, V> events;
  private final Function<K, CompletableFuture<? extends V>> backgroundLoad;
  private final Cache<K, Slot<K, V>> cache;
  private final ConcurrentMap<K, Slot<K, V>> map;

  private volatile boolean closed;

  /**
   * Caffeine's clock. Caffeine reads its ticker on every lookup, and a ticker read costs as much as a
   * third of a hit, so Caffeine gets this copy instead: moved forward at most once per
   * {@link #CLOCK_GRANULARITY_NANOS} by hits, and always to the current time before any map write and
   * any clean-up. Caffeine therefore never dates an entry earlier than its load started (its expiry can
   * only be late, by at most the granularity while the cache is in use), and expiry in Caffeine is only
   * the clean-up of idle entries: the age limit itself is checked against the real ticker in
   * {@link Entry#tryReserve}.
   */
  @SuppressWarnings("unused") // accessed through CLOCK
  private volatile long caffeineNanos;

  private static final long CLOCK_GRANULARITY_NANOS = 1_000_000;
  private static final VarHandle CLOCK;

  static {
    try {
      CLOCK = MethodHandles.lookup().findVarHandle(CacheCore.class, "caffeineNanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  /**
   * @param backgroundLoad starts a load off the calling thread (on the executor), for refreshes
   */
  CacheCore(
      CachePolicy policy,
      Ticker ticker,
      Executor executor,
      CacheListener<? super K> listener,
      Consumer<? super V> destroyer,
      Function<K, CompletableFuture<? extends V>> backgroundLoad) {
    this.policy = Objects.requireNonNull(policy, "policy");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
    this.executor = Objects.requireNonNull(executor, "executor");
    this.events = new CacheEvents<>(listener, destroyer);
    this.backgroundLoad = Objects.requireNonNull(backgroundLoad, "backgroundLoad");
    this.maxAgeNanos = policy.maxAge().toNanos();
    this.maxUses = policy.maxUses();
    this.maxBytes = policy.maxBytes();
    this.refreshAhead = policy.refreshAheadFraction().isPresent();
    double fraction = policy.refreshAheadFraction().orElse(1.0);
    this.softAgeNanos = (long) (maxAgeNanos * fraction);
    this.softUses = Math.max(1, (long) Math.ceil(maxUses * fraction));
    this.softBytes = (long) (maxBytes * fraction);
    this.caffeineNanos = ticker.read();
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(policy.maximumSize())
            .expireAfterWrite(policy.maxAge())
            .ticker(() -> (long) CLOCK.getOpaque(this))
            .executor(executor)
            .<K, Slot<K, V>>evictionListener(
                (key, slot, cause) -> {
                  if (slot != null) { // inside Caffeine's atomic operation: see Slot
                    slot.markEvicted(
                        cause == RemovalCause.EXPIRED ? RetirementCause.AGE : RetirementCause.SIZE);
                  }
                })
            .build();
    this.map = cache.asMap();
  }

  // ---- argument checks ------------------------------------------------------------------------

  void checkAcquire(K key, long bytes) {
    if (key == null) {
      throw new NullPointerException("key must not be null");
    }
    if (bytes < 0) {
      throw new IllegalArgumentException(
          "bytes must be between 0 and " + Long.MAX_VALUE + ", was " + bytes);
    }
    if (closed) {
      throw new IllegalStateException("cache is closed");
    }
  }

  // ---- time -------------------------------------------------------------------------------------

  /** Reads the ticker for a hit, moving Caffeine's clock along at most once per granularity. */
  long now() {
    long now = ticker.read();
    long clock = (long) CLOCK.getOpaque(this);
    if (now - clock >= CLOCK_GRANULARITY_NANOS) {
      CLOCK.compareAndSet(this, clock, now);
    }
    return now;
  }

  /** Reads the ticker and brings Caffeine's clock up to it; call before writing to the map. */
  long freshNow() {
    long now = ticker.read();
    long clock;
    while (now - (clock = (long) CLOCK.getVolatile(this)) > 0
        && !CLOCK.compareAndSet(this, clock, now)) {
      Thread.onSpinWait();
    }
    return now;
  }

  // ---- the map ----------------------------------------------------------------------------------

  Slot<K, V> current(K key) {
    return cache.getIfPresent(key);
  }

  /**
   * Installs an in-flight future for {@code key}; returns it, or null if another caller got there.
   *
   * @throws IllegalStateException if the cache is closed: a caller that was waiting when it closed must
   *     not call the loader again (a load racing with close is retired by {@link #publish})
   */
  Slot<K, V> claim(K key) {
    if (closed) {
      throw new IllegalStateException("cache is closed");
    }
    Slot<K, V> pending = new Slot<>();
    return map.putIfAbsent(key, pending) == null ? pending : null;
  }

  /** Removes a future that completed exceptionally, so that the next acquire loads again. */
  void dropFailed(K key, Slot<K, V> failed) {
    map.remove(key, failed);
  }

  /**
   * Reserves usage of a loaded entry; returns a lease, or null after retiring the entry and unmapping
   * it because it could not serve this request (the caller then tries again).
   */
  LeaseImpl<V> tryUse(K key, Slot<K, V> future, Entry<K, V> entry, long bytes) {
    int c = UsageBudget.cell();
    int result = entry.tryReserve(bytes, now(), c);
    if (result == Entry.OK) {
      return new LeaseImpl<>(entry, c);
    }
    if (!Entry.reserved(result)) {
      retireAndUnmap(key, future, entry, causeOf(result));
      return null;
    }
    LeaseImpl<V> lease = new LeaseImpl<>(entry, c);
    afterReserved(key, future, entry, result, lease);
    return lease;
  }

  /**
   * What a reservation that was taken entails besides its lease: a refresh at the soft limit, or, at
   * the hard limit, the entry's retirement now, so that its value is destroyed when this lease (the
   * last it will ever have, bar those already open) closes rather than at some later acquire.
   */
  private void afterReserved(K key, Slot<K, V> future, Entry<K, V> entry, int result, LeaseImpl<V> lease) {
    if (result == Entry.OK_REFRESH) {
      startRefreshOrRelease(key, future, entry, lease);
    } else if (result == Entry.LAST_USE) {
      retireAndUnmap(key, future, entry, RetirementCause.USES);
    } else if (result == Entry.LAST_BYTES) {
      retireAndUnmap(key, future, entry, RetirementCause.BYTES);
    }
  }

  private static RetirementCause causeOf(int result) {
    switch (result) {
      case Entry.AGE:
        return RetirementCause.AGE;
      case Entry.USES:
        return RetirementCause.USES;
      case Entry.BYTES:
        return RetirementCause.BYTES;
      default:
        return RetirementCause.EXPLICIT; // already retired: retire() below is a no-op
    }
  }

  /**
   * Retires an entry that hit a hard limit and takes it out of the map. If a refresh is in flight (or
   * done), its future takes the entry's place, so callers wait for that load instead of starting another.
   */
  private void retireAndUnmap(
      K key, Slot<K, V> future, Entry<K, V> entry, RetirementCause cause) {
    entry.retire(cause);
    Slot<K, V> next = entry.refresh();
    if (next != null && !next.isCompletedExceptionally()) {
      freshNow();
      map.replace(key, future, next);
    } else {
      map.remove(key, future);
    }
  }

  /** Retires the entry of a slot that left the map; call only outside Caffeine's atomic operations. */
  private void retireWhenLoaded(Slot<K, V> future, RetirementCause cause) {
    future.thenAccept(entry -> entry.retire(cause));
  }

  // ---- loads ------------------------------------------------------------------------------------

  /**
   * Finishes a foreground load started by the caller that claimed {@code pending}: publishes the entry
   * to the waiters, with this caller's reservation taken first so that it always makes progress.
   *
   * @throws CacheLoadException if the load failed or produced an entry already too old to use
   */
  LeaseImpl<V> publish(
      K key, Slot<K, V> pending, long startNanos, V value, Throwable error, long bytes) {
    Throwable cause = loadFailure(key, value, error, false);
    if (cause != null) {
      pending.completeExceptionally(cause);
      map.remove(key, pending);
      throw loadFailed(cause);
    }
    long now = ticker.read();
    events.recordLoad(key, now - startNanos, false);
    Entry<K, V> entry = new Entry<>(this, key, value, startNanos);
    int c = UsageBudget.cell();
    int result = entry.tryReserve(bytes, now, c);
    pending.completeWith(entry);
    if (Entry.reserved(result)) {
      LeaseImpl<V> lease = new LeaseImpl<>(entry, c);
      if (closed) {
        retireAndUnmap(key, pending, entry, RetirementCause.EXPLICIT);
      } else {
        afterReserved(key, pending, entry, result, lease);
      }
      return lease;
    }
    retireAndUnmap(key, pending, entry, causeOf(result));
    throw tooOld(now - startNanos);
  }

  /** The failure of a load (a null value is one), recorded; null if the load succeeded. */
  private Throwable loadFailure(K key, V value, Throwable error, boolean refresh) {
    if (error == null && value == null) {
      error = new NullPointerException("the loader returned null");
    }
    if (error == null) {
      return null;
    }
    Throwable cause = Futures.unwrap(error);
    events.recordLoadFailure(key, cause, refresh);
    return cause;
  }

  /** What the caller that loaded gets for a failed load; an {@link Error} is thrown as it is. */
  private static CacheLoadException loadFailed(Throwable cause) {
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    return new CacheLoadException("loading the value failed: " + cause, cause, false);
  }

  private CacheLoadException tooOld(long ageNanos) {
    return new CacheLoadException(
        "the loaded value was already "
            + Duration.ofNanos(ageNanos)
            + " old when the load finished, not less than maxAge "
            + policy.maxAge(),
        null,
        false);
  }

  /** Finishes a load for a request larger than maxBytes: the value is never cached. */
  LeaseImpl<V> publishBypass(K key, long startNanos, V value, Throwable error, long bytes) {
    Throwable cause = loadFailure(key, value, error, false);
    if (cause != null) {
      throw loadFailed(cause);
    }
    long now = ticker.read();
    events.recordLoad(key, now - startNanos, false);
    Entry<K, V> entry = Entry.bypass(this, key, value, startNanos, bytes);
    if (now - startNanos >= maxAgeNanos) {
      // The age rule holds for bypass values too: never handed out maxAge or more after the request.
      entry.release(Entry.bypassCell()); // its only lease: destroys the value
      throw tooOld(now - startNanos);
    }
    return new LeaseImpl<>(entry, Entry.bypassCell());
  }

  /** Starts a refresh; if that fails unexpectedly, closes the caller's lease so it cannot leak. */
  private void startRefreshOrRelease(
      K key, Slot<K, V> current, Entry<K, V> old, LeaseImpl<V> lease) {
    try {
      startRefresh(key, current, old);
    } catch (RuntimeException | Error e) {
      lease.close();
      throw e;
    }
  }

  private void startRefresh(K key, Slot<K, V> current, Entry<K, V> old) {
    if (old.isRetired()) {
      return; // invalidated, evicted or exhausted meanwhile: nothing to replace, so no KMS call
    }
    Slot<K, V> next = new Slot<>();
    if (!old.startRefresh(next)) {
      return;
    }
    events.recordRefresh();
    long start = ticker.read();
    CompletableFuture<? extends V> load;
    try {
      load = backgroundLoad.apply(key);
    } catch (Throwable t) { // e.g. RejectedExecutionException; whatever it is, next must complete
      load = CompletableFuture.failedFuture(t);
    }
    load.whenComplete(
        (value, error) -> {
          try {
            finishRefresh(key, current, old, next, start, value, error);
          } catch (Throwable t) { // e.g. a destroyer's Error; the stage's own future is discarded
            LOG.error("finishing a refresh failed", t);
          }
        });
  }

  private void finishRefresh(
      K key,
      Slot<K, V> current,
      Entry<K, V> old,
      Slot<K, V> next,
      long startNanos,
      V value,
      Throwable error) {
    Throwable cause = loadFailure(key, value, error, true);
    if (cause != null) {
      next.completeExceptionally(cause);
      map.remove(key, next);
      return;
    }
    events.recordLoad(key, ticker.read() - startNanos, true);
    Entry<K, V> fresh = new Entry<>(this, key, value, startNanos);
    next.completeWith(fresh);
    freshNow();
    if (map.replace(key, current, next)) {
      old.retire(RetirementCause.REPLACED);
    } else if (map.get(key) != next) {
      // The old entry left the map (invalidated, evicted) before the refresh arrived; the refreshed
      // value was never reachable, so it goes too.
      fresh.retire(RetirementCause.EXPLICIT);
    }
    if (closed) {
      retireAndUnmap(key, next, fresh, RetirementCause.EXPLICIT);
    }
  }

  // ---- invalidation -----------------------------------------------------------------------------

  void invalidate(K key) {
    if (key == null) {
      throw new NullPointerException("key must not be null");
    }
    Slot<K, V> future = map.remove(key);
    if (future != null) {
      retireWhenLoaded(future, RetirementCause.EXPLICIT);
    }
  }

  void invalidateAll() {
    for (K key : map.keySet()) {
      invalidate(key);
    }
  }

  void close() {
    closed = true;
    invalidateAll();
    cleanUp();
  }

  void cleanUp() {
    freshNow();
    cache.cleanUp();
  }

  long estimatedSize() {
    return cache.estimatedSize();
  }

  CacheStats stats() {
    return events.stats();
  }
}
