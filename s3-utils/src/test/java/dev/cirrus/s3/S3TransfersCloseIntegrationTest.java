package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.MIB;
import static dev.cirrus.s3.S3TestFixture.PART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link S3Transfers#close()} while transfers run: they stop with "transfers closed", uploads aborted. */
class S3TransfersCloseIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 3);

  private static final String CLOSED = "transfers closed: S3Transfers.close() was called, so no new part, range or"
      + " transfer can start";

  @Test
  void close_duringUpload_failsWithTransfersClosedAndAborts() {
    String bucket = AWS.createBucket();
    AtomicReference<S3Transfers> handle = new AtomicReference<>();
    AtomicBoolean once = new AtomicBoolean();
    S3Transfers t = S3.transfers(AWS.clients()).parallelism(2).listener(p -> {
      if (once.compareAndSet(false, true)) {
        handle.get().close();
      }
    }).build();
    handle.set(t);

    Upload upload = t.startUpload(bucket, "closed", TestData.stream(3, 200 * MIB));

    assertThatThrownBy(upload::join).isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
      assertThat(e.aborted()).isTrue();
      assertThat(e.cancelled()).isFalse();
      assertThat(e.getCause()).isInstanceOf(TransfersClosedException.class).hasMessage(CLOSED);
      assertThat(e.getMessage()).contains(CLOSED).doesNotContain("Lambda").doesNotContain("ThreadPoolExecutor");
    });
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void close_duringDownload_failsWithTransfersClosed() {
    String bucket = AWS.createBucket();
    long size = 6 * PART;
    S3.transfersVia(AWS.proxy(61)).upload(bucket, "parts", TestData.stream(4, size));
    FaultProxy proxy = AWS.proxy(62);
    proxy.inject("S3.GetObject", 1.0, S3PartNumbers.emulate(PART));
    AtomicReference<S3Transfers> handle = new AtomicReference<>();
    AtomicBoolean once = new AtomicBoolean();
    S3Transfers t = S3.transfers(AWS.clients(proxy)).parallelism(2).listener(p -> {
      if (once.compareAndSet(false, true)) {
        handle.get().close();
      }
    }).build();
    handle.set(t);

    assertThatThrownBy(() -> t.download(bucket, "parts", new TestData.Sha256Sink()))
        .isInstanceOfSatisfying(DownloadFailedException.class, e -> {
          assertThat(e.getCause()).isInstanceOf(TransfersClosedException.class).hasMessage(CLOSED);
          assertThat(e.getMessage()).contains(CLOSED).doesNotContain("Lambda");
        });
  }

  @Test
  void upload_partSizeBelow8MiBAndNoThreshold_multipartFromOnePartOn() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(63);
    S3Transfers t = AWS.closeAfterTest(S3Transfers.builder(S3.client(AWS.clients(proxy)))
        .partSizePolicy(PartSizePolicy.builder().preferredPartSizeBytes(PART).build())
        .retryPolicy(S3.retryPolicy()).build());

    UploadResult small = t.upload(bucket, "small", TestData.stream(5, PART - 1));
    UploadResult large = t.upload(bucket, "large", TestData.stream(5, PART + 1));

    assertThat(small.partCount()).isZero();
    assertThat(large.partCount()).isEqualTo(2);
    assertThat(proxy.count("S3.PutObject")).isEqualTo(1);
    assertThat(proxy.count("S3.CreateMultipartUpload")).isEqualTo(1);
  }
}
