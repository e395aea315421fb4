/**
 * A usage-bounded, single-flight cache for expensive secret material such as KMS data keys.
 *
 * <p>Types in this package are the public API; everything in {@code dev.cirrus.cache.internal} is an
 * implementation detail that may change in any release.
 */
package dev.cirrus.cache;
