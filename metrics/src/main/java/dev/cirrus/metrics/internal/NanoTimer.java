package dev.cirrus.metrics.internal;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A count and a total of nanoseconds in striped adders, published as a {@link FunctionTimer}: recording costs two
 * adder increments, with no registry lookup, lock or histogram. Threadsafe.
 */
public final class NanoTimer {
  private final LongAdder count = new LongAdder();
  private final LongAdder totalNanos = new LongAdder();

  /**
   * Records one event that took {@code nanos} nanoseconds; a negative value counts as 0.
   *
   * @param nanos the duration
   */
  public void record(long nanos) {
    count.increment();
    totalNanos.add(Math.max(0, nanos));
  }

  /** @return the events recorded */
  public long count() {
    return count.sum();
  }

  /** @return the nanoseconds recorded */
  public long totalNanos() {
    return totalNanos.sum();
  }

  /**
   * Registers this timer as {@code meter} with {@code tags}. The registry holds it by weak reference, as
   * Micrometer does for every function timer: the binder that made it keeps it alive.
   *
   * @param registry the registry
   * @param meter the meter name
   * @param tags the tags
   * @param description the description
   */
  public void register(MeterRegistry registry, String meter, Tags tags, String description) {
    FunctionTimer.builder(meter, this, NanoTimer::count, NanoTimer::totalNanos, TimeUnit.NANOSECONDS)
        .tags(tags).description(description).register(registry);
  }
}
