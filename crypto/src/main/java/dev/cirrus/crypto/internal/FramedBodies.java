package dev.cirrus.crypto.internal;

import java.util.Arrays;

/**
 * Seals and opens the frames of a framed body held in arrays, on one thread or split into contiguous
 * chunks of frames run by {@link FrameWorkers}. Every regular frame has the same size, so frame {@code
 * k} (sequence number {@code k + 1}) starts at {@code bodyStart + k * (4 + 12 + frameLength + 16)} and
 * its plaintext at {@code k * frameLength}; each chunk writes only its own disjoint slices, and the
 * bytes written do not depend on how the frames were split. A chunk other than the caller's uses a
 * fork of the message cipher ({@link MessageCipher#forkWorker}) on its own thread's cipher.
 */
final class FramedBodies {
  private static final int IV = Primitives.GCM_IV_BYTES;
  private static final int TAG = Primitives.GCM_TAG_BYTES;

  private FramedBodies() {}

  /** Bytes of one regular frame. */
  static long regularFrameBytes(long frameLength) {
    return 4 + IV + frameLength + TAG;
  }

  /**
   * Encrypts {@code plaintext[off, off + len)} as {@code frames} frames into {@code out} from {@code
   * bodyStart}; returns the end of the body.
   */
  static int seal(
      FrameWorkers workers, MessageCipher mc, int frameLength, byte[] plaintext, int off, int len, byte[] out,
      int bodyStart) {
    long frames = len == 0 ? 1 : (len - 1L) / frameLength + 1;
    int chunks = workers.chunks(frames);
    if (chunks == 1) {
      return sealRange(mc, frameLength, plaintext, off, len, out, bodyStart, 0, frames, frames);
    }
    int[] end = new int[1];
    workers.run(chunks, c -> {
      long from = frames * c / chunks;
      long to = frames * (c + 1) / chunks;
      MessageCipher cipher = c == 0 ? mc : mc.forkWorker();
      int p = sealRange(cipher, frameLength, plaintext, off, len, out, bodyStart, from, to, frames);
      if (to == frames) {
        end[0] = p;
      }
    });
    return end[0];
  }

  /** Seals frames {@code [from, to)} of {@code frames}; returns the offset after the last one written. */
  private static int sealRange(
      MessageCipher mc, int frameLength, byte[] plaintext, int off, int len, byte[] out, int bodyStart,
      long from, long to, long frames) {
    int p = (int) (bodyStart + from * regularFrameBytes(frameLength));
    int in = (int) (off + from * frameLength);
    for (long k = from; k < to; k++) {
      long seq = k + 1;
      if (seq < frames) {
        Wire.putU32(out, p, seq);
        MessageCipher.writeFrameIv(out, p + 4, seq);
        p += 4 + IV;
        p += mc.sealFrame(seq, false, plaintext, in, frameLength, out, p);
        in += frameLength;
      } else {
        int finalLen = off + len - in;
        Wire.putU32(out, p, 0xFFFFFFFFL);
        Wire.putU32(out, p + 4, seq);
        MessageCipher.writeFrameIv(out, p + 8, seq);
        Wire.putU32(out, p + 8 + IV, finalLen);
        p += 8 + IV + 4;
        p += mc.sealFrame(seq, true, plaintext, in, finalLen, out, p);
      }
    }
    return p;
  }

  /**
   * Decrypts the {@code frames} frames from {@code bodyStart}, whose structure was already checked,
   * into {@code out}. If any tag fails, {@code out} is zeroed before the failure is thrown.
   *
   * @throws dev.cirrus.crypto.InvalidCiphertextException if a tag does not verify
   */
  static void open(FrameWorkers workers, MessageCipher mc, long frameLength, byte[] msg, int bodyStart, long frames,
      byte[] out) {
    int chunks = workers.chunks(frames);
    try {
      if (chunks == 1) {
        openRange(mc, frameLength, msg, bodyStart, 0, frames, frames, out);
        return;
      }
      workers.run(chunks, c -> {
        MessageCipher cipher = c == 0 ? mc : mc.forkWorker();
        openRange(cipher, frameLength, msg, bodyStart, frames * c / chunks, frames * (c + 1) / chunks, frames, out);
      });
    } catch (RuntimeException | Error e) {
      // Frames that verified before another one failed are not released, nor left in the heap.
      Arrays.fill(out, (byte) 0);
      throw e;
    }
  }

  private static void openRange(
      MessageCipher mc, long frameLength, byte[] msg, int bodyStart, long from, long to, long frames, byte[] out) {
    int p = (int) (bodyStart + from * regularFrameBytes(frameLength));
    int o = (int) (from * frameLength);
    int f = (int) frameLength;
    for (long k = from; k < to; k++) {
      long seq = k + 1;
      if (seq < frames) {
        o += mc.openFrame(seq, false, msg, p + 4, msg, p + 4 + IV, f, out, o);
        p += 4 + IV + f + TAG;
      } else {
        int n = (int) Wire.u32(msg, p + 8 + IV);
        mc.openFrame(seq, true, msg, p + 8, msg, p + 8 + IV + 4, n, out, o);
      }
    }
  }
}
