/**
 * Cirrus Cache: a usage-bounded, single-flight cache for expensive secret material.
 *
 * <p>Exports the public API only; {@code dev.cirrus.cache.internal} stays inside the module. Caffeine and
 * SLF4J are implementation dependencies: no public signature names their types.
 */
module dev.cirrus.cache {
  exports dev.cirrus.cache;

  requires com.github.benmanes.caffeine;
  requires org.slf4j;
}
