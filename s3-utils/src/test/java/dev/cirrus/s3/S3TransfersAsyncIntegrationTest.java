package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.PART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.retry.RetriesExhaustedException;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** The same transfers over an {@link S3AsyncClient}: round trips, faults, abort, If-Match and cancellation. */
class S3TransfersAsyncIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 10);

  @TempDir
  Path dir;

  @Test
  void uploadAndDownload_overAsyncClient_roundTripWithinMemoryBound() {
    String bucket = AWS.createBucket();
    long size = 3 * PART + 1;
    FaultProxy proxy = AWS.proxy(81);
    proxy.inject("S3.GetObject", 1.0, S3PartNumbers.emulate(PART));
    S3Transfers t = AWS.closeAfterTest(S3.asyncTransfers(AWS.clients(proxy)).build());
    String expected = TestData.sha256(11, size);

    UploadResult file = t.upload(bucket, "file", TestData.file(dir, 11, size));
    UploadResult stream = t.upload(bucket, "stream", TestData.stream(11, size));
    UploadResult small = t.upload(bucket, "small", TestData.stream(12, 1000));
    Path out = dir.resolve("out");
    DownloadResult toFile = t.download(bucket, "file", out);
    TestData.Sha256Sink sink = new TestData.Sha256Sink();
    DownloadResult toStream = t.download(bucket, "stream", sink);

    assertThat(file.partCount()).isEqualTo(4);
    assertThat(stream.partCount()).isEqualTo(4);
    assertThat(small.partCount()).as("one PutObject").isZero();
    assertThat(proxy.count("S3.PutObject")).isEqualTo(1);
    assertThat(file.peakBufferBytes()).isLessThanOrEqualTo(file.bufferBoundBytes());
    assertThat(stream.peakBufferBytes()).isLessThanOrEqualTo(stream.bufferBoundBytes());
    assertThat(S3.storedSha(bucket, "file")).isEqualTo(expected);
    assertThat(S3.storedSha(bucket, "stream")).isEqualTo(expected);
    assertThat(S3.storedSha(bucket, "small")).isEqualTo(TestData.sha256(12, 1000));
    assertThat(toFile.rangeCount()).isEqualTo(4);
    assertThat(toFile.alignedToParts()).isTrue();
    assertThat(toFile.peakBufferBytes()).isLessThanOrEqualTo(toFile.bufferBoundBytes());
    assertThat(TestData.sha256(out)).isEqualTo(expected);
    assertThat(toStream.rangeCount()).isEqualTo(4);
    assertThat(sink.hex()).isEqualTo(expected);
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void uploadAndDownload_20PercentSlowDownResetOrTruncated_completeAndMatch() {
    String bucket = AWS.createBucket();
    long size = 8 * PART + 5;
    FaultProxy proxy = AWS.proxy(82);
    proxy.inject("S3.UploadPart", 0.1, Fault.s3SlowDown());
    proxy.inject("S3.UploadPart", 0.1, Fault.connectionReset());
    proxy.inject("S3.GetObject", 0.08, Fault.s3SlowDown());
    proxy.inject("S3.GetObject", 0.08, Fault.connectionReset());
    proxy.inject("S3.GetObject", 0.06, Fault.truncatedResponse());
    proxy.inject("S3.GetObject", 1.0, S3PartNumbers.emulate(PART));
    S3Transfers t = AWS.closeAfterTest(S3.asyncTransfers(AWS.clients(proxy)).build());

    t.upload(bucket, "obj", TestData.stream(13, size));
    Path out = dir.resolve("out");
    t.download(bucket, "obj", out);
    TestData.Sha256Sink sink = new TestData.Sha256Sink();
    t.download(bucket, "obj", sink);

    assertThat(proxy.count("S3.UploadPart")).as("9 parts, some sent again").isGreaterThan(9);
    assertThat(proxy.faulted("S3.GetObject")).isPositive();
    assertThat(S3.storedSha(bucket, "obj")).isEqualTo(TestData.sha256(13, size));
    assertThat(TestData.sha256(out)).isEqualTo(TestData.sha256(13, size));
    assertThat(sink.hex()).isEqualTo(TestData.sha256(13, size));
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void upload_partFailsPermanently_abortsAndExceptionCarriesUploadId() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(83);
    proxy.inject("S3.UploadPart", 1.0, S3.failPart(3, 500, "InternalError"));
    S3Transfers t = AWS.closeAfterTest(S3.asyncTransfers(AWS.clients(proxy)).parallelism(2).build());

    Upload upload = t.startUpload(bucket, "doomed", TestData.stream(14, 8 * PART));

    assertThatThrownBy(upload::join)
        .isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.uploadId()).isEqualTo(upload.uploadId()).isPresent();
          assertThat(e.partsCompleted()).doesNotContain(3);
          assertThat(e.aborted()).isTrue();
          assertThat(e.cancelled()).isFalse();
          assertThat(e.getCause()).isInstanceOf(RetriesExhaustedException.class);
        });
    // At least one abort, and none left open. Over the async client a cancelled part request can still be on
    // the wire when the abort is sent; an abort that fails then is retried, as AWS advises ("you might need to
    // abort a given multipart upload multiple times"), so the count is 1 or, now and then, 2.
    assertThat(proxy.count("S3.AbortMultipartUpload")).isBetween(1L, 2L);
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void upload_cancelledAfterTwoParts_abortsAndLeavesNoUpload() throws Exception {
    String bucket = AWS.createBucket();
    CountDownLatch twoParts = new CountDownLatch(2);
    S3Transfers t = AWS.closeAfterTest(S3.asyncTransfers(AWS.clients()).parallelism(2)
        .listener(p -> twoParts.countDown()).build());

    Upload upload = t.startUpload(bucket, "cancelled", TestData.stream(15, 40 * PART));
    assertThat(twoParts.await(60, TimeUnit.SECONDS)).isTrue();
    upload.cancel();

    assertThatThrownBy(upload::join)
        .isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.cancelled()).isTrue();
          assertThat(e.aborted()).isTrue();
          assertThat(e.partsCompleted()).hasSizeLessThan(40);
        });
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void download_objectReplacedMidway_failsWithObjectChanged() {
    String bucket = AWS.createBucket();
    AWS.closeAfterTest(S3.asyncTransfers(AWS.clients()).build()).upload(bucket, "obj",
        TestData.stream(16, 6 * PART));
    FaultProxy proxy = AWS.proxy(84);
    proxy.inject("S3.GetObject", 1.0, S3.replaceAfterSecondGet(bucket, "obj"));
    S3Transfers t = AWS.closeAfterTest(S3.asyncTransfers(AWS.clients(proxy)).parallelism(1).build());
    Path out = dir.resolve("out");

    assertThatThrownBy(() -> t.download(bucket, "obj", out))
        .isInstanceOfSatisfying(ObjectChangedException.class, e -> {
          assertThat(e.eTag()).endsWith("-6\"");
          assertThat(e.bytesWritten()).isEqualTo(2 * PART);
        });
    S3.assertNoTarget(dir, out);
  }

  @Test
  void startDownload_cancelledWhileAResponseIsStalled_endsWithoutWaitingForIt() throws Exception {
    String bucket = AWS.createBucket();
    AWS.closeAfterTest(S3.asyncTransfers(AWS.clients()).build()).upload(bucket, "obj",
        TestData.stream(17, 6 * PART));
    FaultProxy proxy = AWS.proxy(85);
    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    proxy.inject("S3.GetObject", 1.0, S3.stallGet(2, stalled, release));
    S3Transfers t = AWS.closeAfterTest(S3.asyncTransfers(AWS.clients(proxy)).parallelism(2).build());
    Path out = dir.resolve("out");
    Files.writeString(out, "old");

    try {
      Download d = t.startDownload(bucket, "obj", out);
      assertThat(stalled.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(d.cancel()).isTrue();

      S3.assertCancelledWithin(d, 20);
      // over the async client the stalled request is cancelled too: its buffer comes back without an answer
      S3.assertBuffersReturned(d, 20);
      assertThat(release.getCount()).as("the stalled response was never released").isEqualTo(1);
      S3.assertTargetKept(dir, out, "old");
    } finally {
      release.countDown();
    }
  }
}
