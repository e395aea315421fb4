/**
 * The AWS SDK for Java v2 adapter: {@link dev.cirrus.retry.sdk.CirrusRetryStrategy} implements the SDK's
 * {@code software.amazon.awssdk.retries.api.RetryStrategy} from a {@link dev.cirrus.retry.RetryPolicy}.
 *
 * <p>Why a package of its own, in the same jar: the SDK's {@code retries-spi} (and {@code sdk-core} /
 * {@code aws-core}, for error codes) are <em>optional</em> dependencies of {@code cirrus-retry}. Keeping every
 * type that names an SDK class in this package means {@code dev.cirrus.retry} loads and works with no SDK on
 * the class path (a non-AWS caller, or an SDK v1 shop), while SDK users need no second artifact: the SDK they
 * already have supplies the optional classes. Only touch this package when the SDK is present.
 */
package dev.cirrus.retry.sdk;
