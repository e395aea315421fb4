package dev.cirrus.crypto.internal;

import java.lang.reflect.InvocationTargetException;
import java.security.Provider;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the {@link Jca} of an instance: the providers the caller named, or by default the Amazon Corretto
 * Crypto Provider (ACCP) when it is on the class path and healthy, else the JDK's installed providers. The
 * system property {@value #PROPERTY} overrides the default: {@code auto} (or unset) as just said, {@code jdk}
 * for the JDK's providers without touching ACCP, {@code accp} to require ACCP. ACCP is found by reflection
 * only, so it is never needed at compile or run time. One INFO line per JVM and provider choice says which
 * providers serve which algorithms; an unhealthy ACCP is reported once per JVM at WARN. Thread-safe.
 */
public final class JcaProviders {
  /** The system property that overrides the default provider choice. */
  public static final String PROPERTY = "cirrus.crypto.provider";

  static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
  private static final Logger LOG = LoggerFactory.getLogger(JcaProviders.class);
  /** Distinct provider lists cached; beyond, instances are built per call (their thread caches die with them). */
  private static final int MAX_CACHED = 64;
  private static final Map<Key, Jca> CACHE = new ConcurrentHashMap<>();
  private static final AtomicBoolean ACCP_WARNED = new AtomicBoolean();
  private static final AtomicBoolean CACHE_WARNED = new AtomicBoolean();
  /** Descriptions already logged: provider lists that differ but resolve alike are announced once. */
  private static final java.util.Set<String> ANNOUNCED = ConcurrentHashMap.newKeySet();

  private JcaProviders() {}

  /** What looking for ACCP found: a healthy provider, a problem, or (both null) nothing on the class path. */
  record AccpProbe(Provider provider, String problem) {
    static final AccpProbe ABSENT = new AccpProbe(null, null);
  }

  /** The probe of this JVM's class path, made once, when the default first needs it. */
  private static final class Detected {
    static final AccpProbe PROBE = probe(JcaProviders.class.getClassLoader());
  }

  /** The JDK's installed providers ({@code getInstance} without a provider). */
  public static Jca jdk() {
    return of(List.of());
  }

  /**
   * The instance for {@code providers}, in preference order, each algorithm family from the first that
   * offers all of it, and nothing from elsewhere.
   *
   * @throws IllegalArgumentException if no listed provider offers a family, naming each and what it lacks
   */
  /**
   * The providers {@code provider, more...} as an immutable list.
   *
   * @throws NullPointerException naming {@code provider}, {@code more} or {@code more[i]} if one is null
   */
  public static List<Provider> listOf(Provider provider, Provider... more) {
    List<Provider> list = new java.util.ArrayList<>(List.of(Objects.requireNonNull(provider, "provider")));
    for (int i = 0; i < Objects.requireNonNull(more, "more").length; i++) {
      list.add(Objects.requireNonNull(more[i], "more[" + i + "]"));
    }
    return List.copyOf(list);
  }

  public static Jca of(List<Provider> providers) {
    Key key = new Key(providers.toArray(new Provider[0]));
    Jca cached = CACHE.get(key);
    if (cached != null) {
      return cached;
    }
    if (CACHE.size() >= MAX_CACHED) {
      if (CACHE_WARNED.compareAndSet(false, true)) {
        LOG.warn("Cirrus crypto: more than {} distinct provider lists; reuse Provider instances across builders",
            MAX_CACHED);
      }
      return new Jca(providers);
    }
    return CACHE.computeIfAbsent(key, k -> announce(new Jca(providers)));
  }

  private static Jca announce(Jca jca) {
    if (ANNOUNCED.add(jca.description())) {
      LOG.info(announcement(jca));
    }
    return jca;
  }

  /** The INFO line for {@code jca}: provider names and versions only. */
  static String announcement(Jca jca) {
    return "Cirrus crypto: " + jca.description();
  }

  /**
   * The default instance, as the system property {@value #PROPERTY} and the class path say.
   *
   * @throws IllegalStateException if the property has an unknown value, or is {@code accp} and ACCP is absent
   *     or unhealthy
   */
  public static Jca defaults() {
    return defaults(System.getProperty(PROPERTY), () -> Detected.PROBE, JcaProviders::warnOnce);
  }

  private static void warnOnce(String message) {
    if (ACCP_WARNED.compareAndSet(false, true)) {
      LOG.warn(message);
    }
  }

  /** {@link #defaults()} with the property value, the ACCP probe and the WARN sink given. */
  static Jca defaults(String property, java.util.function.Supplier<AccpProbe> accp, Consumer<String> warn) {
    String mode = property == null ? "auto" : property.trim().toLowerCase(Locale.ROOT);
    switch (mode) {
      case "jdk":
        return jdk();
      case "auto":
      case "":
        return accpOrJdk(accp.get(), warn, false);
      case "accp":
        return accpOrJdk(accp.get(), warn, true);
      default:
        throw new IllegalStateException(
            "system property " + PROPERTY + " must be auto, jdk or accp, was '" + property + "'");
    }
  }

  private static Jca accpOrJdk(AccpProbe probe, Consumer<String> warn, boolean required) {
    String problem = probe.problem();
    if (probe.provider() != null) {
      try {
        return of(List.of(probe.provider()));
      } catch (IllegalArgumentException e) {
        problem = e.getMessage();
      }
    }
    if (required) {
      throw new IllegalStateException("system property " + PROPERTY + " is accp but "
          + (problem == null ? "AmazonCorrettoCryptoProvider is not on the class path" : problem));
    }
    if (problem != null) {
      warn.accept("Cirrus crypto: not using AmazonCorrettoCryptoProvider, " + problem + "; using the JDK's providers");
    }
    return jdk();
  }

  /**
   * Looks for ACCP through {@code loader} by reflection: its {@code INSTANCE} and {@code getLoadingError()}
   * (null when the native library loaded). Never throws.
   */
  static AccpProbe probe(ClassLoader loader) {
    Class<?> c;
    try {
      c = Class.forName(ACCP_CLASS, true, loader);
    } catch (ClassNotFoundException e) {
      return AccpProbe.ABSENT;
    } catch (LinkageError e) {
      return new AccpProbe(null, "it failed to load: " + e);
    }
    try {
      Provider p = (Provider) c.getField("INSTANCE").get(null);
      Object error = c.getMethod("getLoadingError").invoke(p);
      if (error != null) {
        return new AccpProbe(null, Jca.nameAndVersion(p) + " is unhealthy: " + error);
      }
      return new AccpProbe(p, null);
    } catch (InvocationTargetException e) {
      return new AccpProbe(null, "it failed its health check: " + e.getCause());
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      return new AccpProbe(null, "it is not usable: " + e);
    }
  }

  /** A provider list compared by the identity of its providers ({@link Provider#equals} compares entries). */
  private static final class Key {
    private final Provider[] providers;

    Key(Provider[] providers) {
      this.providers = providers;
    }

    @Override
    public boolean equals(Object o) {
      if (!(o instanceof Key) || ((Key) o).providers.length != providers.length) {
        return false;
      }
      for (int i = 0; i < providers.length; i++) {
        if (providers[i] != ((Key) o).providers[i]) {
          return false;
        }
      }
      return true;
    }

    @Override
    public int hashCode() {
      int h = 1;
      for (Provider p : providers) {
        h = 31 * h + System.identityHashCode(p);
      }
      return h;
    }
  }
}
