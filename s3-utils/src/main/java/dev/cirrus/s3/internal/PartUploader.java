package dev.cirrus.s3.internal;

import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.PartChecksum;
import java.security.MessageDigest;
import java.util.zip.Checksum;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Sends the bytes of one upload target: each part with UploadPart, its checksum (and Content-MD5 if configured)
 * computed here, through the retry policy; a small object with one PutObject. A resumed part that S3 already
 * holds with the same bytes is not sent again. Each attempt checks the stop signal first. Threadsafe.
 */
final class PartUploader {
  /** A part S3 acknowledged: the part for Complete, its checksum (null without part checksums), its length. */
  record Uploaded(CompletedPart part, byte[] crc, long length) {}

  /** A PutObject S3 acknowledged, with the base64 checksum sent (null without part checksums). */
  record Put(PutObjectResponse response, String checksum, long length) {}

  private final S3Transport s3;
  private final RetryPolicy retry;
  private final PartChecksum checksum;
  private final boolean contentMd5;
  private final String bucket;
  private final String key;
  private final String retryKey;
  private final StopSignal stop;

  PartUploader(S3Transport s3, RetryPolicy retry, PartChecksum checksum, boolean contentMd5, String bucket,
      String key, StopSignal stop) {
    this.s3 = s3;
    this.retry = retry;
    this.checksum = checksum;
    this.contentMd5 = contentMd5;
    this.bucket = bucket;
    this.key = key;
    this.retryKey = bucket + "/" + key;
    this.stop = stop;
  }

  /**
   * Uploads {@code buf} as part {@code partNumber} of {@code uploadId}, or, if {@code existing} (a part S3 listed
   * for a resumed upload) has the same length and checksum or MD5, takes it as it is.
   */
  Uploaded upload(String uploadId, int partNumber, PartBuffer buf, Part existing) {
    long len = buf.length();
    byte[] crc = crc(buf);
    byte[] md5 = null;
    if (contentMd5 || existing != null) {
      MessageDigest md = Checksums.md5();
      buf.update(md);
      md5 = md.digest();
    }
    if (existing != null && matches(existing, len, crc, md5)) {
      return uploaded(partNumber, existing.eTag(), crc, len);
    }
    UploadPartRequest.Builder req = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
        .partNumber(partNumber).contentLength(len);
    if (crc != null) {
      String b64 = Checksums.base64(crc);
      req.checksumAlgorithm(MultipartCalls.algorithm(checksum));
      if (checksum == PartChecksum.CRC32C) {
        req.checksumCRC32C(b64);
      } else {
        req.checksumCRC32(b64);
      }
    }
    if (contentMd5) {
      req.contentMD5(Checksums.base64(md5));
    }
    UploadPartRequest built = req.build();
    UploadPartResponse r = retry.call(retryKey, () -> {
      stop.throwIfStopped();
      return s3.uploadPart(built, buf);
    });
    return uploaded(partNumber, r.eTag(), crc, len);
  }

  /** Uploads {@code buf} as the whole object with one PutObject. */
  Put putObject(PartBuffer buf) {
    long len = buf.length();
    PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(key).contentLength(len);
    String b64 = null;
    byte[] crc = crc(buf);
    if (crc != null) {
      b64 = Checksums.base64(crc);
      req.checksumAlgorithm(MultipartCalls.algorithm(checksum));
      if (checksum == PartChecksum.CRC32C) {
        req.checksumCRC32C(b64);
      } else {
        req.checksumCRC32(b64);
      }
    }
    if (contentMd5) {
      MessageDigest md = Checksums.md5();
      buf.update(md);
      req.contentMD5(Checksums.base64(md.digest()));
    }
    PutObjectRequest built = req.build();
    PutObjectResponse r = retry.call(retryKey, () -> {
      stop.throwIfStopped();
      return s3.putObject(built, buf);
    });
    return new Put(r, b64, len);
  }

  /** The part checksum of the buffer's bytes, or null without part checksums. */
  private byte[] crc(PartBuffer buf) {
    if (checksum == PartChecksum.NONE) {
      return null;
    }
    Checksum c = Checksums.newChecksum(checksum.name());
    buf.update(c);
    return Checksums.int4(c.getValue());
  }

  private boolean matches(Part p, long len, byte[] crc, byte[] md5) {
    if (p.size() == null || p.size() != len) {
      return false;
    }
    String listed = checksum == PartChecksum.CRC32C ? p.checksumCRC32C()
        : checksum == PartChecksum.CRC32 ? p.checksumCRC32() : null;
    if (listed != null && crc != null) {
      return listed.equals(Checksums.base64(crc));
    }
    String etag = p.eTag() == null ? "" : p.eTag().replace("\"", "");
    return etag.matches("[0-9a-fA-F]{32}") && etag.equalsIgnoreCase(Checksums.hex(md5));
  }

  private Uploaded uploaded(int partNumber, String eTag, byte[] crc, long len) {
    CompletedPart.Builder part = CompletedPart.builder().partNumber(partNumber).eTag(eTag);
    if (crc != null) {
      if (checksum == PartChecksum.CRC32C) {
        part.checksumCRC32C(Checksums.base64(crc));
      } else {
        part.checksumCRC32(Checksums.base64(crc));
      }
    }
    return new Uploaded(part.build(), crc, len);
  }
}
