package dev.cirrus.metrics;

import dev.cirrus.dynamo.BatchListener;
import dev.cirrus.metrics.internal.Count;
import dev.cirrus.metrics.internal.Meters;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * A {@link BatchListener} that counts what {@code BatchWriter}s and {@code BatchGetter}s do: give it to their
 * builders' {@code listener(..)}, and bind it to a registry then or later.
 *
 * <p>Meters, each tagged {@code name}, {@code table} (the table name) and {@code operation} = {@code write} or
 * {@code get}:
 * <ul>
 *   <li>{@code cirrus.dynamo.batch.requests} (function counter), tagged {@code outcome} = {@code answered} or
 *       {@code failed}: BatchWriteItem and BatchGetItem requests DynamoDB answered (possibly with unprocessed
 *       elements), and that failed with an exception;</li>
 *   <li>{@code cirrus.dynamo.batch.unprocessed} (function counter): operations or keys DynamoDB returned
 *       unprocessed (its partial throttling);</li>
 *   <li>{@code cirrus.dynamo.batch.resent} (function counter): operations or keys sent again, the unprocessed and
 *       those of failed requests;</li>
 *   <li>{@code cirrus.dynamo.capacity.consumed} (function counter, in capacity units), tagged
 *       {@code source} = {@code reported} (DynamoDB's {@code ConsumedCapacity}) or {@code computed} (Cirrus'
 *       {@code CapacityCalculator} over what was processed; see {@link BatchListener#onRequest}).</li>
 * </ul>
 * A table's meters appear with its first request. No key, item or exception message is ever recorded.
 *
 * <p>Each event costs a map lookup and a few striped-adder increments; nothing is looked up in a registry after
 * a table's first request. Instances are threadsafe.
 */
public final class DynamoBatchMetrics implements BatchListener, MeterBinder {
  static final String REQUESTS = "cirrus.dynamo.batch.requests";

  private final String name;
  private final Map<String, TableMeters> tables = new ConcurrentHashMap<>();
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();

  /** The counts of one table and operation. */
  private static final class TableMeters {
    final Tags tags;
    final Count answered = new Count();
    final Count failed = new Count();
    final Count unprocessed = new Count();
    final Count resent = new Count();
    final DoubleAdder reported = new DoubleAdder();
    final DoubleAdder computed = new DoubleAdder();

    TableMeters(Tags tags) {
      this.tags = tags;
    }

    void register(MeterRegistry registry) {
      answered.register(registry, REQUESTS, tags.and("outcome", "answered"), "batch requests DynamoDB answered",
          null);
      failed.register(registry, REQUESTS, tags.and("outcome", "failed"), "batch requests that failed", null);
      unprocessed.register(registry, "cirrus.dynamo.batch.unprocessed", tags,
          "operations or keys DynamoDB returned unprocessed", null);
      resent.register(registry, "cirrus.dynamo.batch.resent", tags, "operations or keys sent again", null);
      units(registry, reported, "reported", "capacity units DynamoDB reported consumed");
      units(registry, computed, "computed", "capacity units CapacityCalculator computes for what was processed");
    }

    private void units(MeterRegistry registry, DoubleAdder adder, String source, String description) {
      FunctionCounter.builder("cirrus.dynamo.capacity.consumed", adder, DoubleAdder::sum)
          .tags(tags.and("source", source)).description(description).register(registry);
    }
  }

  /**
   * Creates a listener whose meters are tagged {@code name}; bind it with {@link #bindTo(MeterRegistry)}.
   *
   * @param name the name tag, for example {@code "orders"}; unique among the batch listeners of a registry
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public DynamoBatchMetrics(String name) {
    this.name = Meters.requireName(name);
  }

  static DynamoBatchMetrics bound(MeterRegistry registry, String name) {
    Meters.requireRegistry(registry);
    DynamoBatchMetrics metrics = new DynamoBatchMetrics(name);
    metrics.bindTo(registry);
    return metrics;
  }

  /** {@return the name tag of this listener's meters} */
  public String name() {
    return name;
  }

  private TableMeters meters(Operation operation, String tableName) {
    String key = operation.ordinal() + tableName;
    TableMeters m = tables.get(key);
    return m != null ? m : create(key, operation, tableName);
  }

  /** A table's first request: its meters, registered with every registry bound so far (and later ones). */
  private synchronized TableMeters create(String key, Operation operation, String tableName) {
    TableMeters m = tables.get(key);
    if (m == null) {
      m = new TableMeters(Tags.of(Meters.nameTag(name)).and("table", tableName)
          .and("operation", Meters.tagValue(operation)));
      for (MeterRegistry registry : registries) {
        m.register(registry);
      }
      tables.put(key, m);
    }
    return m;
  }

  @Override
  public void onRequest(Operation operation, String tableName, int sent, int unprocessed,
      double reportedCapacityUnits, double computedCapacityUnits) {
    TableMeters m = meters(operation, tableName);
    m.answered.increment();
    m.unprocessed.add(unprocessed);
    m.reported.add(reportedCapacityUnits);
    m.computed.add(computedCapacityUnits);
  }

  @Override
  public void onRequestFailed(Operation operation, String tableName, int sent, Throwable failure) {
    meters(operation, tableName).failed.increment();
  }

  @Override
  public void onResend(Operation operation, String tableName, int elements) {
    meters(operation, tableName).resent.add(elements);
  }

  /**
   * Registers the meters of every table seen so far with {@code registry}, and those of tables seen later.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is null
   * @throws IllegalStateException if a batch listener of the same name is bound to {@code registry} already
   */
  @Override
  public synchronized void bindTo(MeterRegistry registry) {
    Meters.requireRegistry(registry);
    Meters.requireUnbound(registry, REQUESTS, name, "batch listener");
    if (registries.stream().anyMatch(r -> r == registry)) {
      throw new IllegalStateException("batch listener \"" + name + "\" is already bound to this registry");
    }
    registries.add(registry);
    for (TableMeters m : tables.values()) {
      m.register(registry);
    }
  }

  @Override
  public String toString() {
    return "DynamoBatchMetrics{name=" + name + ", tables=" + tables.size() + "}";
  }
}
