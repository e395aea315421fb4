package dev.cirrus.s3.internal;

import dev.cirrus.s3.RangeDownloadResult;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
  private final DownloadStop stop = new DownloadStop();
  private final RangeFetch fetch;

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
    this.fetch = new RangeFetch(cfg, bucket, key, stop);
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
    long start = cfg.nanoTicker().getAsLong();
    HeadObjectResponse head;
    try {
      head = fetch.head();
    } catch (RuntimeException e) {
      throw DownloadFailures.of(bucket, key, stop.cancelled(), e, null, 0);
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
    long rangeSize = cfg.downloadRangeSizeBytes();
    int ranges = (int) ((length + rangeSize - 1) / rangeSize);
    long bufferBytes = Math.max(1, Math.min(rangeSize, length));
    BufferPool pool = new BufferPool(cfg.parallelism(), bufferBytes);
    ProgressEvents events = new ProgressEvents(cfg.listener(), bucket, key, length, cfg.nanoTicker(), start);
    RangeWindow window = new RangeWindow(offset, offset + length, rangeSize, ranges,
        (at, len) -> fetch.submit(pool, at, len, eTag));
    long written = 0;
    try {
      while (window.hasNext()) {
        window.fill(cfg.parallelism());
        PartBuffer b = window.take(stop::await); // still in the window if this throws: released below
        long n = b.length();
        try {
          b.writeTo(out);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot write the range of s3://" + bucket + "/" + key, e);
        } finally {
          pool.release(b);
        }
        written += n;
        events.advance(n, 1);
      }
    } catch (Throwable t) {
      // Starts no further range, aborts the bodies being read; each range in flight returns its buffer when it ends.
      stop.stop();
      window.abandon(pool);
      pool.close();
      throw DownloadFailures.of(bucket, key, stop.cancelled(), Futures.unwrap(t), eTag, written);
    }
    pool.close();
    return new RangeDownloadResult(bucket, key, eTag, offset, length, size, ranges, pool.peakAllocatedBytes(),
        cfg.parallelism() * bufferBytes);
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
