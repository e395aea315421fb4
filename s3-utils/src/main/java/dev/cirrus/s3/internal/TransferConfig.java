package dev.cirrus.s3.internal;

import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.PartChecksum;
import dev.cirrus.s3.PartSizePolicy;
import dev.cirrus.s3.TransferListener;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;

/** The settings of an {@code S3Transfers}, handed to the sessions. Immutable. */
public final class TransferConfig {
  public final S3Transport s3;
  public final PartSizePolicy policy;
  public final int parallelism;
  public final long singleRequestThresholdBytes;
  public final PartChecksum checksum;
  public final boolean contentMd5;
  public final boolean verifyObjectChecksum;
  public final RetryPolicy retry;
  public final ExecutorService executor;
  public final TransferListener listener;
  public final LongSupplier nanoTicker;
  public final long downloadRangeSizeBytes;

  public TransferConfig(S3Transport s3, PartSizePolicy policy, int parallelism, long singleRequestThresholdBytes,
      PartChecksum checksum, boolean contentMd5, boolean verifyObjectChecksum, RetryPolicy retry,
      ExecutorService executor, TransferListener listener, LongSupplier nanoTicker, long downloadRangeSizeBytes) {
    this.s3 = s3;
    this.policy = policy;
    this.parallelism = parallelism;
    // unset (-1): the threshold follows the part size
    this.singleRequestThresholdBytes = singleRequestThresholdBytes >= 0 ? singleRequestThresholdBytes
        : policy.preferredPartSizeBytes();
    this.checksum = checksum;
    this.contentMd5 = contentMd5;
    this.verifyObjectChecksum = verifyObjectChecksum;
    this.retry = retry;
    this.executor = executor;
    this.listener = listener;
    this.nanoTicker = nanoTicker;
    this.downloadRangeSizeBytes = downloadRangeSizeBytes;
  }

  /** The same settings over another transport and part checksum (one transfer's request options). */
  public TransferConfig withTransport(S3Transport transport, PartChecksum partChecksum) {
    return new TransferConfig(transport, policy, parallelism, singleRequestThresholdBytes, partChecksum, contentMd5,
        verifyObjectChecksum, retry, executor, listener, nanoTicker, downloadRangeSizeBytes);
  }
}
