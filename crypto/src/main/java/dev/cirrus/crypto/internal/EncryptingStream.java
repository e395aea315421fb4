package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.EncryptionMaterials;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.util.Arrays;

/**
 * Encrypts everything written to it into one framed message on {@code out}. Holds one frame of
 * plaintext; a frame is emitted as a regular frame only once a byte beyond it arrives, so that {@link
 * #close()} can always write the final frame. Nothing reaches {@code out} before the first frame is
 * complete or the stream is closed. With frame workers, up to {@link FrameWorkers#window()} regular
 * frames are sealed on other threads and written in order as the window fills, on {@link #flush()} and
 * on {@link #close()}. Not thread-safe.
 */
public final class EncryptingStream extends OutputStream {
  private static final int IV = Primitives.GCM_IV_BYTES;
  private static final int TAG = Primitives.GCM_TAG_BYTES;

  private final OutputStream out;
  private final EncryptionMaterials materials;
  private final int frameLength;
  private final long declaredLength;
  private final MessageCipher cipher;
  private final byte[] header;
  private final byte[] plain;
  private final byte[] frame;
  private final Signature signature;
  /** Regular frames sealed on frame workers, or null to seal them here. */
  private final SealPipeline pipeline;
  private int buffered;
  private long seq = 1;
  private long total;
  private boolean headerWritten;
  private boolean closed;
  private boolean failed;

  /**
   * @param jca the source of this stream's own cipher and signature engine
   * @param declaredLength the exact plaintext length promised by the caller, or -1
   * @param workers seal regular frames on other threads (see {@link SealPipeline}), or {@link
   *     FrameWorkers#SEQUENTIAL}
   */
  public EncryptingStream(
      Jca jca, OutputStream out, EncryptionMaterials materials, int frameLength, long declaredLength,
      FrameWorkers workers) {
    this.out = out;
    this.materials = materials;
    this.frameLength = frameLength;
    this.declaredLength = declaredLength;
    byte[][] h = new byte[1][];
    this.cipher = MessageCodec.startMessage(materials, frameLength, h, jca, jca.newGcm());
    this.header = h[0];
    this.plain = new byte[frameLength];
    this.frame = new byte[4 + 4 + IV + 4 + frameLength + TAG];
    this.pipeline = SealPipeline.create(workers, cipher, frameLength, declaredLength);
    if (materials.suite().isSigned()) {
      try {
        signature = jca.newSignature();
        signature.initSign(materials.signingKey());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("ECDSA signing failed", e);
      }
    } else {
      signature = null;
    }
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    java.util.Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("stream closed");
    }
    if (failed) {
      // A failed emit may have written part of a frame; anything more would make a corrupt message.
      throw new IOException("an earlier write failed; the message is incomplete and the stream accepts no more data");
    }
    if (declaredLength >= 0 && total + len > declaredLength) {
      failed = true;
      throw new IllegalStateException(
          "plaintext must be exactly the declared " + declaredLength + " bytes, got at least " + (total + len));
    }
    total += len;
    while (len > 0) {
      if (buffered == frameLength) {
        emit(false);
      }
      int n = Math.min(len, frameLength - buffered);
      System.arraycopy(b, off, plain, buffered, n);
      buffered += n;
      off += n;
      len -= n;
    }
  }

  private void emit(boolean isFinal) throws IOException {
    try {
      if (!headerWritten) {
        writeOut(header, header.length);
        headerWritten = true;
      }
      if (!isFinal && seq >= MessageCipher.MAX_FRAMES) {
        throw new IllegalStateException("message would exceed 4294967295 frames");
      }
      if (pipeline != null) {
        if (!isFinal) {
          pipeline.offer(seq, plain, this::writeOut);
          Arrays.fill(plain, 0, buffered, (byte) 0);
          buffered = 0;
          seq++;
          return;
        }
        pipeline.drain(this::writeOut);
      }
      int p;
      if (isFinal) {
        Wire.putU32(frame, 0, 0xFFFFFFFFL);
        Wire.putU32(frame, 4, seq);
        MessageCipher.writeFrameIv(frame, 8, seq);
        Wire.putU32(frame, 8 + IV, buffered);
        p = 8 + IV + 4;
      } else {
        Wire.putU32(frame, 0, seq);
        MessageCipher.writeFrameIv(frame, 4, seq);
        p = 4 + IV;
      }
      p += cipher.sealFrame(seq, isFinal, plain, 0, buffered, frame, p);
      writeOut(frame, p);
      Arrays.fill(plain, 0, buffered, (byte) 0);
      buffered = 0;
      seq++;
    } catch (IOException | RuntimeException e) {
      failed = true;
      throw e;
    }
  }

  private void writeOut(byte[] b, int len) throws IOException {
    if (signature != null) {
      try {
        signature.update(b, 0, len);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
    out.write(b, 0, len);
  }

  /** Writes the frames sealed so far (not the frame being filled) and flushes {@code out}. */
  @Override
  public void flush() throws IOException {
    if (pipeline != null && !closed && !failed) {
      try {
        pipeline.drain(this::writeOut);
      } catch (IOException | RuntimeException e) {
        failed = true;
        throw e;
      }
    }
    out.flush();
  }

  /**
   * Writes the final frame and footer, closes {@code out} and destroys the data key. If an earlier
   * write failed, writes nothing more: the output is then an incomplete message that will not decrypt.
   *
   * @throws IllegalStateException if fewer bytes than the declared length were written
   */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (!failed) {
        if (declaredLength >= 0 && total != declaredLength) {
          throw new IllegalStateException(
              "plaintext must be exactly the declared " + declaredLength + " bytes, got " + total);
        }
        emit(true);
        if (signature != null) {
          byte[] sig;
          try {
            sig = signature.sign();
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException("ECDSA signing failed", e);
          }
          byte[] footer = new byte[2 + sig.length];
          Wire.putU16(footer, 0, sig.length);
          System.arraycopy(sig, 0, footer, 2, sig.length);
          out.write(footer);
        }
      }
    } finally {
      if (pipeline != null) {
        pipeline.close();
      }
      Arrays.fill(plain, (byte) 0);
      materials.dataKey().destroy();
      out.close();
    }
  }
}
