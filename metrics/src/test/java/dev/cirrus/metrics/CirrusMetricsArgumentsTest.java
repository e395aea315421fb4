package dev.cirrus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.cache.CachePolicy;
import dev.cirrus.cache.SecretCache;
import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.s3.Download;
import dev.cirrus.s3.Upload;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every bad argument of every binder and factory fails with a clear exception. */
class CirrusMetricsArgumentsTest {
  private static final String BLANK_MESSAGE = "name must be a non-blank string such as \"orders\", was \"%s\"";

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final SecretCache<String, byte[]> cache = SecretCache.<String, byte[]>builder()
      .policy(CachePolicy.builder().maxAge(Duration.ofMinutes(1)).build()).build(k -> new byte[1]);
  private final RetryBudget budget = RetryBudget.create();
  private final AdaptiveRateLimiter limiter = AdaptiveRateLimiter.create();

  /** Binds one kind of component with the given registry and name. */
  interface Binding {
    void bind(CirrusMetricsArgumentsTest t, MeterRegistry registry, String name);
  }

  static Stream<Binding> bindings() {
    return Stream.of(
        (t, r, n) -> CirrusMetrics.bind(t.cache, r, n),
        (t, r, n) -> CirrusMetrics.cacheListener(r, n),
        (t, r, n) -> CirrusMetrics.retryListener(r, n),
        (t, r, n) -> CirrusMetrics.bindBudget(t.budget, r, n),
        (t, r, n) -> CirrusMetrics.bindRateLimiter(t.limiter, "key", r, n),
        (t, r, n) -> CirrusMetrics.transferMetrics(r, n),
        (t, r, n) -> CirrusMetrics.transferListener(r, n));
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void bind_nullRegistry_throwsNamingRegistry(Binding binding) {
    assertThatThrownBy(() -> binding.bind(this, null, "orders"))
        .isInstanceOf(NullPointerException.class).hasMessage("registry");
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void bind_nullName_throwsNamingName(Binding binding) {
    assertThatThrownBy(() -> binding.bind(this, registry, null))
        .isInstanceOf(NullPointerException.class).hasMessage("name");
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void bind_blankName_throwsWithTheValue(Binding binding) {
    for (String blank : new String[] {"", "  ", "\t"}) {
      assertThatThrownBy(() -> binding.bind(this, registry, blank))
          .isInstanceOf(IllegalArgumentException.class).hasMessage(BLANK_MESSAGE, blank);
    }
    assertThat(registry.getMeters()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("bindings")
  void bind_sameNameTwice_throwsNamingTheComponent(Binding binding) {
    binding.bind(this, registry, "orders");

    assertThatThrownBy(() -> binding.bind(this, registry, "orders"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("named \"orders\" is already bound to this registry")
        .hasMessageContaining("its own name");
  }

  @Test
  void bind_sameNameTwice_messageNamesTheKindAndMeter() {
    CirrusMetrics.bind(cache, registry, "orders");

    assertThatThrownBy(() -> CirrusMetrics.bind(cache, registry, "orders"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("a cache named \"orders\" is already bound to this registry (meter cirrus.cache.requests"
            + " exists); give each cache its own name, or remove the old meters first");
  }

  @Test
  void bind_differentNames_bothBound() {
    CirrusMetrics.bind(cache, registry, "orders");
    CirrusMetrics.bind(cache, registry, "invoices");

    assertThat(registry.find("cirrus.cache.requests").tags("name", "invoices").functionCounters()).hasSize(3);
  }

  @Test
  void bind_nullComponent_throwsNamingIt() {
    assertThatThrownBy(() -> CirrusMetrics.bind((SecretCache<?, ?>) null, registry, "orders"))
        .isInstanceOf(NullPointerException.class).hasMessage("cache");
    assertThatThrownBy(() -> CirrusMetrics.bind((dev.cirrus.cache.AsyncSecretCache<?, ?>) null, registry, "o"))
        .isInstanceOf(NullPointerException.class).hasMessage("cache");
    assertThatThrownBy(() -> CirrusMetrics.bindBudget(null, registry, "orders"))
        .isInstanceOf(NullPointerException.class).hasMessage("budget");
    assertThatThrownBy(() -> CirrusMetrics.bindRateLimiter(null, "key", registry, "orders"))
        .isInstanceOf(NullPointerException.class).hasMessage("limiter");
    assertThatThrownBy(() -> CirrusMetrics.bindRateLimiter(limiter, null, registry, "orders"))
        .isInstanceOf(NullPointerException.class).hasMessage("resourceKey");
  }

  @Test
  void binders_nullRegistryToBindTo_throwsNamingRegistry() {
    assertThatThrownBy(() -> CacheMetrics.of(cache, "orders").bindTo(null))
        .isInstanceOf(NullPointerException.class).hasMessage("registry");
    assertThatThrownBy(() -> new CacheLoadMetrics("orders").bindTo(null))
        .isInstanceOf(NullPointerException.class).hasMessage("registry");
    assertThatThrownBy(() -> new RetryMetrics("orders").bindTo(null))
        .isInstanceOf(NullPointerException.class).hasMessage("registry");
    assertThatThrownBy(() -> new RetryBudgetMetrics(budget, "orders").bindTo(null))
        .isInstanceOf(NullPointerException.class).hasMessage("registry");
    assertThatThrownBy(() -> new RateLimiterMetrics(limiter, "k", "orders").bindTo(null))
        .isInstanceOf(NullPointerException.class).hasMessage("registry");
    assertThatThrownBy(() -> new S3TransferMetrics("orders").bindTo(null))
        .isInstanceOf(NullPointerException.class).hasMessage("registry");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", " "})
  void binderConstructors_blankName_throwWithTheValue(String blank) {
    assertThatThrownBy(() -> CacheMetrics.of(cache, blank))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(BLANK_MESSAGE, blank);
    assertThatThrownBy(() -> new CacheLoadMetrics(blank))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(BLANK_MESSAGE, blank);
    assertThatThrownBy(() -> new RetryMetrics(blank))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(BLANK_MESSAGE, blank);
    assertThatThrownBy(() -> new RetryBudgetMetrics(budget, blank))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(BLANK_MESSAGE, blank);
    assertThatThrownBy(() -> new RateLimiterMetrics(limiter, "k", blank))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(BLANK_MESSAGE, blank);
    assertThatThrownBy(() -> new S3TransferMetrics(blank))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(BLANK_MESSAGE, blank);
  }

  @Test
  void transferMetrics_nullArguments_throwNamingThem() {
    S3TransferMetrics metrics = new S3TransferMetrics("orders");

    assertThatThrownBy(() -> new S3TransferMetrics("orders", (LongSupplier) null))
        .isInstanceOf(NullPointerException.class).hasMessage("nanoTicker");
    assertThatThrownBy(() -> metrics.track((Upload) null))
        .isInstanceOf(NullPointerException.class).hasMessage("upload");
    assertThatThrownBy(() -> metrics.track((Download) null))
        .isInstanceOf(NullPointerException.class).hasMessage("download");
  }
}
