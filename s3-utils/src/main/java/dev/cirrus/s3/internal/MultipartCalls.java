package dev.cirrus.s3.internal;

import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.PartChecksum;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * The multipart requests of one upload target (bucket and key): Create, ListParts, Complete, Abort, and the HEAD
 * that checks a Complete whose response was lost; each through the retry policy, keyed by {@code bucket/key}.
 * The caller decides when each may run (see {@link UploadState}). Threadsafe.
 */
final class MultipartCalls {
  private final S3Transport s3;
  private final RetryPolicy retry;
  private final PartChecksum checksum;
  private final String bucket;
  private final String key;
  private final String retryKey;

  MultipartCalls(S3Transport s3, RetryPolicy retry, PartChecksum checksum, String bucket, String key) {
    this.s3 = s3;
    this.retry = retry;
    this.checksum = checksum;
    this.bucket = bucket;
    this.key = key;
    this.retryKey = bucket + "/" + key;
  }

  /** The S3 name of a part checksum other than NONE. */
  static ChecksumAlgorithm algorithm(PartChecksum checksum) {
    return checksum == PartChecksum.CRC32C ? ChecksumAlgorithm.CRC32_C : ChecksumAlgorithm.CRC32;
  }

  /**
   * Sends CreateMultipartUpload; {@code stop} is checked before each attempt.
   *
   * @return the upload id
   */
  String create(StopSignal stop) {
    CreateMultipartUploadRequest.Builder req = CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
    if (checksum != PartChecksum.NONE) {
      req.checksumAlgorithm(algorithm(checksum));
    }
    CreateMultipartUploadRequest built = req.build();
    return retry.call(retryKey, () -> {
      stop.throwIfStopped();
      return s3.createMultipartUpload(built);
    }).uploadId();
  }

  /** The parts S3 holds for {@code uploadId}, by part number (every page of ListParts). */
  Map<Integer, Part> listParts(String uploadId) {
    Map<Integer, Part> parts = new HashMap<>();
    Integer marker = null;
    while (true) {
      Integer m = marker;
      ListPartsResponse page = retry.call(retryKey, () -> s3.listParts(
          r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumberMarker(m)));
      for (Part p : page.parts()) {
        parts.put(p.partNumber(), p);
      }
      if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextPartNumberMarker() == null) {
        return parts;
      }
      marker = page.nextPartNumberMarker();
    }
  }

  /** Sends CompleteMultipartUpload with {@code parts}. */
  CompleteMultipartUploadResponse complete(String uploadId, List<CompletedPart> parts) {
    return retry.call(retryKey, () -> s3.completeMultipartUpload(c -> c.bucket(bucket).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(parts))));
  }

  /**
   * Sends AbortMultipartUpload with the policy of {@link #abortRetry()}.
   *
   * @throws software.amazon.awssdk.services.s3.model.NoSuchUploadException if the upload is gone (aborted, or
   *     completed)
   */
  void abort(String uploadId) {
    abortRetry().call(retryKey, () -> s3.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(uploadId)));
  }

  /** HEADs the object, with its checksum. */
  HeadObjectResponse head() {
    return retry.call(retryKey, () -> s3.headObject(h -> h.bucket(bucket).key(key)
        .checksumMode(ChecksumMode.ENABLED)));
  }

  /**
   * The policy for AbortMultipartUpload: the configured one, but with a budget of its own. The failure being
   * cleaned up is often what drained a shared budget (a throttling storm); an abort refused a retry for that
   * reason would leave the parts billed.
   */
  private RetryPolicy abortRetry() {
    if (retry.budget().isEmpty()) {
      return retry;
    }
    // enough for every attempt at the default transient cost (14), the larger of the two default costs
    return retry.toBuilder().budget(RetryBudget.ofCapacity(14 * Math.max(1, retry.maxAttempts()))).build();
  }
}
