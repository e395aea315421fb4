package dev.cirrus.crypto.internal;

import java.io.IOException;

/** Where message bytes come from: {@code InputStream::read} semantics (-1 at end). */
@FunctionalInterface
public interface ByteSource {
  int read(byte[] b, int off, int len) throws IOException;

  /** Reads exactly {@code len} bytes or throws the opaque invalid-ciphertext error on early end. */
  static void readFully(ByteSource src, byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      int n = src.read(b, off, len);
      if (n < 0) {
        throw new dev.cirrus.crypto.InvalidCiphertextException();
      }
      off += n;
      len -= n;
    }
  }

  /** A source over {@code b[off, off + len)}. */
  static ArraySource of(byte[] b, int off, int len) {
    return new ArraySource(b, off, len);
  }

  /** A source over an array that exposes its position, so decrypt can work in place. */
  final class ArraySource implements ByteSource {
    final byte[] array;
    int pos;
    final int end;

    ArraySource(byte[] array, int off, int len) {
      this.array = array;
      this.pos = off;
      this.end = off + len;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (pos >= end) {
        return len == 0 ? 0 : -1;
      }
      int n = Math.min(len, end - pos);
      System.arraycopy(array, pos, b, off, n);
      pos += n;
      return n;
    }

    public int position() {
      return pos;
    }

    public int remaining() {
      return end - pos;
    }
  }
}
