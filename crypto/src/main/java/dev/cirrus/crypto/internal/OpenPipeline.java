package dev.cirrus.crypto.internal;

import java.util.Arrays;

/**
 * The regular frames of a {@link StreamDecryptor} opened on frame workers: the decryptor reads up to
 * {@code window} frames ahead into slots (updating the signature in order as it reads) and takes their
 * plaintext back strictly in sequence order, each only after its tag verified. The final frame stays
 * with the decryptor, after every regular frame was taken. Memory: {@code window} × (2 × frame length +
 * 32) bytes, with {@code window × frame length} at most the decryptor's {@code maxBufferedBytes}. Not
 * thread-safe.
 */
final class OpenPipeline {
  private static final int IV = Primitives.GCM_IV_BYTES;
  private static final int TAG = Primitives.GCM_TAG_BYTES;

  private final FrameWindow window;

  private OpenPipeline(FrameWindow window) {
    this.window = window;
  }

  /** A pipeline, or null if the decryptor should open frames on its own thread. */
  static OpenPipeline create(FrameWorkers workers, MessageCipher mc, long frameLength, long maxBufferedBytes) {
    int size = (int) Math.min(workers.window(), maxBufferedBytes / Math.max(1, frameLength));
    if (size < 2) {
      return null;
    }
    int f = (int) frameLength;
    FrameWindow.Job open = (cipher, s) -> cipher.openFrame(s.seq, false, s.in, 4, s.in, 4 + IV, s.inLen, s.out, 0);
    return new OpenPipeline(new FrameWindow(workers, mc, size, 4 + IV + f + TAG, f, open));
  }

  boolean isFull() {
    return window.isFull();
  }

  boolean isEmpty() {
    return window.isEmpty();
  }

  /** The buffer the next regular frame (sequence number, IV, ciphertext, tag) is read into. */
  byte[] nextBuffer() {
    return window.free().in;
  }

  /** Sends the frame read into {@link #nextBuffer()}: sequence number {@code seq}, {@code n} ciphertext bytes. */
  void submit(long seq, int n) {
    FrameWindow.Slot s = window.free();
    s.seq = seq;
    s.inLen = n;
    window.submit();
  }

  /**
   * Copies the oldest frame's verified plaintext into {@code dst} and zeroes it in the slot.
   *
   * @return the plaintext length
   * @throws dev.cirrus.crypto.InvalidCiphertextException if its tag did not verify
   */
  int take(byte[] dst) {
    FrameWindow.Slot s = window.takeOldest();
    System.arraycopy(s.out, 0, dst, 0, s.outLen);
    Arrays.fill(s.out, 0, s.outLen, (byte) 0);
    return s.outLen;
  }

  /** Waits for frames in flight and zeroes the buffers. */
  void close() {
    window.close();
  }
}
