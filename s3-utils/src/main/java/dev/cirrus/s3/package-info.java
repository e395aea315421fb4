/**
 * S3 key-prefix hashing and planning, and multipart transfers with bounded memory that never leak uploads.
 *
 * <p>Types in this package are the public API; everything in {@code dev.cirrus.s3.internal} is an
 * implementation detail that may change in any release.
 */
package dev.cirrus.s3;
