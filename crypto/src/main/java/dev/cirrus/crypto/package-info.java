/**
 * Envelope encryption over AWS KMS in the AWS Encryption SDK message format, with cached data keys.
 *
 * <p>Types in this package are the public API; everything in {@code dev.cirrus.crypto.internal} is an
 * implementation detail that may change in any release.
 */
package dev.cirrus.crypto;
