package dev.cirrus.s3;

import dev.cirrus.s3.internal.OptionChecks;
import java.util.Objects;
import software.amazon.awssdk.services.s3.model.MetadataDirective;

/**
 * The options of one server-side copy: the target's request options, whether the source's metadata is kept,
 * the source's ETag it must still have, the source's SSE-C key and owner, and the size above which the copy is a
 * multipart upload of UploadPartCopy parts.
 *
 * <p>By default: {@link UploadOptions#none()} for the target, metadata kept ({@link MetadataDirective#COPY}), no
 * expected ETag (the ETag read by the first HEAD is still required of every copy request, so versions never mix),
 * a multipart threshold of {@link PartSizePolicy#MAX_SINGLE_REQUEST_BYTES} (5 GiB, S3's CopyObject limit). Instances are immutable and threadsafe.
 */
public final class CopyOptions {
  private static final CopyOptions NONE = builder().build();

  private final UploadOptions target;
  private final MetadataDirective metadataDirective;
  private final String sourceIfMatch;
  private final SseCustomerKey sourceSseCustomerKey;
  private final String expectedSourceBucketOwner;
  private final long multipartThresholdBytes;

  private CopyOptions(Builder b) {
    this.target = b.target;
    this.metadataDirective = b.metadataDirective;
    this.sourceIfMatch = b.sourceIfMatch;
    this.sourceSseCustomerKey = b.sourceSseCustomerKey;
    this.expectedSourceBucketOwner = b.expectedSourceBucketOwner;
    this.multipartThresholdBytes = b.multipartThresholdBytes;
  }

  /**
   * Returns the default options.
   *
   * @return the default options
   */
  public static CopyOptions defaults() {
    return NONE;
  }

  /**
   * Returns a new builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** @return the target's request options */
  public UploadOptions target() {
    return target;
  }

  /** @return COPY (the source's metadata and content headers) or REPLACE (the target options') */
  public MetadataDirective metadataDirective() {
    return metadataDirective;
  }

  /** @return the ETag the source must have, or null */
  public String sourceIfMatch() {
    return sourceIfMatch;
  }

  /** @return the source's SSE-C key, or null */
  public SseCustomerKey sourceSseCustomerKey() {
    return sourceSseCustomerKey;
  }

  /** @return the account that must own the source bucket, or null */
  public String expectedSourceBucketOwner() {
    return expectedSourceBucketOwner;
  }

  /** @return the size above which the copy is multipart, in bytes */
  public long multipartThresholdBytes() {
    return multipartThresholdBytes;
  }

  @Override
  public String toString() {
    return "CopyOptions[target=" + target + ", metadataDirective=" + metadataDirective + ", sourceIfMatch="
        + sourceIfMatch + ", sourceSseC=" + (sourceSseCustomerKey != null) + ", multipartThresholdBytes="
        + multipartThresholdBytes + "]";
  }

  /** Builds {@link CopyOptions}. This class is not threadsafe. */
  public static final class Builder {
    private UploadOptions target = UploadOptions.none();
    private MetadataDirective metadataDirective = MetadataDirective.COPY;
    private String sourceIfMatch;
    private SseCustomerKey sourceSseCustomerKey;
    private String expectedSourceBucketOwner;
    private long multipartThresholdBytes = PartSizePolicy.MAX_SINGLE_REQUEST_BYTES;

    private Builder() {
    }

    /**
     * Sets the target's request options (encryption, storage class, ACL, tags, checksum, owner...). Metadata and
     * content headers among them require {@link MetadataDirective#REPLACE}. Tags, when set, replace the source's.
     * By default none.
     *
     * @param target the target's request options
     * @return this builder
     */
    public Builder target(UploadOptions target) {
      this.target = Objects.requireNonNull(target, "target");
      return this;
    }

    /**
     * Sets whether the target keeps the source's metadata and content headers (COPY) or takes the target
     * options' (REPLACE). By default COPY.
     *
     * @param directive COPY or REPLACE
     * @return this builder
     * @throws IllegalArgumentException if directive is UNKNOWN_TO_SDK_VERSION
     */
    public Builder metadataDirective(MetadataDirective directive) {
      Objects.requireNonNull(directive, "metadataDirective");
      if (directive == MetadataDirective.UNKNOWN_TO_SDK_VERSION) {
        throw new IllegalArgumentException("metadataDirective must be COPY or REPLACE, was " + directive.name());
      }
      this.metadataDirective = directive;
      return this;
    }

    /**
     * Sets the ETag the source MUST have; otherwise the copy fails (412) before anything is written. By default
     * none.
     *
     * @param eTag the source's ETag, quoted or not
     * @return this builder
     * @throws IllegalArgumentException if eTag is blank
     */
    public Builder sourceIfMatch(String eTag) {
      Objects.requireNonNull(eTag, "sourceIfMatch");
      if (eTag.isBlank()) {
        throw new IllegalArgumentException("sourceIfMatch must not be blank");
      }
      this.sourceIfMatch = eTag;
      return this;
    }

    /**
     * Sets the SSE-C key the source was written with. By default none.
     *
     * @param key the source's customer key
     * @return this builder
     */
    public Builder sourceSseCustomerKey(SseCustomerKey key) {
      this.sourceSseCustomerKey = Objects.requireNonNull(key, "sourceSseCustomerKey");
      return this;
    }

    /**
     * Sets the account that MUST own the source bucket. By default none.
     *
     * @param accountId the 12-digit account id
     * @return this builder
     * @throws IllegalArgumentException if accountId is not 12 digits
     */
    public Builder expectedSourceBucketOwner(String accountId) {
      this.expectedSourceBucketOwner = OptionChecks.accountId("expectedSourceBucketOwner", accountId);
      return this;
    }

    /**
     * Sets the size above which the copy is a multipart upload of parallel UploadPartCopy parts (sized by the
     * instance's {@link PartSizePolicy}). By default {@link PartSizePolicy#MAX_SINGLE_REQUEST_BYTES} (5 GiB), the largest object one CopyObject
     * copies; an object that {@link PartSizePolicy#requiresMultipart(long) requires} a multipart upload is always
     * copied in parts.
     *
     * @param bytes the threshold in bytes
     * @return this builder
     * @throws IllegalArgumentException if not between 0 and 5368709120
     */
    public Builder multipartThresholdBytes(long bytes) {
      if (bytes < 0 || bytes > PartSizePolicy.MAX_SINGLE_REQUEST_BYTES) {
        throw new IllegalArgumentException("multipartThresholdBytes must be between 0 and "
            + PartSizePolicy.MAX_SINGLE_REQUEST_BYTES + " (the largest single CopyObject), was " + bytes);
      }
      this.multipartThresholdBytes = bytes;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     * @throws IllegalArgumentException if the target options set metadata, content headers or expires while the
     *     metadata directive is COPY
     */
    public CopyOptions build() {
      UploadOptions t = target;
      boolean replacing = !t.metadata().isEmpty() || t.contentType() != null || t.contentEncoding() != null
          || t.contentDisposition() != null || t.contentLanguage() != null || t.cacheControl() != null
          || t.expires() != null;
      if (replacing && metadataDirective == MetadataDirective.COPY) {
        throw new IllegalArgumentException("target metadata, content headers and expires require "
            + "metadataDirective REPLACE, was COPY");
      }
      return new CopyOptions(this);
    }
  }
}
