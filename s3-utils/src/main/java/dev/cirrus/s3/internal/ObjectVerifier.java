package dev.cirrus.s3.internal;

import dev.cirrus.s3.ChecksumCheck;
import dev.cirrus.s3.PartChecksum;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Decides whether the object S3 stored is this upload's: the checksum S3 reports against the one computed from
 * the bytes sent, and, after a CompleteMultipartUpload that failed, whether the object there is made of exactly
 * these parts. Threadsafe.
 */
final class ObjectVerifier {
  private static final Logger LOG = LoggerFactory.getLogger(UploadSession.class);

  private final MultipartCalls calls;
  private final PartChecksum checksum;
  private final boolean verifyObjectChecksum;
  private final String bucket;
  private final String key;

  ObjectVerifier(MultipartCalls calls, PartChecksum checksum, boolean verifyObjectChecksum, String bucket,
      String key) {
    this.calls = calls;
    this.checksum = checksum;
    this.verifyObjectChecksum = verifyObjectChecksum;
    this.bucket = bucket;
    this.key = key;
  }

  /** Of the two checksums a response carries, the one of the configured part checksum. */
  String reported(String crc32c, String crc32) {
    return checksum == PartChecksum.CRC32C ? crc32c : crc32;
  }

  /**
   * Compares the checksum S3 reports with the one computed.
   *
   * @throws IllegalStateException if they differ: the object was written and does not match
   */
  ChecksumCheck check(String expected, String actual) {
    if (!verifyObjectChecksum || expected == null) {
      return ChecksumCheck.DISABLED;
    }
    if (actual == null) {
      return ChecksumCheck.NOT_AVAILABLE;
    }
    if (!actual.equals(expected)) {
      throw new IllegalStateException("S3 reports checksum " + actual + " for s3://" + bucket + "/" + key
          + " but the bytes sent give " + expected + "; the object was written and does not match");
    }
    return ChecksumCheck.VERIFIED;
  }

  /**
   * After CompleteMultipartUpload failed: returns the object's HEAD if S3 did complete it anyway (a lost or
   * unreadable response; its retry then gets NoSuchUpload), else null. The object counts as this upload only if
   * its ETag is the multipart ETag of exactly these parts (MD5 of the parts' MD5s, "-N"), or, when the part ETags
   * are not MD5s (SSE-KMS), if it reports the composite checksum of exactly these parts. A failed HEAD is added
   * to {@code completeFailure} as suppressed.
   */
  HeadObjectResponse writtenDespite(Throwable completeFailure, List<CompletedPart> parts, String expectedChecksum,
      String uploadId) {
    String expectedETag = multipartETag(parts);
    if (expectedETag == null && expectedChecksum == null) {
      return null;
    }
    HeadObjectResponse head;
    try {
      head = calls.head();
    } catch (RuntimeException e) {
      completeFailure.addSuppressed(e);
      return null;
    }
    String eTag = head.eTag() == null ? "" : head.eTag().replace("\"", "");
    String reported = reported(head.checksumCRC32C(), head.checksumCRC32());
    boolean ours = expectedETag != null ? eTag.equalsIgnoreCase(expectedETag)
        : expectedChecksum.equals(reported);
    if (ours) {
      LOG.info("CompleteMultipartUpload of upload {} of s3://{}/{} failed ({}) but the object is there with "
          + "ETag {}: completed", uploadId, bucket, key, completeFailure.toString(), eTag);
      return head;
    }
    return null;
  }

  /** The ETag S3 gives a multipart object of these parts, or null if a part's ETag is not an MD5. */
  static String multipartETag(List<CompletedPart> parts) {
    MessageDigest md = Checksums.md5();
    for (CompletedPart p : parts) {
      String e = p.eTag() == null ? "" : p.eTag().replace("\"", "");
      if (!e.matches("[0-9a-fA-F]{32}")) {
        return null;
      }
      md.update(HexFormat.of().parseHex(e));
    }
    return Checksums.hex(md.digest()) + "-" + parts.size();
  }
}
