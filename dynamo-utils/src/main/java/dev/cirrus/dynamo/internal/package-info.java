/** Implementation details of {@code dev.cirrus.dynamo}; not public API, not exported. */
package dev.cirrus.dynamo.internal;
