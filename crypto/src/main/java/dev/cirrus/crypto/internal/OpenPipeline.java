package dev.cirrus.crypto.internal;

import java.util.Arrays;

/**
 * The regular frames of a {@link StreamDecryptor} opened on frame workers: the decryptor reads regular
 * frames ahead into batches of about {@link SealPipeline#BATCH_BYTES} of plaintext (updating the
 * signature in order as it reads), up to {@code window} batches in flight, and takes their plaintext back
 * strictly in sequence order, a batch only after every tag in it verified. A batch with a failed tag
 * releases nothing. The final frame stays with the decryptor, after every regular frame was taken.
 * Memory: {@code window} × batch × (2 × frame length + 32) bytes, with the plaintext of all batches at
 * most the decryptor's {@code maxBufferedBytes}. Not thread-safe.
 */
final class OpenPipeline {
  private static final int IV = Primitives.GCM_IV_BYTES;
  private static final int TAG = Primitives.GCM_TAG_BYTES;

  private final FrameWindow window;
  private final int frameLength;
  private final int perBatch;
  private int filled;

  private OpenPipeline(FrameWindow window, int frameLength, int perBatch) {
    this.window = window;
    this.frameLength = frameLength;
    this.perBatch = perBatch;
  }

  /** A pipeline, or null if the decryptor should open frames on its own thread. */
  static OpenPipeline create(FrameWorkers workers, MessageCipher mc, long frameLength, long maxBufferedBytes) {
    int perBatch = SealPipeline.framesPerBatch(frameLength);
    int size = (int) Math.min(workers.window(), maxBufferedBytes / (perBatch * frameLength));
    if (size < 2) {
      return null;
    }
    int f = (int) frameLength;
    int raw = 4 + IV + f + TAG;
    FrameWindow.Job open = (cipher, s) -> {
      int o = 0;
      for (int i = 0; i * raw < s.inLen; i++) {
        int p = i * raw;
        o += cipher.openFrame(s.seq + i, false, s.in, p + 4, s.in, p + 4 + IV, f, s.out, o);
      }
      return o;
    };
    return new OpenPipeline(new FrameWindow(workers, mc, size, perBatch * raw, perBatch * f, open), f, perBatch);
  }

  /** Plaintext bytes one {@link #take} may return. */
  int batchPlaintextBytes() {
    return perBatch * frameLength;
  }

  /** Whether no further frame can be read ahead. */
  boolean isFull() {
    return filled == 0 && window.isFull();
  }

  /** Whether nothing is queued or being filled. */
  boolean isEmpty() {
    return filled == 0 && window.isEmpty();
  }

  /** The buffer the next regular frame (sequence number, IV, ciphertext, tag) is read into, at {@link #offset()}. */
  byte[] buffer() {
    return window.free().in;
  }

  int offset() {
    return filled * (4 + IV + frameLength + TAG);
  }

  /** Counts the frame read at {@link #offset()}, of sequence number {@code seq}; sends a full batch. */
  void added(long seq) {
    FrameWindow.Slot s = window.free();
    if (filled == 0) {
      s.seq = seq;
    }
    filled++;
    if (filled == perBatch) {
      submit();
    }
  }

  /** Sends a partly filled batch. */
  void submitPartial() {
    if (filled > 0) {
      submit();
    }
  }

  private void submit() {
    window.free().inLen = filled * (4 + IV + frameLength + TAG);
    filled = 0;
    window.submit();
  }

  /**
   * Copies the oldest batch's verified plaintext into {@code dst} and zeroes it in the slot.
   *
   * @return the plaintext length
   * @throws dev.cirrus.crypto.InvalidCiphertextException if a tag in it did not verify
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
