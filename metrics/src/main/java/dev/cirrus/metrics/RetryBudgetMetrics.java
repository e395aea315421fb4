package dev.cirrus.metrics;

import dev.cirrus.metrics.internal.Meters;
import dev.cirrus.retry.RetryBudget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.ref.WeakReference;
import java.util.Objects;

/**
 * Gauges over a shared {@link RetryBudget}, read when the registry publishes.
 *
 * <p>Meters, each tagged {@code name}: {@code cirrus.retry.budget.tokens} (gauge: tokens available now, between 0
 * and the capacity) and {@code cirrus.retry.budget.capacity} (gauge). A budget near 0 means retries are being
 * refused: calls fail with {@code reason=budget_exhausted} in {@code cirrus.retry.giveups}.
 *
 * <p>The budget is held by weak reference, here and by the gauges: binding never keeps a budget alive, and the
 * gauges of a collected budget report NaN. Instances are immutable and threadsafe.
 */
public final class RetryBudgetMetrics implements MeterBinder {
  static final String TOKENS = "cirrus.retry.budget.tokens";

  private final WeakReference<RetryBudget> budget;
  private final String name;

  /**
   * Creates a binder; bind it with {@link #bindTo(MeterRegistry)}.
   *
   * @param budget the budget, held by weak reference
   * @param name the name tag, for example {@code "dynamodb"}; unique among the budgets of a registry
   * @throws NullPointerException if {@code budget} or {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public RetryBudgetMetrics(RetryBudget budget, String name) {
    this.budget = new WeakReference<>(Objects.requireNonNull(budget, "budget"));
    this.name = Meters.requireName(name);
  }

  static RetryBudgetMetrics bind(RetryBudget budget, MeterRegistry registry, String name) {
    Meters.requireRegistry(registry);
    RetryBudgetMetrics metrics = new RetryBudgetMetrics(budget, name);
    metrics.bindTo(registry);
    return metrics;
  }

  /**
   * Registers the gauges with {@code registry}. Does nothing if the budget has been collected.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is null
   * @throws IllegalStateException if a budget of the same name is bound to {@code registry} already
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Meters.requireRegistry(registry);
    RetryBudget b = budget.get();
    if (b == null) {
      return;
    }
    Meters.requireUnbound(registry, TOKENS, name, "retry budget");
    Tags tags = Tags.of(Meters.nameTag(name));
    Gauge.builder(TOKENS, b, RetryBudget::availableTokens).tags(tags).baseUnit("tokens")
        .description("retry tokens available now").register(registry);
    Gauge.builder("cirrus.retry.budget.capacity", b, RetryBudget::capacity).tags(tags).baseUnit("tokens")
        .description("retry tokens when full").register(registry);
  }

  @Override
  public String toString() {
    return "RetryBudgetMetrics{name=" + name + ", bound=" + (budget.get() != null) + "}";
  }
}
