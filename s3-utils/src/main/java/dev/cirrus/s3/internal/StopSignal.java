package dev.cirrus.s3.internal;

import java.util.concurrent.CancellationException;

/**
 * Whether an upload has stopped (cancelled, or failed for good): what its producer checks before each step and
 * each request checks before each attempt. {@link TransferStop} implements it for uploads and downloads alike,
 * naming its transfer in the message. Implementations are threadsafe.
 */
interface StopSignal {
  /** True once the upload was cancelled or has failed; never turns false again. */
  boolean stopped();

  /**
   * Throws if the upload has stopped.
   *
   * @throws CancellationException ("upload stopped") once {@link #stopped()}
   */
  default void throwIfStopped() {
    if (stopped()) {
      throw new CancellationException("upload stopped");
    }
  }
}
