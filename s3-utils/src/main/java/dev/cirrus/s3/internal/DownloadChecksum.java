package dev.cirrus.s3.internal;

import dev.cirrus.s3.ChecksumCheck;
import dev.cirrus.s3.DownloadFailedException;
import dev.cirrus.s3.PartChecksum;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.zip.Checksum;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The check of a download's bytes against the object's checksum: the value S3 reports (in the part-1 response
 * for a single-part object, from a HEAD for a multipart one), whether it can be compared, and the running
 * checksums the writer keeps: one over the whole object (full-object checksums) or one per range (composite
 * checksums, comparable only when the ranges are the object's parts). Used by the writing thread only.
 */
final class DownloadChecksum {
  /** What S3 reports: the checksum value, its type, and the object's part count (from a HEAD only). */
  private record Reported(String value, ChecksumType type, Integer parts) {
  }

  private final String algorithm;
  private final String expected;
  private final boolean checkable;
  private final ChecksumCheck check;
  private final Checksum whole;
  private final List<byte[]> rangeSums;

  private DownloadChecksum(String algorithm, String expected, boolean checkable, boolean composite,
      ChecksumCheck check) {
    this.algorithm = algorithm;
    this.expected = expected;
    this.checkable = checkable;
    this.check = check;
    this.whole = checkable && !composite ? Checksums.newChecksum(algorithm) : null;
    this.rangeSums = checkable && composite ? new ArrayList<>() : null;
  }

  /**
   * The check of a download laid out as {@code layout}, whose part-1 answer is {@code resp}; {@code head} is
   * asked only for a multipart object whose checksum is to be verified.
   */
  static DownloadChecksum plan(TransferConfig cfg, DownloadLayout layout, GetObjectResponse resp,
      Supplier<HeadObjectResponse> head) {
    String algorithm = cfg.checksum() == PartChecksum.NONE ? null : cfg.checksum().name();
    Reported reported = new Reported(null, null, null);
    if (cfg.verifyObjectChecksum() && algorithm != null) {
      boolean crc32c = cfg.checksum() == PartChecksum.CRC32C;
      if (!layout.multipartObject && layout.firstLength == layout.size) {
        reported = new Reported(crc32c ? resp.checksumCRC32C() : resp.checksumCRC32(), resp.checksumType(), null);
      } else if (layout.multipartObject) {
        // A part's response carries the part's checksum, not the object's: the object's comes from HEAD, which
        // only multipart objects need (If-Match: the same version).
        HeadObjectResponse h = head.get();
        reported = new Reported(crc32c ? h.checksumCRC32C() : h.checksumCRC32(), h.checksumType(), h.partsCount());
      }
    }
    String value = reported.value();
    boolean composite = value != null && (value.contains("-") || reported.type() == ChecksumType.COMPOSITE);
    String expected = value;
    if (composite && !value.contains("-") && reported.parts() != null) {
      expected = value + "-" + reported.parts();
    }
    // A multipart object's checksum without "-N" and without type FULL_OBJECT is ambiguous (moto 5.2.1 reports
    // composite values that way), so it is not compared.
    boolean fullObject = value != null && !composite
        && (!layout.multipartObject || reported.type() == ChecksumType.FULL_OBJECT);
    boolean checkable = value != null
        && (fullObject || (composite && layout.aligned && expected.endsWith("-" + layout.ranges)));
    ChecksumCheck check = !cfg.verifyObjectChecksum() || algorithm == null ? ChecksumCheck.DISABLED
        : checkable ? ChecksumCheck.VERIFIED : ChecksumCheck.NOT_AVAILABLE;
    return new DownloadChecksum(algorithm, expected, checkable, composite, check);
  }

  /** What the download's result reports. */
  ChecksumCheck check() {
    return check;
  }

  /** A checksum for a range streamed without a buffer, or null when ranges need none. */
  Checksum newRangeSum() {
    return rangeSums == null ? null : Checksums.newChecksum(algorithm);
  }

  /** Adds a streamed range's checksum (null: none) as the next range's. */
  void addRange(Checksum rangeSum) {
    if (rangeSum != null) {
      rangeSums.add(Checksums.int4(rangeSum.getValue()));
    }
  }

  /** Takes bytes of a streamed range into the whole-object checksum, if one is kept. */
  void update(byte[] buf, int off, int len) {
    if (whole != null) {
      whole.update(buf, off, len);
    }
  }

  /** Takes a buffered range, the next in object order. */
  void update(PartBuffer b) {
    if (whole != null) {
      b.update(whole);
    }
    if (rangeSums != null) {
      Checksum c = Checksums.newChecksum(algorithm);
      b.update(c);
      rangeSums.add(Checksums.int4(c.getValue()));
    }
  }

  /**
   * Compares the checksum of the bytes taken with the object's, if it can be compared.
   *
   * @throws DownloadFailedException if they differ
   */
  void verify(String bucket, String key, String eTag, long written) {
    if (!checkable) {
      return;
    }
    String actual = whole != null ? Checksums.base64(Checksums.int4(whole.getValue()))
        : Checksums.composite(algorithm, rangeSums.toArray(new byte[0][]));
    if (!actual.equals(expected)) {
      throw new DownloadFailedException("s3://" + bucket + "/" + key + " has checksum " + expected
          + " but the bytes received give " + actual, bucket, key, eTag, written, null);
    }
  }
}
