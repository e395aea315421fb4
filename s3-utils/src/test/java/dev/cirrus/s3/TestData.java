package dev.cirrus.s3;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** Seeded pseudo-random content of any length, generated on the fly, and SHA-256 helpers. */
final class TestData {
  private TestData() {}

  /** A stream of {@code length} seeded bytes; unknown length to the reader. */
  static InputStream stream(long seed, long length) {
    return new InputStream() {
      private final SplittableRandom random = new SplittableRandom(seed);
      private long left = length;
      private long word;
      private int wordLeft;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        for (int i = 0; i < n; i++) {
          if (wordLeft == 0) {
            word = random.nextLong();
            wordLeft = 8;
          }
          b[off + i] = (byte) word;
          word >>>= 8;
          wordLeft--;
        }
        left -= n;
        return n;
      }
    };
  }

  static String sha256(long seed, long length) {
    return sha256(stream(seed, length));
  }

  static String sha256(InputStream in) {
    try (in) {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      for (int n; (n = in.read(buf)) >= 0; ) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256(Path file) {
    try {
      return sha256(Files.newInputStream(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path file(Path dir, long seed, long length) {
    try {
      Path f = dir.resolve("data-" + seed + "-" + length);
      try (InputStream in = stream(seed, length); OutputStream out = Files.newOutputStream(f)) {
        in.transferTo(out);
      }
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An OutputStream that only hashes. */
  static final class Sha256Sink extends OutputStream {
    private final MessageDigest md;
    private long count;

    Sha256Sink() {
      try {
        md = MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void write(int b) {
      md.update((byte) b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      md.update(b, off, len);
      count += len;
    }

    long count() {
      return count;
    }

    String hex() {
      return HexFormat.of().formatHex(md.digest());
    }
  }
}
