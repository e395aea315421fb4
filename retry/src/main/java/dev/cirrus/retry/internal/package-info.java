/** Implementation details of {@code dev.cirrus.retry}; not public API, not exported. */
package dev.cirrus.retry.internal;
