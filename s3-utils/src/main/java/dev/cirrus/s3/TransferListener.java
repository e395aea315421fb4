package dev.cirrus.s3;

/**
 * Receives progress of uploads and downloads.
 *
 * <p>Called from transfer worker threads, possibly concurrently: implementations MUST be threadsafe and SHOULD
 * return quickly. An exception thrown by a listener is logged and otherwise ignored.
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
