package dev.cirrus.s3;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortIncompleteMultipartUpload;
import software.amazon.awssdk.services.s3.model.BucketLifecycleConfiguration;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;
import software.amazon.awssdk.services.s3.model.LifecycleRuleFilter;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Finds and aborts incomplete multipart uploads, and installs the lifecycle rule that makes S3 do it.
 *
 * <p>Incomplete uploads are invisible in object listings but their parts are billed until aborted. Cirrus
 * aborts its own uploads on failure; crashes, killed processes and other tools still leave some behind, so
 * every bucket that receives multipart uploads SHOULD carry the {@code AbortIncompleteMultipartUpload} rule.
 *
 * <p>This class is immutable and threadsafe.
 */
public final class MultipartHousekeeping {
  /** The id of the lifecycle rule this class installs: {@value}. */
  public static final String RULE_ID = "cirrus-abort-incomplete-multipart-uploads";

  private final S3Client s3;
  private final Clock clock;

  private MultipartHousekeeping(S3Client s3, Clock clock) {
    this.s3 = s3;
    this.clock = clock;
  }

  /**
   * Returns housekeeping over the client, with {@code clock} deciding ages.
   *
   * @param s3 the client every request goes through; not closed by this class
   * @param clock the clock that decides ages
   * @return housekeeping over the client, with {@code clock} deciding ages
   * @throws NullPointerException if an argument is null
   */
  public static MultipartHousekeeping create(S3Client s3, Clock clock) {
    return new MultipartHousekeeping(Objects.requireNonNull(s3, "s3"), Objects.requireNonNull(clock, "clock"));
  }

  /** An incomplete multipart upload. Immutable. */
  public static final class IncompleteUpload {
    private final String key;
    private final String uploadId;
    private final Instant initiated;

    IncompleteUpload(String key, String uploadId, Instant initiated) {
      this.key = key;
      this.uploadId = uploadId;
      this.initiated = initiated;
    }

    /**
     * Returns the key.
     *
     * @return the key
     */
    public String key() {
      return key;
    }

    /**
     * Returns the upload id.
     *
     * @return the upload id
     */
    public String uploadId() {
      return uploadId;
    }

    /**
     * Returns when the upload was initiated.
     *
     * @return when the upload was initiated
     */
    public Instant initiated() {
      return initiated;
    }

    @Override
    public String toString() {
      return key + " " + uploadId + " " + initiated;
    }
  }

  /**
   * Lists the incomplete uploads in {@code bucket} initiated at least {@code olderThan} ago.
   *
   * @param bucket the bucket name
   * @param olderThan the minimum age of an upload to include
   * @return the uploads, in the order S3 lists them
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if olderThan is negative
   * @throws S3Exception if S3 refuses the listing
   */
  public List<IncompleteUpload> listIncomplete(String bucket, Duration olderThan) {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(olderThan, "olderThan");
    if (olderThan.isNegative()) {
      throw new IllegalArgumentException("olderThan must not be negative, was " + olderThan);
    }
    Instant cutoff = clock.instant().minus(olderThan);
    List<IncompleteUpload> out = new ArrayList<>();
    String keyMarker = null;
    String idMarker = null;
    while (true) {
      String k = keyMarker;
      String i = idMarker;
      ListMultipartUploadsResponse page = s3.listMultipartUploads(r -> r.bucket(bucket).keyMarker(k)
          .uploadIdMarker(i));
      for (MultipartUpload u : page.uploads()) {
        if (!u.initiated().isAfter(cutoff)) {
          out.add(new IncompleteUpload(u.key(), u.uploadId(), u.initiated()));
        }
      }
      if (!Boolean.TRUE.equals(page.isTruncated())) {
        return out;
      }
      keyMarker = page.nextKeyMarker();
      idMarker = page.nextUploadIdMarker();
    }
  }

  /**
   * Aborts the incomplete uploads initiated at least {@code olderThan} ago and returns them; with
   * {@code dryRun} only returns them. An upload that vanished meanwhile counts as aborted.
   *
   * @param bucket the bucket name
   * @param olderThan the minimum age of an upload to include
   * @param dryRun true to only list
   * @return the uploads, in the order S3 lists them
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if olderThan is negative
   * @throws S3Exception if S3 refuses the listing or an abort
   */
  public List<IncompleteUpload> abortIncomplete(String bucket, Duration olderThan, boolean dryRun) {
    List<IncompleteUpload> old = listIncomplete(bucket, olderThan);
    if (!dryRun) {
      for (IncompleteUpload u : old) {
        try {
          s3.abortMultipartUpload(r -> r.bucket(bucket).key(u.key()).uploadId(u.uploadId()));
        } catch (NoSuchUploadException gone) {
          // completed or aborted by someone else meanwhile
        }
      }
    }
    return old;
  }

  /**
   * Installs (or replaces) the lifecycle rule {@value #RULE_ID} aborting incomplete uploads
   * {@code daysAfterInitiation} days after they start, keeping every other rule of the bucket.
   *
   * <p>Not atomic: S3 has no conditional lifecycle update, so a concurrent change of the bucket's lifecycle
   * configuration by someone else may be lost.
   *
   * @param bucket the bucket name
   * @param daysAfterInitiation the age in days at which S3 aborts an upload
   * @param prefix the key prefix the rule applies to; empty for the whole bucket
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if daysAfterInitiation is below 1
   * @throws S3Exception if S3 refuses the read or the write
   */
  public void installAbortRule(String bucket, int daysAfterInitiation, String prefix) {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(prefix, "prefix");
    if (daysAfterInitiation < 1) {
      throw new IllegalArgumentException("daysAfterInitiation must be at least 1, was " + daysAfterInitiation);
    }
    List<LifecycleRule> rules = new ArrayList<>();
    try {
      for (LifecycleRule r : s3.getBucketLifecycleConfiguration(g -> g.bucket(bucket)).rules()) {
        if (!RULE_ID.equals(r.id())) {
          rules.add(r);
        }
      }
    } catch (S3Exception e) {
      if (e.statusCode() != 404) {
        throw e;
      }
    }
    rules.add(LifecycleRule.builder().id(RULE_ID).status(ExpirationStatus.ENABLED)
        .filter(LifecycleRuleFilter.builder().prefix(prefix).build())
        .abortIncompleteMultipartUpload(AbortIncompleteMultipartUpload.builder()
            .daysAfterInitiation(daysAfterInitiation).build())
        .build());
    s3.putBucketLifecycleConfiguration(p -> p.bucket(bucket)
        .lifecycleConfiguration(BucketLifecycleConfiguration.builder().rules(rules).build()));
  }
}
