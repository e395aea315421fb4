package dev.cirrus.s3.internal;

import dev.cirrus.s3.TransferListener;
import dev.cirrus.s3.TransferProgress;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The progress events of one transfer, delivered one at a time and in order although parts finish on several
 * threads: each event is built and delivered under one lock from counters advanced under it, so bytes and parts
 * never decrease and the event that reaches the total is the last, exactly once. (Built outside the lock, a part
 * that finished first could be reported after one that finished later: 100 %, then parts 3, 1, 2.)
 * Threadsafe.
 */
final class ProgressEvents {
  private static final Logger LOG = LoggerFactory.getLogger(ProgressEvents.class);

  private final TransferListener listener;
  private final String bucket;
  private final String key;
  private final long totalBytes;
  private final LongSupplier nanoTicker;
  private final long startNanos;
  private long bytes;
  private int parts;

  ProgressEvents(TransferListener listener, String bucket, String key, long totalBytes, LongSupplier nanoTicker,
      long startNanos) {
    this.listener = listener;
    this.bucket = bucket;
    this.key = key;
    this.totalBytes = totalBytes;
    this.nanoTicker = nanoTicker;
    this.startNanos = startNanos;
  }

  /** Counts {@code addedBytes} and {@code addedParts} and tells the listener, before any later advance does. */
  synchronized void advance(long addedBytes, int addedParts) {
    bytes += addedBytes;
    parts += addedParts;
    if (listener == TransferListener.NONE) {
      return;
    }
    TransferProgress p = new TransferProgress(bucket, key, bytes, parts, totalBytes,
        Duration.ofNanos(nanoTicker.getAsLong() - startNanos));
    try {
      listener.onProgress(p);
    } catch (RuntimeException e) {
      LOG.warn("transfer listener failed for s3://{}/{}", bucket, key, e);
    }
  }
}
