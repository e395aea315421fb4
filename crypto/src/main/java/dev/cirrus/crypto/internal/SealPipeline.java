package dev.cirrus.crypto.internal;

import java.io.IOException;
import java.util.Arrays;

/**
 * The regular frames of an {@link EncryptingStream} sealed on frame workers: up to {@code window}
 * frames in flight, written to the sink strictly in sequence order. The final frame stays with the
 * stream, after {@link #drain}. Memory: {@code window} × (2 × frame length + 32) bytes. Not
 * thread-safe.
 */
final class SealPipeline {
  private static final int IV = Primitives.GCM_IV_BYTES;
  private static final int TAG = Primitives.GCM_TAG_BYTES;

  /** Where sealed frames go, in order. */
  @FunctionalInterface
  interface Sink {
    void write(byte[] b, int len) throws IOException;
  }

  private final FrameWindow window;

  private SealPipeline(FrameWindow window) {
    this.window = window;
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
    FrameWindow.Job seal = (cipher, s) -> {
      Wire.putU32(s.out, 0, s.seq);
      MessageCipher.writeFrameIv(s.out, 4, s.seq);
      int n = 4 + IV + cipher.sealFrame(s.seq, false, s.in, 0, s.inLen, s.out, 4 + IV);
      Arrays.fill(s.in, 0, s.inLen, (byte) 0);
      return n;
    };
    return new SealPipeline(new FrameWindow(workers, mc, size, frameLength, 4 + IV + frameLength + TAG, seal));
  }

  /** Queues regular frame {@code seq} of {@code plain[0, len)}, first writing the oldest if the window is full. */
  void offer(long seq, byte[] plain, int len, Sink sink) throws IOException {
    if (window.isFull()) {
      FrameWindow.Slot done = window.takeOldest();
      sink.write(done.out, done.outLen);
    }
    FrameWindow.Slot s = window.free();
    System.arraycopy(plain, 0, s.in, 0, len);
    s.inLen = len;
    s.seq = seq;
    window.submit();
  }

  /** Writes every queued frame, in order. */
  void drain(Sink sink) throws IOException {
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
