package dev.cirrus.cache;

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

  TestSecret(String key, int generation, long loadedAtNanos) {
    this.key = key;
    this.generation = generation;
    this.loadedAtNanos = loadedAtNanos;
  }

  @Override
  public void destroy() {
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
