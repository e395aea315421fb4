package dev.cirrus.s3.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.s3.DownloadResult;
import dev.cirrus.s3.TransferProgress;
import dev.cirrus.testsupport.LocalAws;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class StreamTransferExampleTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  private static final long SIZE = 40L * 1024 * 1024 + 12_345;

  @Test
  void roundTrip_unknownLengthStream_sameBytesBackWithProgress() throws Exception {
    String bucket = AWS.createBucket();
    MessageDigest up = MessageDigest.getInstance("SHA-256");
    MessageDigest down = MessageDigest.getInstance("SHA-256");
    List<TransferProgress> events = new CopyOnWriteArrayList<>();

    DownloadResult result;
    try (InputStream source = new DigestInputStream(new SeededStream(7, SIZE), up);
        OutputStream sink = new DigestOutputStream(OutputStream.nullOutputStream(), down)) {
      result = StreamTransferExample.roundTrip(AWS.s3(), bucket, "stream.bin", source, sink, events::add);
    }

    assertThat(result.sizeBytes()).isEqualTo(SIZE);
    assertThat(down.digest()).isEqualTo(up.digest());
    assertThat(events).isNotEmpty();
    assertThat(events).anySatisfy(p -> assertThat(p.bytesTransferred()).isEqualTo(SIZE));
  }

  /** A stream of {@code size} seeded pseudo-random bytes whose length the reader does not know. */
  private static final class SeededStream extends InputStream {
    private final Random random;
    private long left;

    SeededStream(long seed, long size) {
      this.random = new Random(seed);
      this.left = size;
    }

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
      byte[] chunk = new byte[n];
      random.nextBytes(chunk);
      System.arraycopy(chunk, 0, b, off, n);
      left -= n;
      return n;
    }
  }

}
