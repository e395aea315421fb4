package dev.cirrus.s3.internal;

import dev.cirrus.s3.DownloadFailedException;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * How a download is cut into ranges, from the response to its GET of part 1: the version (ETag), the object
 * size, the first range (that response's body) and the ranges after it. Part-aligned ranges (each one of the
 * object's parts) are used when the parts are of one size, up to {@link #MAX_ALIGNED_RANGE_BYTES} or the
 * configured range size if larger; else the ranges after the first are of the configured size. Immutable.
 */
final class DownloadLayout {
  /** Part-aligned ranges are used only up to this size (or the configured range size, if larger). */
  static final long MAX_ALIGNED_RANGE_BYTES = 64L * 1024 * 1024;

  final String eTag;
  final long size;
  /** The length of the first range, the body of the part-1 response. */
  final long firstLength;
  /** Whether the ETag is a multipart upload's ({@code "...-N"}). */
  final boolean multipartObject;
  /** Whether every range is one of the object's parts (an object of one part, streamed whole, is). */
  final boolean aligned;
  /** The number of ranges, the first included. */
  final int ranges;
  /** The length of the ranges after the first (the last may be shorter); the object size if there is one range. */
  final long rangeSize;

  private DownloadLayout(String eTag, long size, long firstLength, boolean multipartObject, boolean aligned,
      int ranges, long rangeSize) {
    this.eTag = eTag;
    this.size = size;
    this.firstLength = firstLength;
    this.multipartObject = multipartObject;
    this.aligned = aligned;
    this.ranges = ranges;
    this.rangeSize = rangeSize;
  }

  /**
   * The layout of {@code s3://bucket/key} from the answer to part 1 and the configured range size.
   *
   * @throws DownloadFailedException if the answer's Content-Length and Content-Range do not fit together, or the
   *     object would need more than {@code Integer.MAX_VALUE - 1} ranges after the first
   */
  static DownloadLayout of(GetObjectResponse resp, long configuredRangeSize, String bucket, String key) {
    String eTag = resp.eTag();
    long firstLen = resp.contentLength() == null ? -1 : resp.contentLength();
    long size = totalSize(resp.contentRange(), firstLen);
    if (firstLen < 0 || size < firstLen) {
      throw new DownloadFailedException("s3://" + bucket + "/" + key + " answered part 1 with Content-Length "
          + resp.contentLength() + " and Content-Range " + resp.contentRange(), bucket, key, eTag, 0, null);
    }
    boolean multipartObject = eTag != null && eTag.contains("-");
    Integer parts = resp.partsCount();
    if (firstLen == size) {
      // One response holds everything: the object's only part, or a server that ignored partNumber.
      boolean aligned = !multipartObject || Integer.valueOf(1).equals(parts);
      return new DownloadLayout(eTag, size, firstLen, multipartObject, aligned, 1, Math.max(size, 1));
    }
    long rangeSize = Math.max(1, configuredRangeSize);
    boolean aligned = parts != null && parts > 1 && firstLen > 0 && ceilDiv(size, firstLen) == parts
        && firstLen <= Math.max(MAX_ALIGNED_RANGE_BYTES, configuredRangeSize);
    if (aligned) {
      rangeSize = firstLen;
    }
    long more = ceilDiv(size - firstLen, rangeSize);
    if (more > Integer.MAX_VALUE - 1) {
      // Only a Content-Range total far beyond S3's 5 TiB gets here; cast to int, the count would wrap.
      throw new DownloadFailedException("s3://" + bucket + "/" + key + " answered part 1 with Content-Range "
          + resp.contentRange() + ": more than " + (Integer.MAX_VALUE - 1) + " ranges of " + rangeSize + " bytes",
          bucket, key, eTag, 0, null);
    }
    int ranges = 1 + (int) more;
    return new DownloadLayout(eTag, size, firstLen, multipartObject, aligned, ranges, rangeSize);
  }

  /** The size of a range buffer: the ranges after the first are fetched into buffers. */
  long bufferBytes() {
    return Math.min(rangeSize, Math.max(size - firstLength, 1));
  }

  /** The object size from {@code Content-Range: bytes a-b/size}; without one the response is the object. */
  static long totalSize(String contentRange, long contentLength) {
    if (contentRange == null) {
      return contentLength;
    }
    int slash = contentRange.lastIndexOf('/');
    if (slash < 0 || slash == contentRange.length() - 1 || contentRange.charAt(slash + 1) == '*') {
      return contentLength;
    }
    try {
      return Long.parseLong(contentRange.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static long ceilDiv(long a, long b) {
    return a == 0 ? 0 : 1 + (a - 1) / b;
  }
}
