package dev.cirrus.s3.internal;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * The requests of one download, each under the retry policy and each ended by its stop signal: the GET of part
 * 1 that fixes the version (ETag) and the layout, the HEADs, and the ranged GETs of the other bytes, which carry
 * {@code If-Match} with that ETag so that a changed object fails them (412) instead of mixing two versions.
 * Response bodies are registered with the stop signal while they are read; one read to its end goes back to the
 * connection pool, any other is aborted. Threadsafe.
 */
final class RangeFetch {
  /** The copy buffer of a range streamed straight into the target (the first part, or the whole object). */
  static final int COPY_BUFFER_BYTES = 256 * 1024;

  /** Takes the bytes of a streamed range, in object order. */
  interface Chunks {
    /** The object offset of the next byte wanted. */
    long position();

    /** Takes {@code buf[0, n)}, the bytes from {@link #position()} on. */
    void take(byte[] buf, int n);
  }

  private interface Body {
    void read(ResponseInputStream<GetObjectResponse> in) throws IOException;
  }

  private final TransferConfig cfg;
  private final String bucket;
  private final String key;
  private final String retryKey;
  private final DownloadStop stop;

  RangeFetch(TransferConfig cfg, String bucket, String key, DownloadStop stop) {
    this.cfg = cfg;
    this.bucket = bucket;
    this.key = key;
    this.retryKey = bucket + "/" + key;
    this.stop = stop;
  }

  /** GETs part 1 with checksum mode enabled, waiting interruptibly; the body is registered with the stop signal. */
  ResponseInputStream<GetObjectResponse> firstPart() {
    return offThread(() -> cfg.retry().call(retryKey, () -> {
      stop.throwIfStopped();
      return stop.open(cfg.s3().getObject(r -> r.bucket(bucket).key(key).partNumber(1)
          .checksumMode(ChecksumMode.ENABLED)));
    }), DownloadStop::abortQuietly);
  }

  /** HEADs the object (any version). */
  HeadObjectResponse head() {
    return cfg.retry().call(retryKey, () -> cfg.s3().headObject(r -> r.bucket(bucket).key(key)));
  }

  /** HEADs the version {@code eTag} with checksum mode enabled, waiting interruptibly. */
  HeadObjectResponse checksumHead(String eTag) {
    return offThread(() -> cfg.retry().call(retryKey, () -> cfg.s3().headObject(
        r -> r.bucket(bucket).key(key).ifMatch(eTag).checksumMode(ChecksumMode.ENABLED))), h -> { });
  }

  /**
   * Runs a request on the executor and waits for it interruptibly, so that cancel() reaches a writer whose
   * request is stalled inside a sync client; an answer that comes after the writer left is discarded.
   */
  private <T> T offThread(Supplier<T> request, Consumer<T> discard) {
    return stop.awaitRequest(CompletableFuture.supplyAsync(request, cfg.executor()), discard);
  }

  /**
   * Starts fetching {@code len} bytes from {@code offset} of version {@code eTag} on the executor into a buffer
   * of the pool; the buffer goes back to the pool if the fetch fails, else it is the caller's to release.
   */
  CompletableFuture<PartBuffer> submit(BufferPool pool, long offset, long len, String eTag) {
    return CompletableFuture.supplyAsync(() -> fetch(pool, offset, len, eTag), cfg.executor());
  }

  private PartBuffer fetch(BufferPool pool, long offset, long len, String eTag) {
    if (!stop.enter()) {
      stop.leave();
      throw new CancellationException("download stopped");
    }
    try {
      return fetchRegistered(pool, offset, len, eTag);
    } finally {
      stop.leave();
    }
  }

  private PartBuffer fetchRegistered(BufferPool pool, long offset, long len, String eTag) {
    PartBuffer b;
    try {
      b = pool.acquire(len, stop::stopped);
    } catch (InterruptedException e) {
      throw new CompletionException(e);
    }
    try {
      String range = "bytes=" + offset + "-" + (offset + len - 1);
      cfg.retry().call(retryKey, () -> {
        stop.throwIfStopped();
        read(stop.open(cfg.s3().getObject(r -> r.bucket(bucket).key(key).range(range).ifMatch(eTag))),
            in -> b.readExactly(in, len));
        return null;
      });
      return b;
    } catch (RuntimeException e) {
      pool.release(b);
      throw e;
    }
  }

  /**
   * Streams the object's bytes from {@code chunks.position()} up to {@code end} into {@code chunks}, in order,
   * without a range buffer. The first attempt reads the body in {@code opened} (taken out of it; null: none);
   * after a failure each retry asks for the bytes not yet taken ({@code Range} from the position,
   * {@code If-Match}), so nothing is fetched twice and no byte is taken twice. A body left in {@code opened} is
   * aborted.
   */
  void stream(AtomicReference<ResponseInputStream<GetObjectResponse>> opened, long end, String eTag,
      Chunks chunks) {
    byte[] buf = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(1, end - chunks.position()))];
    try {
      cfg.retry().call(retryKey, () -> {
        ResponseInputStream<GetObjectResponse> in = opened.getAndSet(null);
        if (stop.stopped()) {
          DownloadStop.abortQuietly(in);
          throw new CancellationException("download stopped");
        }
        if (chunks.position() >= end) {
          DownloadStop.abortQuietly(in);
          return null;
        }
        if (in == null) {
          String range = "bytes=" + chunks.position() + "-" + (end - 1);
          in = stop.open(cfg.s3().getObject(r -> r.bucket(bucket).key(key).range(range).ifMatch(eTag)));
        }
        read(in, body -> copy(body, buf, end, chunks));
        return null;
      });
    } finally {
      DownloadStop.abortQuietly(opened.getAndSet(null));
    }
  }

  private void copy(ResponseInputStream<GetObjectResponse> in, byte[] buf, long end, Chunks chunks)
      throws IOException {
    long at;
    while ((at = chunks.position()) < end) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, end - at));
      if (n < 0) {
        throw new IOException("response body ended at byte " + at + " of s3://" + bucket + "/" + key
            + ", expected up to " + end);
      }
      chunks.take(buf, n);
    }
  }

  /** Reads a registered body; fully read, it is closed (the connection goes back to the pool), else aborted. */
  private void read(ResponseInputStream<GetObjectResponse> in, Body body) throws IOException {
    boolean complete = false;
    try {
      body.read(in);
      complete = true;
    } finally {
      stop.forget(in);
      if (complete) {
        in.close();
      } else {
        DownloadStop.abortQuietly(in);
      }
    }
  }
}
