/**
 * A DynamoDB branch key store for the hierarchical keyring, reading and writing the items of the AWS Cryptographic
 * Material Providers Library's KeyStore (hierarchy version 1), so either side reads the other's keys.
 *
 * <p>Types in this package are the public API; everything in {@code dev.cirrus.crypto.keystore.internal} is an
 * implementation detail that may change in any release.
 */
package dev.cirrus.crypto.keystore;
