package dev.cirrus.s3.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Checksum;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Writes a download's ranges to its target in object order: the first streamed from its response, the others
 * from their buffers. Keeps the running checksums and the count of bytes written, and calls back after each
 * range. Used by the writing thread only.
 */
final class OrderedWriter {
  /** Where bytes go; both methods are called by the writing thread only, in object order. */
  interface Target {
    void write(PartBuffer b, long offset) throws IOException;

    void write(byte[] b, int off, int len, long offset) throws IOException;

    /** Writes at the offsets given (the file's own position is not used). */
    static Target of(FileChannel ch) {
      return new Target() {
        @Override
        public void write(PartBuffer b, long offset) throws IOException {
          b.writeTo(ch, offset);
        }

        @Override
        public void write(byte[] b, int off, int len, long offset) throws IOException {
          ByteBuffer buf = ByteBuffer.wrap(b, off, len);
          long at = offset;
          while (buf.hasRemaining()) {
            at += ch.write(buf, at);
          }
        }
      };
    }

    /** Writes one byte after the other (offsets are those of the bytes written so far). */
    static Target of(OutputStream out) {
      return new Target() {
        @Override
        public void write(PartBuffer b, long offset) throws IOException {
          b.writeTo(out);
        }

        @Override
        public void write(byte[] b, int off, int len, long offset) throws IOException {
          out.write(b, off, len);
        }
      };
    }
  }

  /** Told after each range written. */
  interface RangeWritten {
    /** {@code ranges} ranges, {@code bytes} bytes are written so far. */
    void written(int ranges, long bytes);
  }

  /**
   * A write failure of the target while streaming: not an I/O failure of the request, so the retry policy (which
   * treats {@code IOException} as transient) must not retry it. Its cause is the failure.
   */
  static final class TargetFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TargetFailure(IOException cause) {
      super(cause);
    }
  }

  private final Target target;
  private final DownloadChecksum sums;
  private final RangeWritten callback;
  private long written;
  private int ranges;

  OrderedWriter(Target target, DownloadChecksum sums, RangeWritten callback) {
    this.target = target;
    this.sums = sums;
    this.callback = callback;
  }

  /** The bytes written so far. */
  long written() {
    return written;
  }

  /**
   * Writes the range that ends at {@code end} as {@code fetch} streams it: from the body in {@code opened} (taken
   * out of it), resumed where it broke off after a failure (see {@link RangeFetch#stream}).
   */
  void stream(RangeFetch fetch, AtomicReference<ResponseInputStream<GetObjectResponse>> opened, long end,
      String eTag) {
    Checksum rangeSum = sums.newRangeSum();
    fetch.stream(opened, end, eTag, new RangeFetch.Chunks() {
      @Override
      public long position() {
        return written;
      }

      @Override
      public void take(byte[] buf, int n) {
        try {
          target.write(buf, 0, n, written);
        } catch (IOException e) {
          throw new TargetFailure(e);
        }
        sums.update(buf, 0, n);
        if (rangeSum != null) {
          rangeSum.update(buf, 0, n);
        }
        written += n;
      }
    });
    sums.addRange(rangeSum);
    rangeDone();
  }

  /** Writes a buffered range, the next in object order, and returns the buffer to the pool. */
  void write(PartBuffer b, BufferPool pool) {
    try {
      try {
        target.write(b, written);
      } catch (IOException e) {
        throw new TargetFailure(e);
      }
      sums.update(b);
      written += b.length();
    } finally {
      pool.release(b);
    }
    rangeDone();
  }

  private void rangeDone() {
    ranges++;
    callback.written(ranges, written);
  }
}
