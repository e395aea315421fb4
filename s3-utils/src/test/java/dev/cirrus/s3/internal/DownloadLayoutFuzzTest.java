package dev.cirrus.s3.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cirrus.s3.DownloadFailedException;
import dev.cirrus.s3.PartSizePolicy;
import java.math.BigInteger;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import dev.cirrus.testsupport.ThreadAllocations;

/**
 * Coverage-guided fuzzing of the Content-Range, Content-Length, ETag and parts-count parsing that lays out a
 * download ({@link DownloadLayout#of}). Input lines ({@link FuzzLines}): Content-Length, Content-Range, ETag,
 * x-amz-mp-parts-count, and the configured range size (clamped to the allowed 1 MiB .. 5 GiB). Invariants: only
 * {@link DownloadFailedException} escapes; a layout's object size is the one Content-Range states (or the
 * length, without a usable total); the first range is the response's length; the ETag marks a multipart object
 * exactly when it contains {@code -}; the ranges are at least one, non-empty and cover the object exactly;
 * laying out allocates only a fixed amount.
 */
class DownloadLayoutFuzzTest {
  private static final Pattern LONG = Pattern.compile("[+-]?[0-9]+");
  private static final long MIB = 1024 * 1024;

  @FuzzTest
  void of_arbitraryHeaders_consistentLayoutOrDownloadFailed(byte[] input) {
    FuzzLines in = new FuzzLines(input, 5);
    Long length = in.asLong(0);
    String range = in.get(1);
    String eTag = in.get(2);
    Long configured = in.asLong(4);
    long rangeSize = configured == null ? 8 * MIB
        : Math.min(Math.max(configured, MIB), PartSizePolicy.MAX_PART_SIZE_BYTES);
    GetObjectResponse resp = GetObjectResponse.builder()
        .contentLength(length).contentRange(range).eTag(eTag).partsCount(in.asInt(3)).build();
    ThreadAllocations before = ThreadAllocations.start();
    DownloadLayout layout;
    try {
      layout = DownloadLayout.of(resp, rangeSize, "bucket", "key");
    } catch (DownloadFailedException expected) {
      return;
    }
    before.assertAtMost(64 * 1024, "laying out a download");
    long size = modelSize(range, length);
    if (layout.size != size || layout.firstLength != length || size < length) {
      throw new AssertionError("size " + layout.size + " first " + layout.firstLength + " for Content-Length "
          + length + ", Content-Range " + range + " (model size " + size + ")");
    }
    if (layout.multipartObject != (eTag != null && eTag.contains("-"))) {
      throw new AssertionError("multipart " + layout.multipartObject + " for ETag " + eTag);
    }
    checkRanges(layout);
  }

  private static void checkRanges(DownloadLayout l) {
    if (l.ranges < 1 || l.rangeSize < 1) {
      throw new AssertionError(l.ranges + " ranges of " + l.rangeSize + " bytes");
    }
    BigInteger rest = BigInteger.valueOf(l.size - l.firstLength);
    BigInteger covered = BigInteger.valueOf(l.ranges - 1L).multiply(BigInteger.valueOf(l.rangeSize));
    BigInteger allButLast = BigInteger.valueOf(Math.max(0, l.ranges - 2L)).multiply(BigInteger.valueOf(l.rangeSize));
    boolean exact = l.ranges == 1 ? l.size == l.firstLength
        : covered.compareTo(rest) >= 0 && allButLast.compareTo(rest) < 0;
    if (!exact) {
      throw new AssertionError(l.ranges + " ranges of " + l.rangeSize + " bytes after a first of " + l.firstLength
          + " do not cover " + l.size + " bytes exactly");
    }
  }

  /** The object size the headers state: Content-Range's total if it is a number, else the length. */
  static long modelSize(String contentRange, long length) {
    if (contentRange == null) {
      return length;
    }
    String total = contentRange.substring(contentRange.lastIndexOf('/') + 1);
    if (contentRange.indexOf('/') < 0 || total.isEmpty() || total.startsWith("*")) {
      return length;
    }
    String t = total.trim();
    return LONG.matcher(t).matches() && new BigInteger(t).bitLength() < 64 ? Long.parseLong(t) : -1;
  }
}
