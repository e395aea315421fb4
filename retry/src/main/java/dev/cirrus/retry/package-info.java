/**
 * Backoff for throttled AWS calls: jittered backoff strategies, retry budgets, adaptive client-side rate limiting and AWS error classification, pluggable into SDK v2 clients.
 *
 * <p>Types in this package are the public API; everything in {@code dev.cirrus.retry.internal} is an
 * implementation detail that may change in any release.
 */
package dev.cirrus.retry;
