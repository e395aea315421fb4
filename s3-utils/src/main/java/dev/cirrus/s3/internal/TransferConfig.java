package dev.cirrus.s3.internal;

import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.PartChecksum;
import dev.cirrus.s3.PartSizePolicy;
import dev.cirrus.s3.TransferListener;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;

/**
 * The settings of an {@code S3Transfers}, built once by its builder and handed to the sessions. The part sizes
 * are the {@link PartSizePolicy}'s alone: the single-request threshold, when unset, is its preferred part size.
 * Immutable.
 *
 * @param s3 the transport every request goes through
 * @param policy the part sizes
 * @param parallelism the parts or ranges in flight (and buffered) at once
 * @param singleRequestThresholdBytes the size up to which one PutObject is used; negative when unset, which
 *     the constructor turns into the policy's preferred part size
 * @param checksum the per-part checksum
 * @param contentMd5 whether each part also carries Content-MD5
 * @param verifyObjectChecksum whether S3's whole-object checksum is compared after a transfer
 * @param retry the per-request retry policy
 * @param executor runs the part and range tasks
 * @param listener is told the progress
 * @param nanoTicker the clock for progress rates
 * @param downloadRangeSizeBytes the range size of downloads whose parts cannot be followed
 */
public record TransferConfig(S3Transport s3, PartSizePolicy policy, int parallelism,
    long singleRequestThresholdBytes, PartChecksum checksum, boolean contentMd5, boolean verifyObjectChecksum,
    RetryPolicy retry, ExecutorService executor, TransferListener listener, LongSupplier nanoTicker,
    long downloadRangeSizeBytes) {

  /**
   * Resolves an unset single-request threshold.
   *
   * @throws IllegalArgumentException if the threshold is above the policy's preferred part size
   */
  public TransferConfig {
    singleRequestThresholdBytes = TransferChecks.singleRequestThresholdBytes(policy, singleRequestThresholdBytes);
  }

  /** The same settings over another transport and part checksum (one transfer's request options). */
  public TransferConfig withTransport(S3Transport transport, PartChecksum partChecksum) {
    return new TransferConfig(transport, policy, parallelism, singleRequestThresholdBytes, partChecksum, contentMd5,
        verifyObjectChecksum, retry, executor, listener, nanoTicker, downloadRangeSizeBytes);
  }
}
