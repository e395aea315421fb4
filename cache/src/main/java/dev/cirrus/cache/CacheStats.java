package dev.cirrus.cache;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A snapshot of a cache's counters since it was built.
 *
 * <p>The counters are kept in striped adders, so reading a snapshot while other threads acquire gives
 * values that were each true at some moment during the call, not all at the same moment.
 *
 * <p>Instances are immutable and threadsafe.
 */
public final class CacheStats {

  private final long hits;
  private final long misses;
  private final long bypasses;
  private final long loads;
  private final long loadFailures;
  private final long refreshes;
  private final long destroyFailures;
  private final EnumMap<RetirementCause, Long> retirements;

  private CacheStats(
      long hits,
      long misses,
      long bypasses,
      long loads,
      long loadFailures,
      long refreshes,
      long destroyFailures,
      EnumMap<RetirementCause, Long> retirements) {
    this.hits = hits;
    this.misses = misses;
    this.bypasses = bypasses;
    this.loads = loads;
    this.loadFailures = loadFailures;
    this.refreshes = refreshes;
    this.destroyFailures = destroyFailures;
    this.retirements = retirements;
  }

  /**
   * Creates a snapshot; intended for implementations and tests.
   *
   * @param hits acquires served by an entry already loaded
   * @param misses acquires that started or waited for a load
   * @param bypasses acquires larger than max bytes, served by an uncached value
   * @param loads loader calls that succeeded (foreground, refresh and bypass)
   * @param loadFailures loader calls that failed
   * @param refreshes refresh-ahead loads started
   * @param destroyFailures values whose destruction threw
   * @param retirements entries retired, by cause; missing causes count as 0
   * @return a snapshot
   * @throws IllegalArgumentException if any count is negative
   * @throws NullPointerException if {@code retirements} or one of its values is null
   */
  public static CacheStats of(
      long hits,
      long misses,
      long bypasses,
      long loads,
      long loadFailures,
      long refreshes,
      long destroyFailures,
      Map<RetirementCause, Long> retirements) {
    Objects.requireNonNull(retirements, "retirements");
    EnumMap<RetirementCause, Long> copy = new EnumMap<>(RetirementCause.class);
    for (RetirementCause cause : RetirementCause.values()) {
      copy.put(cause, requireCount("retirements[" + cause + "]", retirements.getOrDefault(cause, 0L)));
    }
    return new CacheStats(
        requireCount("hits", hits),
        requireCount("misses", misses),
        requireCount("bypasses", bypasses),
        requireCount("loads", loads),
        requireCount("loadFailures", loadFailures),
        requireCount("refreshes", refreshes),
        requireCount("destroyFailures", destroyFailures),
        copy);
  }

  private static long requireCount(String name, Long value) {
    Objects.requireNonNull(value, name);
    if (value < 0) {
      throw new IllegalArgumentException(
          name + " must be between 0 and " + Long.MAX_VALUE + ", was " + value);
    }
    return value;
  }

  /** @return acquires served by an entry that was already loaded, without waiting */
  public long hits() {
    return hits;
  }

  /** @return acquires that started a load or waited for one */
  public long misses() {
    return misses;
  }

  /** @return acquires for more than max bytes, each served by its own uncached value */
  public long bypasses() {
    return bypasses;
  }

  /** @return loader calls that succeeded, including refreshes and bypasses */
  public long loads() {
    return loads;
  }

  /** @return loader calls that failed, including refreshes and bypasses */
  public long loadFailures() {
    return loadFailures;
  }

  /** @return refresh-ahead loads started */
  public long refreshes() {
    return refreshes;
  }

  /** @return values whose destruction threw (the exception is logged and swallowed) */
  public long destroyFailures() {
    return destroyFailures;
  }

  /**
   * Returns how many entries were retired for one cause.
   *
   * @param cause the cause
   * @return the count
   * @throws NullPointerException if {@code cause} is null
   */
  public long retirements(RetirementCause cause) {
    return retirements.get(Objects.requireNonNull(cause, "cause"));
  }

  /** @return entries retired for any cause */
  public long retirements() {
    long total = 0;
    for (long count : retirements.values()) {
      total += count;
    }
    return total;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof CacheStats)) {
      return false;
    }
    CacheStats that = (CacheStats) o;
    return hits == that.hits
        && misses == that.misses
        && bypasses == that.bypasses
        && loads == that.loads
        && loadFailures == that.loadFailures
        && refreshes == that.refreshes
        && destroyFailures == that.destroyFailures
        && retirements.equals(that.retirements);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        hits, misses, bypasses, loads, loadFailures, refreshes, destroyFailures, retirements);
  }

  @Override
  public String toString() {
    return "CacheStats{hits=" + hits + ", misses=" + misses + ", bypasses=" + bypasses
        + ", loads=" + loads + ", loadFailures=" + loadFailures + ", refreshes=" + refreshes
        + ", destroyFailures=" + destroyFailures + ", retirements=" + retirements + "}";
  }
}
