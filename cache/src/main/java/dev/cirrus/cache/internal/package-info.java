/** Implementation details of {@code dev.cirrus.cache}; not public API, not exported. */
package dev.cirrus.cache.internal;
