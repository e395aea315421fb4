/**
 * Micrometer meters for Cirrus: {@link dev.cirrus.metrics.CirrusMetrics} binds a component in one line, and each
 * binder is a {@link io.micrometer.core.instrument.binder.MeterBinder} for registration by a framework (Spring
 * Boot binds every {@code MeterBinder} bean to its registries).
 *
 * <p>Every meter is named {@code cirrus.<module>.<what>}, carries the base unit in its name or its base unit,
 * and is tagged {@code name} with the name the application gave the component, plus a few fixed,
 * low-cardinality tags ({@code result}, {@code cause}, {@code kind}, {@code reason}, {@code direction},
 * {@code outcome}). No meter is tagged with a cache key, a KMS key id, a resource key, a bucket, an object key or
 * an encryption-context value. The full listing is in {@code docs/guides/metrics.md}.
 *
 * <p>Types in this package are the public API; everything in {@code dev.cirrus.metrics.internal} is an
 * implementation detail that may change in any release.
 */
package dev.cirrus.metrics;
