package dev.cirrus.crypto.internal;

import java.io.IOException;
import java.util.Arrays;

/**
 * The regular frames of an {@link EncryptingStream} sealed on frame workers: regular frames are grouped
 * into batches of about {@link #BATCH_BYTES} of plaintext (one hand-off to a worker per batch, not per
 * frame), up to {@code window} batches in flight, written to the sink strictly in sequence order. The
 * final frame stays with the stream, after {@link #drain}. Memory: {@code window} × batch × (2 × frame
 * length + 32) bytes. Not thread-safe.
 */
final class SealPipeline {
  /** Plaintext per hand-off: below this a worker's wake-up costs more than sealing the frames. */
  static final int BATCH_BYTES = 64 * 1024;

  private static final int IV = Primitives.GCM_IV_BYTES;
  private static final int TAG = Primitives.GCM_TAG_BYTES;

  /** Where sealed frames go, in order. */
  @FunctionalInterface
  interface Sink {
    void write(byte[] b, int len) throws IOException;
  }

  private final FrameWindow window;
  private final int frameLength;
  private final int perBatch;
  private int filled;

  private SealPipeline(FrameWindow window, int frameLength, int perBatch) {
    this.window = window;
    this.frameLength = frameLength;
    this.perBatch = perBatch;
  }

  /** Frames per batch at {@code frameLength}. */
  static int framesPerBatch(long frameLength) {
    return (int) Math.max(1, BATCH_BYTES / frameLength);
  }

  /**
   * A pipeline for a stream of {@code declaredLength} bytes (-1 if unknown), or null if the stream
   * should seal on its own thread (one thread, or fewer frames than the workers' minimum).
   */
  static SealPipeline create(FrameWorkers workers, MessageCipher mc, int frameLength, long declaredLength) {
    int size = workers.window();
    long frames = declaredLength < 0 ? Long.MAX_VALUE : declaredLength == 0 ? 1 : (declaredLength - 1) / frameLength + 1;
    if (size < 2 || workers.chunks(frames) < 2) {
      return null;
    }
    int perBatch = framesPerBatch(frameLength);
    int sealed = 4 + IV + frameLength + TAG;
    FrameWindow.Job seal = (cipher, s) -> {
      int p = 0;
      for (int i = 0; i * frameLength < s.inLen; i++) {
        long seq = s.seq + i;
        Wire.putU32(s.out, p, seq);
        MessageCipher.writeFrameIv(s.out, p + 4, seq);
        p += 4 + IV;
        p += cipher.sealFrame(seq, false, s.in, i * frameLength, frameLength, s.out, p);
      }
      Arrays.fill(s.in, 0, s.inLen, (byte) 0);
      return p;
    };
    FrameWindow window = new FrameWindow(workers, mc, size, perBatch * frameLength, perBatch * sealed, seal);
    return new SealPipeline(window, frameLength, perBatch);
  }

  /** Queues regular frame {@code seq} of {@code plain[0, frameLength)}, writing the oldest batch if needed. */
  void offer(long seq, byte[] plain, Sink sink) throws IOException {
    if (filled == 0 && window.isFull()) {
      FrameWindow.Slot done = window.takeOldest();
      sink.write(done.out, done.outLen);
    }
    FrameWindow.Slot s = window.free();
    if (filled == 0) {
      s.seq = seq;
    }
    System.arraycopy(plain, 0, s.in, filled * frameLength, frameLength);
    filled++;
    if (filled == perBatch) {
      submit(s);
    }
  }

  private void submit(FrameWindow.Slot s) {
    s.inLen = filled * frameLength;
    filled = 0;
    window.submit();
  }

  /** Writes every queued frame, in order, including a partly filled batch. */
  void drain(Sink sink) throws IOException {
    if (filled > 0) {
      submit(window.free());
    }
    while (!window.isEmpty()) {
      FrameWindow.Slot done = window.takeOldest();
      sink.write(done.out, done.outLen);
    }
  }

  /** Waits for frames in flight and zeroes the buffers. */
  void close() {
    window.close();
  }
}
