package dev.cirrus.s3;

import dev.cirrus.s3.internal.OptionChecks;
import java.util.Objects;

/**
 * The request options of one download, sent on every GET and HEAD of it: the SSE-C key of an object written with
 * one, the account that must own the bucket, and requester-pays.
 *
 * <p>By default nothing is set. Instances are immutable and threadsafe; {@link #toString()} never shows the key.
 */
public final class DownloadOptions {
  private static final DownloadOptions NONE = builder().build();

  private final SseCustomerKey sseCustomerKey;
  private final String expectedBucketOwner;
  private final boolean requesterPays;

  private DownloadOptions(Builder b) {
    this.sseCustomerKey = b.sseCustomerKey;
    this.expectedBucketOwner = b.expectedBucketOwner;
    this.requesterPays = b.requesterPays;
  }

  /**
   * Returns the options that set nothing.
   *
   * @return the options that set nothing
   */
  public static DownloadOptions none() {
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

  /** @return the SSE-C key, or null */
  public SseCustomerKey sseCustomerKey() {
    return sseCustomerKey;
  }

  /** @return the account id the bucket must belong to, or null */
  public String expectedBucketOwner() {
    return expectedBucketOwner;
  }

  /** @return whether every request says the requester pays */
  public boolean requesterPays() {
    return requesterPays;
  }

  @Override
  public String toString() {
    return "DownloadOptions[sseC=" + (sseCustomerKey != null) + ", expectedBucketOwner=" + expectedBucketOwner
        + ", requesterPays=" + requesterPays + "]";
  }

  /** Builds {@link DownloadOptions}. This class is not threadsafe. */
  public static final class Builder {
    private SseCustomerKey sseCustomerKey;
    private String expectedBucketOwner;
    private boolean requesterPays;

    private Builder() {
    }

    /**
     * Sets the SSE-C key the object was written with; S3 refuses GET and HEAD without it. By default none.
     *
     * @param key the customer key
     * @return this builder
     */
    public Builder sseCustomerKey(SseCustomerKey key) {
      this.sseCustomerKey = Objects.requireNonNull(key, "sseCustomerKey");
      return this;
    }

    /**
     * Sets the account that MUST own the bucket; S3 answers 403 otherwise. By default none.
     *
     * @param accountId the 12-digit account id
     * @return this builder
     * @throws IllegalArgumentException if accountId is not 12 digits
     */
    public Builder expectedBucketOwner(String accountId) {
      this.expectedBucketOwner = OptionChecks.accountId("expectedBucketOwner", accountId);
      return this;
    }

    /**
     * Sets whether every request says that the requester pays. By default false.
     *
     * @param requesterPays true to send {@code x-amz-request-payer: requester}
     * @return this builder
     */
    public Builder requesterPays(boolean requesterPays) {
      this.requesterPays = requesterPays;
      return this;
    }

    /**
     * Builds the options.
     *
     * @return the options
     */
    public DownloadOptions build() {
      return new DownloadOptions(this);
    }
  }
}
