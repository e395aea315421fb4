package dev.cirrus.dynamo.internal;

import static dev.cirrus.dynamo.CapacityCalculator.PAGE_BYTES;
import static dev.cirrus.dynamo.CapacityCalculator.readUnits;

import dev.cirrus.dynamo.CapacityEstimate;

/**
 * Read units of a Query or Scan, page by page: DynamoDB reads at most 1 MB per page and rounds each page's summed
 * item sizes up to 4 KB. For a local secondary index query that fetches non-projected attributes, every fetched
 * base-table item is charged in full and rounded up to 4 KB on its own ("Local secondary indexes: provisioned
 * throughput considerations" in the DynamoDB Developer Guide).
 *
 * <p>Stateless and thread-safe.
 */
public final class PagedReads {
  private PagedReads() {
  }

  /**
   * The estimate for one paged read. Sizes must already be validated.
   *
   * @param op the operation label, for example {@code Query}
   * @param factor the consistency factor: 0.5 or 1
   * @param label the consistency's label
   * @param sizes the sizes of the entries or items read, in order
   * @param fetched the full size of the base item fetched per entry, or null if none is fetched
   * @return the estimate with charged bytes, rounded units and pages
   */
  public static CapacityEstimate estimate(String op, double factor, String label, long[] sizes, long[] fetched) {
    Pages p = new Pages(fetched != null);
    for (int i = 0; i < sizes.length; i++) {
      p.add(sizes[i], fetched == null ? 0 : fetched[i]);
    }
    p.closePage();
    String summed = fetched == null ? p.totalBytes + " bytes summed then rounded up to 4 KB"
        : p.totalBytes + " index bytes summed then rounded up to 4 KB, and " + sizes.length
            + " fetched base items (" + p.totalFetchedBytes + " bytes) each rounded up to 4 KB";
    String rule = op + ": " + sizes.length + " items, " + summed
        + (p.pages > 1 ? " per 1 MB page (" + p.pages + " pages)" : "") + " = " + p.units + " units x " + factor
        + " (" + label + ")";
    return CapacityEstimate.builder(op).rule(rule).chargedBytes(p.totalBytes + p.totalFetchedBytes)
        .readUnits(p.units, factor).pages(p.pages).requests(p.pages).build();
  }

  /** The running page: an item that would push the page past 1 MB starts the next page. */
  private static final class Pages {
    private final boolean fetching;
    private long units;
    private int pages = 1;
    private long pageBytes;
    private long pageEntryBytes;
    private long pageFetchUnits;
    private long totalBytes;
    private long totalFetchedBytes;

    Pages(boolean fetching) {
      this.fetching = fetching;
    }

    void add(long entryBytes, long fetchedBytes) {
      long bytes = entryBytes + fetchedBytes;
      if (pageBytes > 0 && pageBytes + bytes > PAGE_BYTES) {
        closePage();
        pages++;
      }
      pageBytes += bytes;
      pageEntryBytes += entryBytes;
      if (fetching) {
        pageFetchUnits += readUnits(fetchedBytes);
      }
      totalBytes += entryBytes;
      totalFetchedBytes += fetchedBytes;
    }

    /** The index entries (or items) of a page are summed and rounded; each fetched base item is rounded alone. */
    void closePage() {
      units += readUnits(pageEntryBytes) + pageFetchUnits;
      pageBytes = 0;
      pageEntryBytes = 0;
      pageFetchUnits = 0;
    }
  }
}
