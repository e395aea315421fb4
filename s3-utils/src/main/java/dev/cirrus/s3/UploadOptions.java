package dev.cirrus.s3;

import dev.cirrus.s3.internal.OptionChecks;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The request options of one upload (or of the target of a copy): encryption, metadata, content headers, storage
 * class, tags, ACL, checksum algorithm, object lock, expected bucket owner and requester-pays.
 *
 * <p>Where each option goes, as S3 requires it:
 * <ul>
 *   <li>CreateMultipartUpload and the single-request PutObject: every option.
 *   <li>UploadPart: SSE-C key, checksum algorithm, expected bucket owner, requester-pays.
 *   <li>CompleteMultipartUpload: expected bucket owner, requester-pays, checksum type, and the SSE-C key when the
 *       upload carries checksums (always, unless the part checksum is off).
 *   <li>AbortMultipartUpload and ListParts: expected bucket owner, requester-pays (ListParts also the SSE-C key).
 *   <li>HeadObject (checking a Complete whose answer was lost): SSE-C key, expected bucket owner, requester-pays.
 * </ul>
 *
 * <p>Checksums: CRC32 and CRC32C are computed by Cirrus (and the composite compared after Complete, as with
 * {@link S3Transfers.Builder#partChecksum(PartChecksum)}, which this option overrides for the transfer); SHA1,
 * SHA256 and CRC64NVME are computed by the SDK and checked by S3 on receipt of each part (CRC64NVME needs the
 * AWS CRT on the class path). A {@link ChecksumType#FULL_OBJECT} object's checksum is S3's and is not compared.
 *
 * <p>By default nothing is set and S3's defaults apply (bucket default encryption, STANDARD, private).
 * Instances are immutable and threadsafe; {@link #toString()} never shows the SSE-C key.
 */
public final class UploadOptions {
  private static final UploadOptions NONE = builder().build();

  private final ServerSideEncryption serverSideEncryption;
  private final String sseKmsKeyId;
  private final Map<String, String> sseKmsEncryptionContext;
  private final Boolean bucketKeyEnabled;
  private final SseCustomerKey sseCustomerKey;
  private final Map<String, String> metadata;
  private final String contentType;
  private final String contentEncoding;
  private final String contentDisposition;
  private final String contentLanguage;
  private final String cacheControl;
  private final Instant expires;
  private final StorageClass storageClass;
  private final Map<String, String> tags;
  private final ObjectCannedACL acl;
  private final ChecksumAlgorithm checksumAlgorithm;
  private final ChecksumType checksumType;
  private final String expectedBucketOwner;
  private final boolean requesterPays;
  private final ObjectLockMode objectLockMode;
  private final Instant objectLockRetainUntil;
  private final boolean objectLockLegalHold;

  private UploadOptions(Builder b) {
    serverSideEncryption = b.serverSideEncryption;
    sseKmsKeyId = b.sseKmsKeyId;
    sseKmsEncryptionContext = b.sseKmsEncryptionContext;
    bucketKeyEnabled = b.bucketKeyEnabled;
    sseCustomerKey = b.sseCustomerKey;
    metadata = b.metadata;
    contentType = b.contentType;
    contentEncoding = b.contentEncoding;
    contentDisposition = b.contentDisposition;
    contentLanguage = b.contentLanguage;
    cacheControl = b.cacheControl;
    expires = b.expires;
    storageClass = b.storageClass;
    tags = b.tags;
    acl = b.acl;
    checksumAlgorithm = b.checksumAlgorithm;
    checksumType = b.checksumType;
    expectedBucketOwner = b.expectedBucketOwner;
    requesterPays = b.requesterPays;
    objectLockMode = b.objectLockMode;
    objectLockRetainUntil = b.objectLockRetainUntil;
    objectLockLegalHold = b.objectLockLegalHold;
  }

  /**
   * Returns the options that set nothing.
   *
   * @return the options that set nothing
   */
  public static UploadOptions none() {
    return NONE;
  }

  /**
   * Returns a new builder with nothing set.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder with these options.
   *
   * @return a builder with these options
   */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** @return the server-side encryption ({@code x-amz-server-side-encryption}), or null for the bucket's */
  public ServerSideEncryption serverSideEncryption() {
    return serverSideEncryption;
  }

  /** @return the KMS key id, ARN or alias, or null for the AWS managed key */
  public String sseKmsKeyId() {
    return sseKmsKeyId;
  }

  /** @return the KMS encryption context (empty if none) */
  public Map<String, String> sseKmsEncryptionContext() {
    return sseKmsEncryptionContext;
  }

  /** @return whether an S3 Bucket Key is used, or null for the bucket's setting */
  public Boolean bucketKeyEnabled() {
    return bucketKeyEnabled;
  }

  /** @return the SSE-C key, or null */
  public SseCustomerKey sseCustomerKey() {
    return sseCustomerKey;
  }

  /** @return the user metadata, sent as {@code x-amz-meta-*} (empty if none) */
  public Map<String, String> metadata() {
    return metadata;
  }

  /** @return the Content-Type, or null for S3's {@code binary/octet-stream} */
  public String contentType() {
    return contentType;
  }

  /** @return the Content-Encoding, or null */
  public String contentEncoding() {
    return contentEncoding;
  }

  /** @return the Content-Disposition, or null */
  public String contentDisposition() {
    return contentDisposition;
  }

  /** @return the Content-Language, or null */
  public String contentLanguage() {
    return contentLanguage;
  }

  /** @return the Cache-Control, or null */
  public String cacheControl() {
    return cacheControl;
  }

  /** @return the Expires time, or null */
  public Instant expires() {
    return expires;
  }

  /** @return the storage class, or null for STANDARD */
  public StorageClass storageClass() {
    return storageClass;
  }

  /** @return the object tags, sent as {@code x-amz-tagging} (empty if none) */
  public Map<String, String> tags() {
    return tags;
  }

  /** @return the canned ACL, or null */
  public ObjectCannedACL acl() {
    return acl;
  }

  /** @return the checksum algorithm, or null for the instance's {@link PartChecksum} */
  public ChecksumAlgorithm checksumAlgorithm() {
    return checksumAlgorithm;
  }

  /** @return the multipart checksum type, or null for S3's default for the algorithm */
  public ChecksumType checksumType() {
    return checksumType;
  }

  /** @return the account id the bucket must belong to, or null */
  public String expectedBucketOwner() {
    return expectedBucketOwner;
  }

  /** @return whether every request says the requester pays ({@code x-amz-request-payer: requester}) */
  public boolean requesterPays() {
    return requesterPays;
  }

  /** @return the object lock mode, or null */
  public ObjectLockMode objectLockMode() {
    return objectLockMode;
  }

  /** @return the object lock retain-until date, or null */
  public Instant objectLockRetainUntil() {
    return objectLockRetainUntil;
  }

  /** @return whether a legal hold is placed on the object */
  public boolean objectLockLegalHold() {
    return objectLockLegalHold;
  }

  @Override
  public String toString() {
    return "UploadOptions[sse=" + serverSideEncryption + ", kmsKeyId=" + sseKmsKeyId
        + ", sseC=" + (sseCustomerKey != null) + ", metadata=" + metadata.keySet() + ", contentType=" + contentType
        + ", storageClass=" + storageClass + ", tags=" + tags.keySet() + ", acl=" + acl + ", checksum="
        + checksumAlgorithm + "/" + checksumType + ", expectedBucketOwner=" + expectedBucketOwner
        + ", requesterPays=" + requesterPays + ", objectLock=" + objectLockMode + "]";
  }

  /** Builds {@link UploadOptions}; {@link #build()} copies the settings. This class is not threadsafe. */
  public static final class Builder extends UploadOptionsBuilderBase<Builder> {
    private Builder() {
    }

    private Builder(UploadOptions o) {
      super(o);
    }

    /**
     * Builds the options, checking the rules between them.
     *
     * @return the options
     * @throws IllegalArgumentException if sseKmsKeyId, sseKmsEncryptionContext or bucketKeyEnabled is set without
     *     serverSideEncryption aws:kms or aws:kms:dsse; if sseCustomerKey is set with serverSideEncryption; if
     *     checksumType is set without checksumAlgorithm or does not suit it (FULL_OBJECT: CRC32, CRC32C,
     *     CRC64NVME; COMPOSITE: CRC32, CRC32C, SHA1, SHA256)
     */
    public UploadOptions build() {
      OptionChecks.encryption(serverSideEncryption, sseKmsKeyId != null, !sseKmsEncryptionContext.isEmpty(),
          bucketKeyEnabled, sseCustomerKey != null);
      OptionChecks.checksum(checksumAlgorithm, checksumType);
      return new UploadOptions(this);
    }
  }

  /** Copies an instance's settings into a builder (kept here so the builder base needs no accessors). */
  static void copy(UploadOptions o, UploadOptionsBuilderBase<?> b) {
    b.serverSideEncryption = o.serverSideEncryption;
    b.sseKmsKeyId = o.sseKmsKeyId;
    b.sseKmsEncryptionContext = o.sseKmsEncryptionContext;
    b.bucketKeyEnabled = o.bucketKeyEnabled;
    b.sseCustomerKey = o.sseCustomerKey;
    b.metadata = o.metadata;
    b.contentType = o.contentType;
    b.contentEncoding = o.contentEncoding;
    b.contentDisposition = o.contentDisposition;
    b.contentLanguage = o.contentLanguage;
    b.cacheControl = o.cacheControl;
    b.expires = o.expires;
    b.storageClass = o.storageClass;
    b.tags = o.tags;
    b.acl = o.acl;
    b.checksumAlgorithm = o.checksumAlgorithm;
    b.checksumType = o.checksumType;
    b.expectedBucketOwner = o.expectedBucketOwner;
    b.requesterPays = o.requesterPays;
    b.objectLockMode = o.objectLockMode;
    b.objectLockRetainUntil = o.objectLockRetainUntil;
    b.objectLockLegalHold = o.objectLockLegalHold;
  }
}
