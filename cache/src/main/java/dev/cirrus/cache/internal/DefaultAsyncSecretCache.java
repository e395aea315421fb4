package dev.cirrus.cache.internal;

import dev.cirrus.cache.AsyncSecretCache;
import dev.cirrus.cache.AsyncSecretLoader;
import dev.cirrus.cache.CacheListener;
import dev.cirrus.cache.CacheLoadException;
import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.Lease;
import dev.cirrus.cache.Ticker;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/** The non-blocking cache: the loader is started on the calling thread, as Caffeine's AsyncCache does. */
public final class DefaultAsyncSecretCache<K, V> extends CacheFront<K, V> implements AsyncSecretCache<K, V> {

  private final AsyncSecretLoader<? super K, ? extends V> loader;
  private final Executor executor;

  /** Called by the builder, which has validated every argument. */
  public DefaultAsyncSecretCache(
      CachePolicy policy,
      Ticker ticker,
      Executor executor,
      CacheListener<? super K> listener,
      Consumer<? super V> destroyer,
      AsyncSecretLoader<? super K, ? extends V> loader) {
    super(new CacheCore<>(policy, ticker, executor, listener, destroyer,
        key -> CompletableFuture.supplyAsync(() -> start(loader, executor, key), executor)
            .thenCompose(Function.identity())));
    this.loader = loader;
    this.executor = executor;
  }

  private CompletableFuture<V> start(K key) {
    return start(loader, executor, key);
  }

  /** Calls the loader, turning a thrown exception or a null future into a failed future. */
  private static <K, V> CompletableFuture<V> start(
      AsyncSecretLoader<? super K, ? extends V> loader, Executor executor, K key) {
    CompletableFuture<? extends V> future;
    try {
      future = loader.load(key, executor);
    } catch (Throwable t) { // checked exceptions too: the claimed in-flight future must always complete
      return CompletableFuture.failedFuture(t);
    }
    if (future == null) {
      return CompletableFuture.failedFuture(new NullPointerException("the loader returned a null future"));
    }
    return future.thenApply(Function.identity());
  }

  @Override
  public CompletableFuture<Lease<V>> acquire(K key, long bytes) {
    core.checkAcquire(key, bytes);
    if (bytes > core.maxBytes) {
      core.events.recordBypass();
      long start = core.ticker.read();
      CompletableFuture<Lease<V>> result = new CompletableFuture<>();
      start(key)
          .whenComplete(
              (value, error) -> deliver(result, () -> core.publishBypass(key, start, value, error, bytes)));
      return result;
    }
    return attempt(key, bytes, false, null);
  }

  /**
   * Takes a lease now if the entry is loaded, else arranges for {@code result} (created here when null)
   * to receive one when the load it joins or starts completes. Leases reach the caller only through
   * {@link #deliver}, so a future the caller cancelled or timed out never strands a lease.
   */
  private CompletableFuture<Lease<V>> attempt(
      K key, long bytes, boolean missed, CompletableFuture<Lease<V>> result) {
    for (;;) {
      Slot<K, V> future = core.current(key);
      if (future == null) {
        long start = core.freshNow(); // Caffeine's write time is then never earlier than this
        Slot<K, V> pending = core.claim(key);
        if (pending == null) {
          continue;
        }
        if (!missed) {
          core.events.recordMiss();
        }
        CompletableFuture<Lease<V>> out = result != null ? result : new CompletableFuture<>();
        // The initiator always publishes, even for a caller that gave up: waiters depend on it.
        start(key)
            .whenComplete(
                (value, error) -> deliver(out, () -> core.publish(key, pending, start, value, error, bytes)));
        return out;
      }
      if (future.isDone()) {
        if (future.isCompletedExceptionally()) {
          core.dropFailed(key, future);
          continue;
        }
        LeaseImpl<V> lease = core.tryUse(key, future, future.getNow(null), bytes);
        if (lease == null) {
          continue;
        }
        if (!missed) {
          core.events.recordHit();
        }
        if (result == null) {
          return CompletableFuture.completedFuture(lease);
        }
        deliver(result, () -> lease);
        return result;
      }
      if (!missed) {
        core.events.recordMiss();
      }
      CompletableFuture<Lease<V>> out = result != null ? result : new CompletableFuture<>();
      future.whenComplete((entry, error) -> onJoinedLoad(key, bytes, future, entry, error, out));
      return out;
    }
  }

  /**
   * Completes {@code out} when the load it joined has finished: with a lease on {@code entry}, with the
   * load's failure, or through another {@link #attempt} if the loaded entry cannot serve this request.
   */
  private void onJoinedLoad(
      K key, long bytes, Slot<K, V> future, Entry<K, V> entry, Throwable error,
      CompletableFuture<Lease<V>> out) {
    if (out.isDone()) {
      return; // the caller cancelled or timed out: charge no use for it
    }
    if (error != null) {
      Throwable cause = Futures.unwrap(error);
      Futures.fail(out, new CacheLoadException("another caller's load failed: " + cause, cause, true));
      return;
    }
    LeaseImpl<V> lease;
    try {
      lease = core.tryUse(key, future, entry, bytes);
      if (lease == null) {
        attempt(key, bytes, true, out);
        return;
      }
    } catch (Throwable t) {
      Futures.fail(out, t);
      return;
    }
    deliver(out, () -> lease);
  }

  /**
   * Completes {@code result} with the lease {@code step} returns, or with what it throws; closes the
   * lease at once if the caller has already completed the future (cancel, {@code orTimeout}), so that
   * its value can still be destroyed.
   */
  private static <V> void deliver(CompletableFuture<Lease<V>> result, Supplier<LeaseImpl<V>> step) {
    LeaseImpl<V> lease;
    try {
      lease = step.get();
    } catch (Throwable t) {
      Futures.fail(result, t);
      return;
    }
    if (!result.complete(lease)) {
      lease.close();
    }
  }

  @Override
  public String toString() {
    return "AsyncSecretCache{" + core.policy + "}";
  }
}
