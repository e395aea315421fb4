package dev.cirrus.cache;

/**
 * Why an entry stopped being handed out. Each entry is retired exactly once, with the first cause
 * that applied.
 *
 * <p>This enum is immutable and threadsafe.
 */
public enum RetirementCause {
  /** The entry reached {@link CachePolicy#maxAge()}. */
  AGE,
  /** A reservation would have exceeded {@link CachePolicy#maxUses()}. */
  USES,
  /** A reservation would have exceeded {@link CachePolicy#maxBytes()}. */
  BYTES,
  /** The cache held more than {@link CachePolicy#maximumSize()} entries and evicted this one. */
  SIZE,
  /**
   * The entry was removed by {@code invalidate}, {@code invalidateAll} or {@code close}, or a
   * refreshed value arrived after its predecessor had been removed and so was never used.
   */
  EXPLICIT,
  /** A refresh-ahead load replaced the entry with a fresh one. */
  REPLACED
}
