package dev.cirrus.metrics.internal;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.LongAdder;

/**
 * A striped counter published as a {@link FunctionCounter}: counting costs one adder increment, so an event can
 * be counted before any registry is bound, and once for every registry bound later. Threadsafe.
 */
public final class Count {
  private final LongAdder adder = new LongAdder();

  /** Counts one event. */
  public void increment() {
    adder.increment();
  }

  /**
   * Counts {@code n} events (bytes, for a byte counter); a negative value is ignored.
   *
   * @param n the amount
   */
  public void add(long n) {
    if (n > 0) {
      adder.add(n);
    }
  }

  /** @return the events counted */
  public long sum() {
    return adder.sum();
  }

  /**
   * Registers this count as {@code meter} with {@code tags}. The registry holds it by weak reference, as
   * Micrometer does for every function counter: the binder that made it keeps it alive.
   *
   * @param registry the registry
   * @param meter the meter name
   * @param tags the tags
   * @param description the description
   * @param baseUnit the base unit, or null
   */
  public void register(MeterRegistry registry, String meter, Tags tags, String description, String baseUnit) {
    FunctionCounter.builder(meter, this, Count::sum).tags(tags).description(description).baseUnit(baseUnit)
        .register(registry);
  }
}
