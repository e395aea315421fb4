package dev.cirrus.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.MultipartUploadFailedException;
import dev.cirrus.s3.PartChecksum;
import dev.cirrus.s3.PartSizePolicy;
import dev.cirrus.s3.TransferListener;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Failure paths that end before any request, so no S3 is needed. */
class UploadSessionTest {
  private static final long PART = 5 * 1024 * 1024;

  /** Gives {@code good} bytes, then fails. */
  private static InputStream failingAfter(long good) {
    return new InputStream() {
      private long left = good;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (left == 0) {
          throw new IOException("disk gone");
        }
        int n = (int) Math.min(len, left);
        left -= n;
        return n;
      }
    };
  }

  @Test
  void startStream_readFailsInFirstPart_failsAndReturnsTheBufferToThePool() {
    ExecutorService executor = Executors.newCachedThreadPool();
    try (S3Client s3 = S3Client.builder().region(Region.US_EAST_1)
        .credentialsProvider(() -> AwsBasicCredentials.create("a", "b")).build()) {
      TransferConfig cfg = new TransferConfig(S3Transport.of(s3), PartSizePolicy.builder().preferredPartSizeBytes(PART).build(), 2,
          PART, PartChecksum.CRC32C, false, true, RetryPolicy.builder().maxAttempts(1).build(), executor,
          TransferListener.NONE, System::nanoTime, PART);

      UploadSession s = UploadSession.startStream(cfg, "b", "k", failingAfter(1000));

      assertThatThrownBy(s::join).isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
        assertThat(e.uploadId()).isEmpty();
        assertThat(e.aborted()).isTrue();
        assertThat(e.getCause()).isInstanceOf(IOException.class).hasMessage("disk gone");
        assertThat(e.getMessage()).isEqualTo("upload to s3://b/k failed after 0 part(s) (no multipart upload was "
            + "created): java.io.IOException: disk gone");
      });
      assertThat(s.bufferBytesInUse()).isZero();
    } finally {
      executor.shutdownNow();
    }
  }
}
