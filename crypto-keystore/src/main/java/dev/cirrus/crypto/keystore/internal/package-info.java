/** Implementation details of {@code dev.cirrus.crypto.keystore}; not public API, not exported. */
package dev.cirrus.crypto.keystore.internal;
