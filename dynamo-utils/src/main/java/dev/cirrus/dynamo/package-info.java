/**
 * DynamoDB item-size and capacity math, planners, write sharding and throttle-safe batch I/O.
 *
 * <p>Types in this package are the public API; everything in {@code dev.cirrus.dynamo.internal} is an
 * implementation detail that may change in any release.
 */
package dev.cirrus.dynamo;
