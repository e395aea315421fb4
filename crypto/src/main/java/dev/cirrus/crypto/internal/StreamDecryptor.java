package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.CryptoException;
import dev.cirrus.crypto.InvalidCiphertextException;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;

/**
 * Decrypts the body of a message from a stream, one frame at a time, after the header has been parsed
 * and verified. A frame's plaintext is handed out only after its GCM tag verified; for signed suites the
 * final frame's plaintext is handed out only after the footer signature verified, and with {@code
 * withhold} nothing is handed out before that. Memory: one frame (bounded by {@code maxBufferedBytes}),
 * or the whole plaintext up to {@code maxBufferedBytes} for non-framed bodies and {@code withhold}; with
 * frame workers, also up to {@link FrameWorkers#window()} regular frames read ahead and in flight (their
 * plaintext bounded by {@code maxBufferedBytes}), each released in order after its tag verified.
 * Not thread-safe.
 */
public final class StreamDecryptor {
  private static final int IV = Primitives.GCM_IV_BYTES;
  private static final int TAG = Primitives.GCM_TAG_BYTES;
  /** The first read of a non-framed body; the buffer then doubles as bytes arrive. */
  private static final int NON_FRAMED_FIRST_READ = 64 * 1024;

  private final InputStream in;
  private final MessageHeader header;
  private final MessageCipher cipher;
  private final Signature signature;
  private final boolean withhold;
  private final long maxBuffered;
  private byte[] raw;
  private byte[] plain = new byte[0];
  private int plainPos;
  private int plainLen;
  private long seq = 1;
  private boolean done;
  private Exception failure;
  /** Regular frames opened on frame workers, or null to open them here. */
  private final OpenPipeline pipeline;
  /** With a pipeline: the final frame's marker was read into {@code raw}. */
  private boolean finalMarkerRead;

  public StreamDecryptor(
      InputStream in,
      MessageHeader header,
      MessageCipher cipher,
      PublicKey verificationKey,
      boolean withhold,
      long maxBufferedBytes,
      FrameWorkers workers) {
    this.in = in;
    this.header = header;
    this.cipher = cipher;
    this.withhold = withhold && header.suite.isSigned();
    this.maxBuffered = maxBufferedBytes;
    if (header.contentType == MessageHeader.CONTENT_FRAMED && header.frameLength > maxBufferedBytes) {
      throw new CryptoException(
          "message frame length " + header.frameLength + " exceeds maxBufferedBytes " + maxBufferedBytes,
          null);
    }
    if (header.suite.isSigned()) {
      try {
        signature = cipher.jca().newSignature();
        signature.initVerify(verificationKey);
        signature.update(header.toByteArray());
      } catch (GeneralSecurityException e) {
        throw new InvalidCiphertextException(e);
      }
    } else {
      signature = null;
    }
    int frameBytes =
        header.contentType == MessageHeader.CONTENT_FRAMED
            ? (int) header.frameLength + 8 + IV + 4 + TAG
            : IV + 8;
    this.raw = new byte[frameBytes];
    this.pipeline =
        header.contentType == MessageHeader.CONTENT_FRAMED
            ? OpenPipeline.create(workers, cipher, header.frameLength, maxBufferedBytes)
            : null;
  }

  /** Copies released plaintext into {@code b}; returns -1 at the end of the message. */
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw new IOException("decryption already failed", failure);
    }
    while (plainPos == plainLen) {
      if (done) {
        return -1;
      }
      try {
        if (withhold) {
          readAll();
        } else {
          next();
        }
      } catch (IOException | RuntimeException e) {
        failure = e;
        if (pipeline != null) {
          pipeline.close();
        }
        Arrays.fill(plain, (byte) 0);
        plainPos = 0;
        plainLen = 0;
        throw e;
      }
    }
    int n = Math.min(len, plainLen - plainPos);
    System.arraycopy(plain, plainPos, b, off, n);
    plainPos += n;
    if (plainPos == plainLen) {
      Arrays.fill(plain, 0, plainLen, (byte) 0);
    }
    return n;
  }

  private void readAll() throws IOException {
    byte[] all = new byte[0];
    int len = 0;
    try {
      while (!done) {
        next();
        if ((long) len + plainLen > maxBuffered) {
          throw new CryptoException(
              "plaintext exceeds maxBufferedBytes " + maxBuffered + " while withholding until the signature verifies",
              null);
        }
        if (len + plainLen > all.length) {
          byte[] grown = Arrays.copyOf(all, (int) Math.min(maxBuffered, Math.max(len + plainLen, all.length * 2L)));
          Arrays.fill(all, (byte) 0);
          all = grown;
        }
        System.arraycopy(plain, 0, all, len, plainLen);
        Arrays.fill(plain, 0, plainLen, (byte) 0);
        len += plainLen;
      }
    } catch (IOException | RuntimeException e) {
      // Withheld plaintext of a message that failed is zeroed, not left for the garbage collector.
      Arrays.fill(all, (byte) 0);
      throw e;
    }
    plain = all;
    plainPos = 0;
    plainLen = len;
  }

  private void fill(byte[] b, int off, int len) throws IOException {
    ByteSource.readFully(in::read, b, off, len);
  }

  private void next() throws IOException {
    if (header.contentType == MessageHeader.CONTENT_NON_FRAMED) {
      nonFramed();
      return;
    }
    if (pipeline != null) {
      if (nextFromPipeline()) {
        return;
      }
    } else {
      fill(raw, 0, 4);
    }
    boolean isFinal = Wire.u32(raw, 0) == 0xFFFFFFFFL;
    int ctOff = readFrame(raw, 0, isFinal);
    int n = isFinal ? (int) Wire.u32(raw, 8 + IV) : (int) header.frameLength;
    ensurePlain(n);
    plainLen = cipher.openFrame(seq, isFinal, raw, ctOff - IV - (isFinal ? 4 : 0), raw, ctOff, n, plain, 0);
    plainPos = 0;
    update(raw, 0, ctOff + n + TAG);
    seq++;
    if (isFinal) {
      finish();
    }
  }

  /**
   * Reads regular frames ahead into the pipeline until it is full or the final frame's marker is in
   * {@code raw}, then releases the oldest batch; returns false (the final frame is next) once none is left.
   */
  private boolean nextFromPipeline() throws IOException {
    int f = (int) header.frameLength;
    while (!finalMarkerRead && !pipeline.isFull()) {
      fill(raw, 0, 4);
      if (Wire.u32(raw, 0) == 0xFFFFFFFFL) {
        finalMarkerRead = true;
        pipeline.submitPartial();
        break;
      }
      byte[] buf = pipeline.buffer();
      int off = pipeline.offset();
      System.arraycopy(raw, 0, buf, off, 4);
      int ctOff = readFrame(buf, off, false);
      update(buf, off, ctOff + f + TAG);
      pipeline.added(seq++);
    }
    if (pipeline.isEmpty()) {
      return false;
    }
    ensurePlain(pipeline.batchPlaintextBytes());
    plainLen = pipeline.take(plain);
    plainPos = 0;
    return true;
  }

  /**
   * Reads and checks the rest of the frame whose first four bytes are at {@code buf[off]} (sequence
   * number {@link #seq}); returns the length of its header, the offset of its ciphertext from {@code off}.
   */
  private int readFrame(byte[] buf, int off, boolean isFinal) throws IOException {
    long n;
    int ctOff;
    if (isFinal) {
      fill(buf, off + 4, 4 + IV + 4);
      if (Wire.u32(buf, off + 4) != seq) {
        throw new InvalidCiphertextException();
      }
      n = Wire.u32(buf, off + 8 + IV);
      if (n > header.frameLength) {
        throw new InvalidCiphertextException();
      }
      ctOff = 8 + IV + 4;
    } else {
      if (Wire.u32(buf, off) != seq || seq >= MessageCipher.MAX_FRAMES) {
        throw new InvalidCiphertextException();
      }
      fill(buf, off + 4, IV);
      n = header.frameLength;
      ctOff = 4 + IV;
    }
    fill(buf, off + ctOff, (int) n + TAG);
    return ctOff;
  }

  private void nonFramed() throws IOException {
    fill(raw, 0, IV + 8);
    long n = Wire.u64(raw, IV);
    if (n < 0 || n > MessageCipher.MAX_NON_FRAMED_BYTES) {
      throw new InvalidCiphertextException();
    }
    if (n > maxBuffered) {
      throw new CryptoException(
          "non-framed message body of " + n + " bytes exceeds maxBufferedBytes " + maxBuffered, null);
    }
    byte[] all = readNonFramedBody(IV + 8 + (int) n + TAG);
    ensurePlain((int) n);
    plainLen = cipher.openSingleBlock(all, 0, all, IV + 8, (int) n, plain, 0);
    plainPos = 0;
    update(all, 0, all.length);
    finish();
  }

  /**
   * Reads a non-framed body of {@code total} bytes (IV, length, ciphertext, tag) after the IV and length already
   * in {@code raw}. The length is not authenticated until the tag is checked, so the buffer grows with the bytes
   * that actually arrive (64 KiB first, then doubling) instead of being allocated at the announced size: a short
   * message announcing 64 MiB costs 64 KiB, or about twice what it sent, not 64 MiB.
   */
  private byte[] readNonFramedBody(int total) throws IOException {
    byte[] all = Arrays.copyOf(raw, Math.min(total, IV + 8 + NON_FRAMED_FIRST_READ));
    int have = IV + 8;
    while (true) {
      fill(all, have, all.length - have);
      have = all.length;
      if (have == total) {
        return all;
      }
      all = Arrays.copyOf(all, (int) Math.min(total, 2L * all.length));
    }
  }

  private void ensurePlain(int n) {
    if (plain.length < n) {
      plain = new byte[Math.max(n, (int) Math.min(header.frameLength, Integer.MAX_VALUE))];
    }
  }

  private void update(byte[] b, int off, int len) {
    if (signature != null) {
      try {
        signature.update(b, off, len);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Zeroes the buffered plaintext and ciphertext; further reads return end of stream. */
  public void close() {
    if (pipeline != null) {
      pipeline.close();
    }
    Arrays.fill(plain, (byte) 0);
    Arrays.fill(raw, (byte) 0);
    plainPos = 0;
    plainLen = 0;
    done = true;
  }

  /** Verifies the footer (signed suites) and that nothing follows the message. */
  private void finish() throws IOException {
    if (signature != null) {
      byte[] lenBytes = new byte[2];
      fill(lenBytes, 0, 2);
      int sigLen = Wire.u16(lenBytes, 0);
      if (sigLen > 512) {
        throw new InvalidCiphertextException();
      }
      byte[] sig = new byte[sigLen];
      fill(sig, 0, sigLen);
      try {
        if (!signature.verify(sig)) {
          throw new InvalidCiphertextException();
        }
      } catch (GeneralSecurityException e) {
        throw new InvalidCiphertextException(e);
      }
    }
    if (in.read() != -1) {
      throw new InvalidCiphertextException();
    }
    done = true;
  }
}
