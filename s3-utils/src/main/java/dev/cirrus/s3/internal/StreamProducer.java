package dev.cirrus.s3.internal;

import dev.cirrus.s3.PartPlan;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * The producer of a stream upload (an InputStream or a channel of unknown length): fills each part buffer by the
 * unknown-length plan and hands it over; a stream that ends within the first part below the single-request
 * threshold goes as one PutObject. Runs on one transfer thread; not threadsafe.
 */
final class StreamProducer {
  /** Reads part sources. */
  interface Filler {
    /** Fills {@code buffer} from the source; returns true at end of input. */
    boolean fill(PartBuffer buffer) throws IOException;

    /** Whether the source has no byte left (reads one if it has). */
    boolean atEnd() throws IOException;
  }

  private final PartSink sink;
  private final Filler in;
  private final PartPlan plan;
  private final long singleRequestThresholdBytes;

  StreamProducer(PartSink sink, Filler in, PartPlan plan, long singleRequestThresholdBytes) {
    this.sink = sink;
    this.in = in;
    this.plan = plan;
    this.singleRequestThresholdBytes = singleRequestThresholdBytes;
  }

  static Filler of(InputStream in) {
    return new Filler() {
      @Override
      public boolean fill(PartBuffer b) throws IOException {
        return b.fill(in);
      }

      @Override
      public boolean atEnd() throws IOException {
        return in.read() < 0;
      }
    };
  }

  static Filler of(ReadableByteChannel in) {
    return new Filler() {
      @Override
      public boolean fill(PartBuffer b) throws IOException {
        return b.fill(in);
      }

      @Override
      public boolean atEnd() throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        int n;
        do {
          n = in.read(one);
        } while (n == 0);
        return n < 0;
      }
    };
  }

  /** Uploads the stream to its end, then completes the upload. */
  void run() throws Exception {
    int n = 1;
    PartBuffer buf = sink.acquire(plan.partSizeBytes(1));
    try {
      boolean eof = in.fill(buf);
      if (eof && buf.length() < singleRequestThresholdBytes) {
        PartBuffer single = buf;
        buf = null;
        sink.putSingle(single);
        return;
      }
      sink.create();
      while (true) {
        PartBuffer full = buf;
        buf = null;
        sink.submit(n, full, null, null);
        if (eof) {
          break;
        }
        if (n == plan.partCount()) {
          if (!in.atEnd()) {
            throw new IllegalStateException("stream is longer than the " + plan.capacityBytes()
                + " bytes 10,000 parts can hold (raise unknownLengthCapacityBytes)");
          }
          break;
        }
        buf = sink.acquire(plan.partSizeBytes(n + 1));
        eof = in.fill(buf);
        if (eof && buf.length() == 0) {
          sink.release(buf);
          buf = null;
          break;
        }
        n++;
      }
    } catch (Throwable t) {
      if (buf != null) {
        sink.release(buf); // a failed read or Create must not keep a part buffer out of the pool
      }
      throw t;
    }
    sink.finish(n);
  }
}
