package dev.cirrus.s3.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * The stop signal of one download: the flags and the threads a cancellation interrupts, as for an upload
 * ({@link TransferStop}); the response bodies being read, which a stop aborts so that no read outlives it; and
 * the interruptible waits of the writing thread, which a cancellation ends. Threadsafe.
 */
final class DownloadStop extends TransferStop {
  /** Response bodies being read (guarded by {@link #lock()}); a stop aborts them. */
  private final Set<ResponseInputStream<GetObjectResponse>> streams = new HashSet<>();

  DownloadStop() {
    super("download");
  }

  /**
   * Cancels the download unless {@code finished} says it is over (asked under the same lock as the threads are
   * registered): stops it, interrupts its threads and aborts the bodies being read. Returns whether it did.
   */
  boolean cancel(BooleanSupplier finished) {
    if (!cancelIf(() -> !finished.getAsBoolean())) {
      return false;
    }
    abortStreams();
    return true;
  }

  /** Stops the download after a failure: no request starts any more, the bodies being read are aborted. */
  @Override
  void stop() {
    super.stop();
    abortStreams();
  }

  /** Registers a response body so that a stop aborts it: a blocked read returns at once. */
  ResponseInputStream<GetObjectResponse> open(ResponseInputStream<GetObjectResponse> in) {
    boolean abort;
    synchronized (lock()) {
      abort = stopped();
      if (!abort) {
        streams.add(in);
      }
    }
    if (abort) {
      abortQuietly(in);
      throw new CancellationException("download stopped");
    }
    return in;
  }

  /** Unregisters a response body that is no longer read. */
  void forget(ResponseInputStream<GetObjectResponse> in) {
    synchronized (lock()) {
      streams.remove(in);
    }
  }

  /** Aborts every registered response body. */
  void abortStreams() {
    List<ResponseInputStream<GetObjectResponse>> open;
    synchronized (lock()) {
      open = new ArrayList<>(streams);
    }
    for (ResponseInputStream<GetObjectResponse> in : open) {
      abortQuietly(in);
    }
  }

  /** Aborts and closes a response body (null: nothing), ignoring that it may be closed already. */
  static void abortQuietly(ResponseInputStream<GetObjectResponse> in) {
    if (in == null) {
      return;
    }
    try {
      in.abort();
    } catch (RuntimeException ignored) {
      // already closed or aborted
    }
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // aborted: nothing left to release
    }
  }

  /**
   * Waits for a range; interruptible, so that cancel() reaches a writer waiting here. Its failure is thrown as
   * a {@link CompletionException}.
   */
  <T> T await(CompletableFuture<T> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      throw interrupted(e);
    } catch (ExecutionException e) {
      throw new CompletionException(e.getCause());
    }
  }

  /**
   * Waits for a request run on another thread, interruptibly, so that cancel() reaches a writer whose request is
   * stalled inside a sync client; an answer that comes after the writer left goes to {@code discard}. A
   * {@link RuntimeException} of the request is thrown as itself.
   */
  <T> T awaitRequest(CompletableFuture<T> f, Consumer<T> discard) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.thenAccept(discard);
      throw interrupted(e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new CompletionException(e.getCause());
    }
  }

  private RuntimeException interrupted(InterruptedException e) {
    if (cancelled()) {
      return new CancellationException("download cancelled");
    }
    Thread.currentThread().interrupt(); // not ours: the caller's, kept
    return new CompletionException(e);
  }
}
