package dev.cirrus.s3;

import dev.cirrus.s3.internal.OptionChecks;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/**
 * The setters of {@link UploadOptions.Builder}. Each checks its own value; the rules between values are checked
 * by {@link UploadOptions.Builder#build()}. Not threadsafe.
 *
 * @param <B> the builder type the setters return
 */
abstract class UploadOptionsBuilderBase<B extends UploadOptionsBuilderBase<B>> {
  ServerSideEncryption serverSideEncryption;
  String sseKmsKeyId;
  Map<String, String> sseKmsEncryptionContext = Map.of();
  Boolean bucketKeyEnabled;
  SseCustomerKey sseCustomerKey;
  Map<String, String> metadata = Map.of();
  String contentType;
  String contentEncoding;
  String contentDisposition;
  String contentLanguage;
  String cacheControl;
  Instant expires;
  StorageClass storageClass;
  Map<String, String> tags = Map.of();
  ObjectCannedACL acl;
  ChecksumAlgorithm checksumAlgorithm;
  ChecksumType checksumType;
  String expectedBucketOwner;
  boolean requesterPays;
  ObjectLockMode objectLockMode;
  Instant objectLockRetainUntil;
  boolean objectLockLegalHold;

  UploadOptionsBuilderBase() {
  }

  UploadOptionsBuilderBase(UploadOptions o) {
    UploadOptions.copy(o, this);
  }

  @SuppressWarnings("unchecked")
  private B self() {
    return (B) this;
  }

  /**
   * Sets the server-side encryption: {@code AES256} (SSE-S3), {@code aws:kms} (SSE-KMS) or {@code aws:kms:dsse}.
   * By default none is sent and the bucket's default encryption applies.
   *
   * @param sse the server-side encryption
   * @return this builder
   * @throws IllegalArgumentException if sse is UNKNOWN_TO_SDK_VERSION
   */
  public B serverSideEncryption(ServerSideEncryption sse) {
    this.serverSideEncryption = OptionChecks.sse(sse);
    return self();
  }

  /**
   * Sets SSE-KMS with the given key: {@code serverSideEncryption(AWS_KMS)} and {@link #sseKmsKeyId(String)}.
   *
   * @param keyId the KMS key id, ARN or alias ARN
   * @return this builder
   */
  public B sseKms(String keyId) {
    return serverSideEncryption(ServerSideEncryption.AWS_KMS).sseKmsKeyId(keyId);
  }

  /**
   * Sets the KMS key (id, ARN or alias ARN). Requires serverSideEncryption aws:kms or aws:kms:dsse. By default the
   * AWS managed key {@code aws/s3}.
   *
   * @param keyId the KMS key
   * @return this builder
   * @throws IllegalArgumentException if keyId is blank
   */
  public B sseKmsKeyId(String keyId) {
    Objects.requireNonNull(keyId, "sseKmsKeyId");
    if (keyId.isBlank()) {
      throw new IllegalArgumentException("sseKmsKeyId must not be blank");
    }
    this.sseKmsKeyId = keyId;
    return self();
  }

  /**
   * Sets the KMS encryption context (sent as base64 JSON). Requires aws:kms or aws:kms:dsse. By default none.
   *
   * @param context the encryption context
   * @return this builder
   */
  public B sseKmsEncryptionContext(Map<String, String> context) {
    Objects.requireNonNull(context, "sseKmsEncryptionContext");
    context.forEach((k, v) -> Objects.requireNonNull(v, "sseKmsEncryptionContext value of " + k));
    this.sseKmsEncryptionContext = Map.copyOf(context);
    return self();
  }

  /**
   * Sets whether SSE-KMS uses an S3 Bucket Key. Requires aws:kms or aws:kms:dsse. By default the bucket's setting.
   *
   * @param enabled true to use a Bucket Key
   * @return this builder
   */
  public B bucketKeyEnabled(boolean enabled) {
    this.bucketKeyEnabled = enabled;
    return self();
  }

  /**
   * Sets SSE-C: the object is encrypted with this key, which goes on every request of the upload. Excludes
   * serverSideEncryption. By default none.
   *
   * @param key the customer key
   * @return this builder
   */
  public B sseCustomerKey(SseCustomerKey key) {
    this.sseCustomerKey = Objects.requireNonNull(key, "sseCustomerKey");
    return self();
  }

  /**
   * Sets the user metadata (without the {@code x-amz-meta-} prefix, which the SDK adds). By default none.
   *
   * @param metadata the user metadata
   * @return this builder
   * @throws IllegalArgumentException if a key is empty, not printable ASCII, holds a space or ':', or the keys
   *     and values exceed 2048 UTF-8 bytes together
   */
  public B metadata(Map<String, String> metadata) {
    this.metadata = OptionChecks.metadata(metadata);
    return self();
  }

  /**
   * Sets the Content-Type. By default none (S3 stores {@code binary/octet-stream}).
   *
   * @param contentType the Content-Type
   * @return this builder
   */
  public B contentType(String contentType) {
    this.contentType = Objects.requireNonNull(contentType, "contentType");
    return self();
  }

  /**
   * Sets the Content-Encoding. By default none.
   *
   * @param contentEncoding the Content-Encoding
   * @return this builder
   */
  public B contentEncoding(String contentEncoding) {
    this.contentEncoding = Objects.requireNonNull(contentEncoding, "contentEncoding");
    return self();
  }

  /**
   * Sets the Content-Disposition. By default none.
   *
   * @param contentDisposition the Content-Disposition
   * @return this builder
   */
  public B contentDisposition(String contentDisposition) {
    this.contentDisposition = Objects.requireNonNull(contentDisposition, "contentDisposition");
    return self();
  }

  /**
   * Sets the Content-Language. By default none.
   *
   * @param contentLanguage the Content-Language
   * @return this builder
   */
  public B contentLanguage(String contentLanguage) {
    this.contentLanguage = Objects.requireNonNull(contentLanguage, "contentLanguage");
    return self();
  }

  /**
   * Sets the Cache-Control. By default none.
   *
   * @param cacheControl the Cache-Control
   * @return this builder
   */
  public B cacheControl(String cacheControl) {
    this.cacheControl = Objects.requireNonNull(cacheControl, "cacheControl");
    return self();
  }

  /**
   * Sets the Expires time. By default none.
   *
   * @param expires the Expires time
   * @return this builder
   */
  public B expires(Instant expires) {
    this.expires = Objects.requireNonNull(expires, "expires");
    return self();
  }

  /**
   * Sets the storage class. By default none (STANDARD).
   *
   * @param storageClass the storage class
   * @return this builder
   * @throws IllegalArgumentException if storageClass is UNKNOWN_TO_SDK_VERSION
   */
  public B storageClass(StorageClass storageClass) {
    Objects.requireNonNull(storageClass, "storageClass");
    if (storageClass == StorageClass.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("storageClass must be one the SDK knows, was " + storageClass.name());
    }
    this.storageClass = storageClass;
    return self();
  }

  /**
   * Sets the object tags. By default none.
   *
   * @param tags the tags
   * @return this builder
   * @throws IllegalArgumentException if more than 10, a key is empty or over 128 characters, or a value over 256
   */
  public B tags(Map<String, String> tags) {
    this.tags = OptionChecks.tags(tags);
    return self();
  }

  /**
   * Sets the canned ACL. By default none (private, or the bucket's object ownership rule).
   *
   * @param acl the canned ACL
   * @return this builder
   * @throws IllegalArgumentException if acl is UNKNOWN_TO_SDK_VERSION
   */
  public B acl(ObjectCannedACL acl) {
    Objects.requireNonNull(acl, "acl");
    if (acl == ObjectCannedACL.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("acl must be one the SDK knows, was " + acl.name());
    }
    this.acl = acl;
    return self();
  }

  /**
   * Sets the checksum algorithm of the parts (or the single PutObject), overriding the instance's
   * {@link PartChecksum} for this transfer. By default the instance's.
   *
   * @param algorithm CRC32, CRC32C, SHA1, SHA256 or CRC64NVME
   * @return this builder
   * @throws IllegalArgumentException if algorithm is another
   */
  public B checksumAlgorithm(ChecksumAlgorithm algorithm) {
    Objects.requireNonNull(algorithm, "checksumAlgorithm");
    OptionChecks.checksum(algorithm, null);
    this.checksumAlgorithm = algorithm;
    return self();
  }

  /**
   * Sets how S3 combines the part checksums: COMPOSITE (a checksum of the part checksums, "-N") or FULL_OBJECT
   * (the CRC of the whole object). Requires a checksumAlgorithm that S3 allows with it. By default S3's
   * (COMPOSITE, except FULL_OBJECT for CRC64NVME).
   *
   * @param type the checksum type
   * @return this builder
   */
  public B checksumType(ChecksumType type) {
    this.checksumType = Objects.requireNonNull(type, "checksumType");
    return self();
  }

  /**
   * Sets the account that MUST own the bucket; S3 answers 403 to every request otherwise. By default none.
   *
   * @param accountId the 12-digit account id
   * @return this builder
   * @throws IllegalArgumentException if accountId is not 12 digits
   */
  public B expectedBucketOwner(String accountId) {
    this.expectedBucketOwner = OptionChecks.accountId("expectedBucketOwner", accountId);
    return self();
  }

  /**
   * Sets whether every request says that the requester pays (needed on Requester Pays buckets). By default false.
   *
   * @param requesterPays true to send {@code x-amz-request-payer: requester}
   * @return this builder
   */
  public B requesterPays(boolean requesterPays) {
    this.requesterPays = requesterPays;
    return self();
  }

  /**
   * Sets object lock retention (the bucket MUST have object lock enabled). By default none.
   *
   * @param mode GOVERNANCE or COMPLIANCE
   * @param retainUntil the retain-until date
   * @return this builder
   * @throws IllegalArgumentException if mode is UNKNOWN_TO_SDK_VERSION
   */
  public B objectLock(ObjectLockMode mode, Instant retainUntil) {
    Objects.requireNonNull(mode, "objectLockMode");
    Objects.requireNonNull(retainUntil, "objectLockRetainUntil");
    if (mode == ObjectLockMode.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("objectLockMode must be GOVERNANCE or COMPLIANCE, was " + mode.name());
    }
    this.objectLockMode = mode;
    this.objectLockRetainUntil = retainUntil;
    return self();
  }

  /**
   * Sets whether a legal hold is placed on the object (the bucket MUST have object lock enabled). By default false.
   *
   * @param legalHold true to place a legal hold
   * @return this builder
   */
  public B objectLockLegalHold(boolean legalHold) {
    this.objectLockLegalHold = legalHold;
    return self();
  }
}
