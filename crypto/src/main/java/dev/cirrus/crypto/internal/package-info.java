/** Implementation details of {@code dev.cirrus.crypto}; not public API, not exported. */
package dev.cirrus.crypto.internal;
