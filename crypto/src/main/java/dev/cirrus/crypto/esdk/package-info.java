/**
 * A bridge for users of the AWS Encryption SDK for Java: {@link dev.cirrus.crypto.esdk.EsdkMaterialsCache},
 * the ESDK's {@code CryptoMaterialsCache} backed by {@code cirrus-cache}.
 *
 * <p>Every type here needs {@code com.amazonaws:aws-encryption-sdk-java}, an optional dependency of
 * {@code cirrus-crypto}, on the class path; nothing else in Cirrus does. Types in this package are public
 * API.
 */
package dev.cirrus.crypto.esdk;
