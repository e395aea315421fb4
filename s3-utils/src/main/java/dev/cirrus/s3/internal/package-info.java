/** Implementation details of {@code dev.cirrus.s3}; not public API, not exported. */
package dev.cirrus.s3.internal;
