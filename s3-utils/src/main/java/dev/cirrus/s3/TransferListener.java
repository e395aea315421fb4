package dev.cirrus.s3;

/**
 * Receives progress of uploads and downloads.
 *
 * <p>Order: the events of one transfer are delivered one at a time and in order, although its parts finish on
 * several threads. Within a transfer {@link TransferProgress#bytesTransferred()} and
 * {@link TransferProgress#partsCompleted()} never decrease, each event reports one more part or range (a single
 * PutObject reports its bytes with zero parts), and when the total is known the event whose bytes reach it is the
 * last one, delivered exactly once. A progress bar can therefore print each event as it comes. An upload's last
 * event comes before CompleteMultipartUpload: the transfer's result, not an event, says that the object exists.
 *
 * <p>Threads: called from transfer worker threads. One listener of an {@code S3Transfers} serves all its transfers,
 * and events of different transfers may arrive concurrently: implementations MUST be threadsafe and SHOULD return
 * quickly (a transfer's next event, and its part that produced it, wait for this one). An exception thrown by a
 * listener is logged and otherwise ignored.
 */
@FunctionalInterface
public interface TransferListener {
  /** A listener that does nothing. */
  TransferListener NONE = p -> { };

  /**
   * Called after each part or range completes.
   *
   * @param progress the progress so far
   */
  void onProgress(TransferProgress progress);
}
