package dev.cirrus.metrics.internal;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.Locale;
import java.util.Objects;

/** Argument checks and tag values shared by the binders. Stateless and threadsafe. */
public final class Meters {
  /** The tag naming the component, with the name the application gave it. */
  public static final String NAME_TAG = "name";

  private Meters() {}

  /**
   * Checks the name the application gave a component.
   *
   * @param name the name
   * @return {@code name}
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is empty or only whitespace
   */
  public static String requireName(String name) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must be a non-blank string such as \"orders\", was \"" + name + "\"");
    }
    return name;
  }

  /**
   * Checks a registry argument.
   *
   * @param registry the registry
   * @return {@code registry}
   * @throws NullPointerException if {@code registry} is null
   */
  public static MeterRegistry requireRegistry(MeterRegistry registry) {
    return Objects.requireNonNull(registry, "registry");
  }

  /**
   * Returns the tag value of an enum constant: its name in lower case ({@code MAX_ATTEMPTS} is
   * {@code max_attempts}).
   *
   * @param constant the constant
   * @return the tag value
   */
  public static String tagValue(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /**
   * Fails if {@code registry} already has a meter called {@code meterName} tagged {@code name=componentName}: a
   * second component under the same name would be ignored by the registry, and its meters would show the first
   * one's values.
   *
   * @param registry the registry
   * @param meterName a meter every binding of this kind registers
   * @param componentName the name the application gave the component
   * @param what what kind of component, for the message ("cache", "retry budget")
   * @throws IllegalStateException if such a meter is registered already
   */
  public static void requireUnbound(MeterRegistry registry, String meterName, String componentName, String what) {
    Meter existing = registry.find(meterName).tags(NAME_TAG, componentName).meter();
    if (existing != null) {
      throw new IllegalStateException("a " + what + " named \"" + componentName + "\" is already bound to this"
          + " registry (meter " + meterName + " exists); give each " + what + " its own name, or remove the"
          + " old meters first");
    }
  }

  /**
   * Returns the {@code name} tag.
   *
   * @param componentName the name the application gave the component
   * @return the tag
   */
  public static Tag nameTag(String componentName) {
    return Tag.of(NAME_TAG, componentName);
  }
}
