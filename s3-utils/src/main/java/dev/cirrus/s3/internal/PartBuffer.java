package dev.cirrus.s3.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.security.MessageDigest;
import java.util.zip.Checksum;

/**
 * One part's bytes. Parts may be up to 5 GiB but a Java array holds under 2 GiB, so a buffer is a row of chunks
 * of at most {@link #CHUNK_BYTES}. Not threadsafe: one owner at a time, handed over through the pool.
 */
public final class PartBuffer {
  static final int CHUNK_BYTES = 1 << 30;

  private final byte[][] chunks;
  private final long capacity;
  private long length;

  PartBuffer(long capacity) {
    this.capacity = capacity;
    int n = (int) Math.max(1, (capacity + CHUNK_BYTES - 1) / CHUNK_BYTES);
    chunks = new byte[n][];
    long left = capacity;
    for (int i = 0; i < n; i++) {
      int size = (int) Math.min(CHUNK_BYTES, left);
      chunks[i] = new byte[size];
      left -= size;
    }
  }

  public long capacity() {
    return capacity;
  }

  /** The number of valid bytes. */
  public long length() {
    return length;
  }

  void reset() {
    length = 0;
  }

  /** Fills from the stream until full or end of stream; returns true at end of stream. */
  public boolean fill(InputStream in) throws IOException {
    while (length < capacity) {
      int ci = (int) (length / CHUNK_BYTES);
      int off = (int) (length % CHUNK_BYTES);
      int n = in.read(chunks[ci], off, chunks[ci].length - off);
      if (n < 0) {
        return true;
      }
      length += n;
    }
    return false;
  }

  /** Fills from the channel until full or end of stream; returns true at end of stream. */
  public boolean fill(ReadableByteChannel in) throws IOException {
    while (length < capacity) {
      int ci = (int) (length / CHUNK_BYTES);
      int off = (int) (length % CHUNK_BYTES);
      int n = in.read(ByteBuffer.wrap(chunks[ci], off, chunks[ci].length - off));
      if (n < 0) {
        return true;
      }
      length += n;
    }
    return false;
  }

  /** Reads exactly {@code len} bytes at {@code position} of the file. */
  public void readFully(FileChannel file, long position, long len) throws IOException {
    length = 0;
    while (length < len) {
      int ci = (int) (length / CHUNK_BYTES);
      int off = (int) (length % CHUNK_BYTES);
      int want = (int) Math.min(chunks[ci].length - off, len - length);
      int n = file.read(ByteBuffer.wrap(chunks[ci], off, want), position + length);
      if (n < 0) {
        throw new IOException("file ended at " + (position + length) + ", expected " + (position + len));
      }
      length += n;
    }
  }

  /** Reads exactly {@code len} bytes from the stream; fails if it ends early or has more. */
  public void readExactly(InputStream in, long len) throws IOException {
    length = 0;
    while (length < len) {
      int ci = (int) (length / CHUNK_BYTES);
      int off = (int) (length % CHUNK_BYTES);
      int n = in.read(chunks[ci], off, (int) Math.min(chunks[ci].length - off, len - length));
      if (n < 0) {
        throw new IOException("response body ended after " + length + " of " + len + " bytes");
      }
      length += n;
    }
    if (in.read() >= 0) {
      throw new IOException("response body is longer than " + len + " bytes");
    }
  }

  /** Appends bytes (for the OutputStream source). Returns how many fitted. */
  public int append(byte[] b, int off, int len) {
    int written = 0;
    while (written < len && length < capacity) {
      int ci = (int) (length / CHUNK_BYTES);
      int co = (int) (length % CHUNK_BYTES);
      int n = Math.min(len - written, chunks[ci].length - co);
      System.arraycopy(b, off + written, chunks[ci], co, n);
      written += n;
      length += n;
    }
    return written;
  }

  public boolean isFull() {
    return length == capacity;
  }

  public void update(Checksum checksum) {
    forEach((b, off, len) -> checksum.update(b, off, len));
  }

  public void update(MessageDigest digest) {
    forEach(digest::update);
  }

  public void writeTo(java.io.OutputStream out) throws IOException {
    long left = length;
    for (byte[] c : chunks) {
      if (left == 0) {
        break;
      }
      int n = (int) Math.min(c.length, left);
      out.write(c, 0, n);
      left -= n;
    }
  }

  public void writeTo(FileChannel file, long position) throws IOException {
    long done = 0;
    for (byte[] c : chunks) {
      if (done == length) {
        break;
      }
      ByteBuffer bb = ByteBuffer.wrap(c, 0, (int) Math.min(c.length, length - done));
      while (bb.hasRemaining()) {
        done += file.write(bb, position + done);
      }
    }
  }

  /** A fresh stream over the valid bytes; each call starts again (one per request attempt). */
  public InputStream newInputStream() {
    return new InputStream() {
      private long pos;

      @Override
      public int read() {
        if (pos >= length) {
          return -1;
        }
        byte v = chunks[(int) (pos / CHUNK_BYTES)][(int) (pos % CHUNK_BYTES)];
        pos++;
        return v & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (pos >= length) {
          return -1;
        }
        int ci = (int) (pos / CHUNK_BYTES);
        int co = (int) (pos % CHUNK_BYTES);
        int n = (int) Math.min(len, Math.min(chunks[ci].length - co, length - pos));
        System.arraycopy(chunks[ci], co, b, off, n);
        pos += n;
        return n;
      }

      @Override
      public int available() {
        return (int) Math.min(Integer.MAX_VALUE, length - pos);
      }
    };
  }

  /** Read-only views of the valid bytes, no copy (for an async request body; new views per attempt). */
  public java.nio.ByteBuffer[] byteBuffers() {
    java.util.List<java.nio.ByteBuffer> views = new java.util.ArrayList<>();
    forEach((b, off, len) -> views.add(java.nio.ByteBuffer.wrap(b, off, len).asReadOnlyBuffer()));
    return views.toArray(new java.nio.ByteBuffer[0]);
  }

  private interface Range {
    void accept(byte[] b, int off, int len);
  }

  private void forEach(Range r) {
    long left = length;
    for (byte[] c : chunks) {
      if (left == 0) {
        break;
      }
      int n = (int) Math.min(c.length, left);
      r.accept(c, 0, n);
      left -= n;
    }
  }
}
