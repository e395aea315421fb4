package dev.cirrus.s3.internal;

import dev.cirrus.s3.RangeDownloadResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A byte range of an object: a HEAD fixes the version (ETag) and the size, which the range is checked against
 * before any byte is fetched; then the range is read in {@code downloadRangeSizeBytes} ranged GETs with
 * {@code If-Match}, {@code parallelism} at a time, through the download's range requests (retry per range,
 * response bodies aborted on failure), and written in order by the calling thread. Memory: at most
 * {@code parallelism} range buffers of min(length, range size).
 */
public final class RangeDownload {
  /** The longest array the JVM reliably allocates. */
  static final int MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

  private final TransferConfig cfg;
  private final String bucket;
  private final String key;
  private final long offset;
  private final long length;
  private final DownloadSession session;

  private RangeDownload(TransferConfig cfg, String bucket, String key, long offset, long length) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be at least 0, was " + offset);
    }
    if (length < 0) {
      throw new IllegalArgumentException("length must be at least 0, was " + length);
    }
    this.cfg = cfg;
    this.bucket = bucket;
    this.key = key;
    this.offset = offset;
    this.length = length;
    this.session = new DownloadSession(cfg, bucket, key);
  }

  /** Writes {@code length} bytes from {@code offset} of the object into {@code out} (not closed). */
  public static RangeDownloadResult toStream(TransferConfig cfg, String bucket, String key, long offset,
      long length, OutputStream out) {
    return new RangeDownload(cfg, bucket, key, offset, length).run(out);
  }

  /** Returns {@code length} bytes from {@code offset} of the object; the array is allocated after the HEAD. */
  public static byte[] toArray(TransferConfig cfg, String bucket, String key, long offset, int length) {
    if (length > MAX_ARRAY_BYTES) {
      throw new IllegalArgumentException("length must be at most " + MAX_ARRAY_BYTES + " for a byte array, was "
          + length);
    }
    ArraySink sink = new ArraySink();
    new RangeDownload(cfg, bucket, key, offset, length).run(sink);
    return sink.bytes;
  }

  private RangeDownloadResult run(OutputStream out) {
    long start = cfg.nanoTicker.getAsLong();
    HeadObjectResponse head;
    try {
      head = cfg.retry.call(bucket + "/" + key, () -> cfg.s3.headObject(r -> r.bucket(bucket).key(key)));
    } catch (RuntimeException e) {
      throw session.failure(e, null);
    }
    long size = head.contentLength() == null ? 0 : head.contentLength();
    if (offset > size || length > size - offset) {
      throw new IllegalArgumentException("offset + length must be at most the object size: offset=" + offset
          + ", length=" + length + ", object size=" + size + " (s3://" + bucket + "/" + key + ")");
    }
    if (out instanceof ArraySink) {
      ((ArraySink) out).bytes = new byte[(int) length];
    }
    String eTag = head.eTag();
    long rangeSize = cfg.downloadRangeSizeBytes;
    int ranges = (int) ((length + rangeSize - 1) / rangeSize);
    long bufferBytes = Math.max(1, Math.min(rangeSize, length));
    BufferPool pool = new BufferPool(cfg.parallelism, bufferBytes);
    ProgressEvents events = new ProgressEvents(cfg.listener, bucket, key, length, cfg.nanoTicker, start);
    Deque<CompletableFuture<PartBuffer>> window = new ArrayDeque<>();
    try {
      int submitted = 0;
      for (int done = 0; done < ranges; done++) {
        for (; submitted < ranges && window.size() < cfg.parallelism; submitted++) {
          window.addLast(session.submit(pool, offset + submitted * rangeSize, rangeSize, offset + length, eTag));
        }
        PartBuffer b = session.next(window.peekFirst()); // still in the window if this throws: released below
        window.pollFirst();
        long n = b.length();
        try {
          b.writeTo(out);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the range of s3://" + bucket + "/" + key, e);
        } finally {
          pool.release(b);
        }
        session.written += n;
        events.advance(n, 1);
      }
    } catch (Throwable t) {
      stop(window, pool);
      throw session.failure(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t, eTag);
    }
    pool.close();
    return new RangeDownloadResult(bucket, key, eTag, offset, length, size, ranges, pool.peakAllocatedBytes(),
        cfg.parallelism * bufferBytes);
  }

  /** Starts no further range, aborts the bodies being read; each range in flight returns its buffer when it ends. */
  private void stop(Deque<CompletableFuture<PartBuffer>> window, BufferPool pool) {
    session.stopped = true;
    session.abortStreams();
    for (CompletableFuture<PartBuffer> f : window) {
      f.thenAccept(pool::release);
    }
    pool.close();
  }

  /** The destination of {@link #toArray}: exactly {@code length} bytes, filled in order. */
  private static final class ArraySink extends OutputStream {
    private byte[] bytes;
    private int at;

    @Override
    public void write(int b) {
      bytes[at++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      System.arraycopy(b, off, bytes, at, len);
      at += len;
    }
  }
}
