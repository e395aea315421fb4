package dev.cirrus.dynamo.cache.internal;

import com.github.benmanes.caffeine.cache.Expiry;
import java.time.Duration;

/** Positive entries live {@code ttl} from their load, negative ones {@code negativeTtl}; reads do not extend them. */
final class EntryExpiry implements Expiry<ItemKey, Entry> {
  private final long ttlNanos;
  private final long negativeTtlNanos;

  EntryExpiry(Duration ttl, Duration negativeTtl) {
    this.ttlNanos = ttl.toNanos();
    this.negativeTtlNanos = negativeTtl.toNanos();
  }

  @Override
  public long expireAfterCreate(ItemKey key, Entry value, long currentTime) {
    return value.isFound() ? ttlNanos : negativeTtlNanos;
  }

  @Override
  public long expireAfterUpdate(ItemKey key, Entry value, long currentTime, long currentDuration) {
    return value.isFound() ? ttlNanos : negativeTtlNanos;
  }

  @Override
  public long expireAfterRead(ItemKey key, Entry value, long currentTime, long currentDuration) {
    return currentDuration;
  }
}
