package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.MIB;
import static dev.cirrus.s3.S3TestFixture.PART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.testsupport.LocalAws;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class S3TransfersIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 10);

  @TempDir
  Path dir;

  private S3Transfers direct() {
    return AWS.closeAfterTest(S3.transfers(AWS.clients()).build());
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, PART - 1, PART, PART + 1, 2 * PART - 1, 2 * PART, 2 * PART + 1})
  void upload_fileAndStreamAtBoundaries_roundTripsBySha256(long size) {
    String bucket = AWS.createBucket();
    S3Transfers t = direct();
    String expected = TestData.sha256(size, size);

    UploadResult fromFile = t.upload(bucket, "file", TestData.file(dir, size, size));
    UploadResult fromStream = t.upload(bucket, "stream", TestData.stream(size, size));

    int parts = size < PART ? 0 : (int) Math.max(1, (size + PART - 1) / PART);
    assertThat(fromFile.partCount()).isEqualTo(parts);
    assertThat(fromStream.partCount()).isEqualTo(parts);
    assertThat(fromFile.sizeBytes()).isEqualTo(size);
    assertThat(fromStream.sizeBytes()).isEqualTo(size);
    assertThat(S3.sha(t, bucket, "file")).isEqualTo(expected);
    assertThat(S3.sha(t, bucket, "stream")).isEqualTo(expected);
    Path out = dir.resolve("out");
    DownloadResult d = t.download(bucket, "file", out);
    assertThat(d.sizeBytes()).isEqualTo(size);
    assertThat(TestData.sha256(out)).isEqualTo(expected);
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void upload_100MiBFileAndStream_roundTripWithinMemoryBound() {
    String bucket = AWS.createBucket();
    long size = 100 * MIB;
    S3Transfers t = direct();
    String expected = TestData.sha256(7, size);

    UploadResult file = t.upload(bucket, "file", TestData.file(dir, 7, size));
    UploadResult stream = t.upload(bucket, "stream", TestData.stream(7, size));

    assertThat(file.partCount()).isEqualTo(20);
    assertThat(stream.partCount()).isEqualTo(20);
    assertThat(file.peakBufferBytes()).isLessThanOrEqualTo(4 * PART).isEqualTo(file.bufferBoundBytes());
    assertThat(stream.peakBufferBytes()).isLessThanOrEqualTo(4 * PART);
    Path out = dir.resolve("out");
    DownloadResult d = t.download(bucket, "stream", out);
    assertThat(TestData.sha256(out)).isEqualTo(expected);
    assertThat(d.peakBufferBytes()).isLessThanOrEqualTo(4 * PART);
    assertThat(S3.sha(t, bucket, "file")).isEqualTo(expected);
  }
  @Test
  void download_callerInterruptsItselfMidway_interruptStatusKept() {
    String bucket = AWS.createBucket();
    S3Transfers t = direct();
    t.upload(bucket, "obj", TestData.stream(5, 2 * PART + 3));
    java.io.OutputStream interrupting = new java.io.OutputStream() {
      @Override
      public void write(int b) {
        Thread.currentThread().interrupt();
      }

      @Override
      public void write(byte[] b, int off, int len) {
        Thread.currentThread().interrupt();
      }
    };

    boolean interrupted;
    try {
      t.download(bucket, "obj", interrupting);
    } catch (DownloadFailedException expectedOrNot) {
      // whether the download finishes depends on timing; the interrupt status must survive either way
    } finally {
      interrupted = Thread.interrupted();
    }

    assertThat(interrupted).isTrue();
  }
}
