package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import dev.cirrus.testsupport.ProxyResponse;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

class S3TransfersIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final long MIB = 1024 * 1024;
  private static final long PART = 5 * MIB;

  @TempDir
  Path dir;

  private static final RetryPolicy NO_WAIT_RETRY = RetryPolicy.builder().maxAttempts(10).sleeper(n -> { }).build();

  private S3Client client(AwsClients clients) {
    return AWS.closeAfterTest(clients.s3Builder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
  }

  private S3Transfers.Builder transfers(S3Client s3) {
    return S3Transfers.builder(s3)
        .partSizePolicy(PartSizePolicy.builder().preferredPartSizeBytes(PART).build())
        .singleRequestThresholdBytes(PART)
        .downloadRangeSizeBytes(PART)
        .retryPolicy(NO_WAIT_RETRY);
  }

  private S3Transfers direct() {
    return AWS.closeAfterTest(transfers(client(AWS.clients())).build());
  }

  private static List<String> openUploads(String bucket) {
    return AWS.s3().listMultipartUploads(r -> r.bucket(bucket)).uploads().stream()
        .map(u -> u.key() + ":" + u.uploadId()).toList();
  }

  private static String sha(S3Transfers t, String bucket, String key) {
    TestData.Sha256Sink sink = new TestData.Sha256Sink();
    t.download(bucket, key, sink);
    return sink.hex();
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
    assertThat(sha(t, bucket, "file")).isEqualTo(expected);
    assertThat(sha(t, bucket, "stream")).isEqualTo(expected);
    Path out = dir.resolve("out");
    DownloadResult d = t.download(bucket, "file", out);
    assertThat(d.sizeBytes()).isEqualTo(size);
    assertThat(TestData.sha256(out)).isEqualTo(expected);
    assertThat(openUploads(bucket)).isEmpty();
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
    assertThat(sha(t, bucket, "file")).isEqualTo(expected);
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
