package dev.cirrus.dynamo;

/**
 * The most a table (or index) with given provisioned capacity can serve for items of one size.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param readItemsPerSecond items per second readable at the given consistency
 * @param readKilobytesPerSecond item kilobytes (1,024 bytes) per second read at that rate
 * @param writeItemsPerSecond standard writes per second
 * @param writeKilobytesPerSecond item kilobytes per second written at that rate
 */
public record TableThroughput(double readItemsPerSecond, double readKilobytesPerSecond, double writeItemsPerSecond,
                              double writeKilobytesPerSecond) {
}
