package dev.cirrus.cache;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.security.auth.Destroyable;

/** A destroyable test value that counts its destructions and its uses. */
final class TestSecret implements Destroyable {
  final String key;
  final int generation;
  final long loadedAtNanos;
  final AtomicInteger destroyCount = new AtomicInteger();
  final AtomicLong uses = new AtomicLong();
  final AtomicLong bytes = new AtomicLong();
  /** Leases a test holds on this value, counted by the test itself around acquire and close. */
  final AtomicInteger openLeases = new AtomicInteger();
  /** Set if {@link #destroy()} ran while the test held a lease on this value. */
  final AtomicBoolean destroyedWhileLeased = new AtomicBoolean();

  TestSecret(String key, int generation, long loadedAtNanos) {
    this.key = key;
    this.generation = generation;
    this.loadedAtNanos = loadedAtNanos;
  }

  @Override
  public void destroy() {
    if (openLeases.get() != 0) {
      destroyedWhileLeased.set(true);
    }
    destroyCount.incrementAndGet();
  }

  @Override
  public boolean isDestroyed() {
    return destroyCount.get() > 0;
  }

  @Override
  public String toString() {
    return key + "#" + generation;
  }
}
