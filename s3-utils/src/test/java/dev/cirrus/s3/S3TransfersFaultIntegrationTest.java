package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.MIB;
import static dev.cirrus.s3.S3TestFixture.PART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.retry.RetriesExhaustedException;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import dev.cirrus.testsupport.ProxyResponse;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class S3TransfersFaultIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 10);

  @TempDir
  Path dir;

  @Test
  void upload_20PercentOfPartsSlowDownOrReset_completesAndMatches() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(41);
    proxy.inject("S3.UploadPart", 0.1, Fault.s3SlowDown());
    proxy.inject("S3.UploadPart", 0.1, Fault.connectionReset());
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).build());
    long size = 60 * MIB + 17;

    UploadResult fromStream = t.upload(bucket, "stream", TestData.stream(3, size));
    UploadResult fromFile = t.upload(bucket, "file", TestData.file(dir, 3, size));

    assertThat(proxy.count("S3.UploadPart", Outcome.ERROR_INJECTED)).isPositive();
    assertThat(proxy.count("S3.UploadPart", Outcome.CONNECTION_RESET)).isPositive();
    assertThat(fromStream.partCount()).isEqualTo(13);
    assertThat(fromFile.partCount()).isEqualTo(13);
    S3Transfers directT = AWS.closeAfterTest(S3.transfers(AWS.clients()).build());
    TestData.Sha256Sink a = new TestData.Sha256Sink();
    directT.download(bucket, "stream", a);
    TestData.Sha256Sink b = new TestData.Sha256Sink();
    directT.download(bucket, "file", b);
    String expected = TestData.sha256(3, size);
    assertThat(a.hex()).isEqualTo(expected);
    assertThat(b.hex()).isEqualTo(expected);
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void download_20PercentOfRangesSlowDownOrResetOrTruncated_completesAndMatches() {
    String bucket = AWS.createBucket();
    long size = 40 * MIB + 5;
    S3Transfers directT = AWS.closeAfterTest(S3.transfers(AWS.clients()).build());
    directT.upload(bucket, "obj", TestData.stream(9, size));
    FaultProxy proxy = AWS.proxy(42);
    proxy.inject("S3.GetObject", 0.08, Fault.s3SlowDown());
    proxy.inject("S3.GetObject", 0.08, Fault.connectionReset());
    proxy.inject("S3.GetObject", 0.06, Fault.truncatedResponse());
    proxy.inject("S3.GetObject", 1.0, S3PartNumbers.emulate(PART));
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).build());

    Path out = dir.resolve("out");
    DownloadResult toFile = t.download(bucket, "obj", out);
    TestData.Sha256Sink sink = new TestData.Sha256Sink();
    t.download(bucket, "obj", sink);

    assertThat(proxy.faulted("S3.GetObject")).isPositive();
    assertThat(toFile.rangeCount()).isEqualTo(9);
    assertThat(TestData.sha256(out)).isEqualTo(TestData.sha256(9, size));
    assertThat(sink.hex()).isEqualTo(TestData.sha256(9, size));
  }

  @Test
  void upload_partFailsPermanently_abortsAndExceptionCarriesUploadId() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(43);
    proxy.inject("S3.UploadPart", 1.0, S3.failPart(3, 500, "InternalError"));
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).parallelism(2).build());

    Upload upload = t.startUpload(bucket, "doomed", TestData.stream(5, 40 * MIB));

    assertThatThrownBy(upload::join)
        .isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.uploadId()).isPresent().isEqualTo(upload.uploadId());
          assertThat(e.partsCompleted()).doesNotContain(3);
          assertThat(e.aborted()).isTrue();
          assertThat(e.cancelled()).isFalse();
          assertThat(e.getCause()).isInstanceOf(RetriesExhaustedException.class);
          assertThat(((RetriesExhaustedException) e.getCause()).attempts()).isEqualTo(10);
          assertThat(e.getMessage()).startsWith("upload to s3://" + bucket + "/doomed failed after "
              + e.partsCompleted().size() + " part(s) (upload id " + e.uploadId().get() + ", aborted): ");
        });
    assertThat(proxy.count("S3.AbortMultipartUpload")).isEqualTo(1);
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void upload_accessDeniedOnAPart_abortsWithoutRetrying() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(44);
    proxy.inject("S3.UploadPart", 1.0, S3.failPart(2, 403, "AccessDenied"));
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).build());

    assertThatThrownBy(() -> t.upload(bucket, "denied", TestData.file(dir, 6, 12 * MIB)))
        .isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.uploadId()).isPresent();
          assertThat(e.aborted()).isTrue();
          assertThat(e.partsCompleted()).doesNotContain(2);
          assertThat(e.getCause()).isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class)
              .hasMessageContaining("403");
        });
    assertThat(proxy.count("S3.UploadPart")).as("3 parts, part 2 sent once").isLessThanOrEqualTo(3);
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void upload_cancelledAfterTwoParts_abortsAndReportsCancelled() {
    String bucket = AWS.createBucket();
    AtomicReference<Upload> handle = new AtomicReference<>();
    AtomicBoolean once = new AtomicBoolean();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).parallelism(2)
        .listener(p -> {
          if (p.partsCompleted() >= 2 && once.compareAndSet(false, true)) {
            while (handle.get() == null) {
              Thread.onSpinWait();
            }
            handle.get().cancel();
          }
        }).build());

    Upload upload = t.startUpload(bucket, "cancelled", TestData.stream(8, 200 * MIB));
    handle.set(upload);

    assertThatThrownBy(upload::join)
        .isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.cancelled()).isTrue();
          assertThat(e.aborted()).isTrue();
          assertThat(e.uploadId()).isPresent();
          assertThat(e.partsCompleted()).hasSizeGreaterThanOrEqualTo(2).hasSizeLessThan(40);
          assertThat(e.getMessage()).contains(" cancelled after ");
        });
    assertThat(upload.cancel()).isFalse();
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void download_objectReplacedMidway_failsWithObjectChanged() {
    String bucket = AWS.createBucket();
    S3Transfers directT = AWS.closeAfterTest(S3.transfers(AWS.clients()).parallelism(1).build());
    directT.upload(bucket, "obj", TestData.stream(1, 30 * MIB));
    FaultProxy proxy = AWS.proxy(45);
    // GET 1 is part 1 (then HEAD, for the object's checksum), GET 2 the second range: replaced after that
    proxy.inject("S3.GetObject", 1.0, S3.replaceAfterSecondGet(bucket, "obj"));
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).parallelism(1).build());
    Path out = dir.resolve("out");

    assertThatThrownBy(() -> t.download(bucket, "obj", out))
        .isInstanceOfSatisfying(ObjectChangedException.class, e -> {
          assertThat(e.eTag()).endsWith("-6\"");
          assertThat(e.bytesWritten()).isEqualTo(2 * PART);
          assertThat(e.getMessage()).isEqualTo("s3://" + bucket + "/obj changed during the download: it no "
              + "longer has ETag " + e.eTag());
        });
    S3.assertNoTarget(dir, out);
  }
  @Test
  void download_twoDownloadsToOneTargetOverlap_targetIsOneWholeObject() throws Exception {
    String bucket = AWS.createBucket();
    S3Transfers directT = AWS.closeAfterTest(S3.transfers(AWS.clients()).build());
    directT.upload(bucket, "obj-a", TestData.stream(2, MIB));
    directT.upload(bucket, "obj-b", TestData.stream(3, 2 * MIB));
    FaultProxy proxy = AWS.proxy(46);
    java.util.concurrent.CountDownLatch forwarded = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    proxy.inject("S3.GetObject", 1.0, Fault.intercept("holdA", (request, upstream) -> {
      ProxyResponse r = upstream.forward(request);
      if (request.target().contains("/obj-a")) {
        forwarded.countDown();
        try {
          release.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return r;
    }));
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).build());
    Path out = dir.resolve("out");

    java.util.concurrent.CompletableFuture<DownloadResult> a = java.util.concurrent.CompletableFuture.supplyAsync(
        () -> t.download(bucket, "obj-a", out));
    assertThat(forwarded.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    t.download(bucket, "obj-b", out);
    release.countDown();

    assertThat(a.join().sizeBytes()).isEqualTo(MIB);
    assertThat(TestData.sha256(out)).isEqualTo(TestData.sha256(2, MIB));
    try (var files = java.nio.file.Files.list(dir)) {
      assertThat(files).containsExactly(out);
    }
  }
  @Test
  void resultCancel_midUpload_cancelsAndAbortsTheUpload() {
    String bucket = AWS.createBucket();
    AtomicReference<Upload> handle = new AtomicReference<>();
    AtomicBoolean once = new AtomicBoolean();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).parallelism(2)
        .listener(p -> {
          if (p.partsCompleted() >= 1 && once.compareAndSet(false, true)) {
            while (handle.get() == null) {
              Thread.onSpinWait();
            }
            handle.get().result().cancel(true);
          }
        }).build());

    Upload upload = t.startUpload(bucket, "cancelled", TestData.stream(8, 200 * MIB));
    handle.set(upload);

    assertThatThrownBy(upload::join)
        .isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.cancelled()).isTrue();
          assertThat(e.aborted()).isTrue();
          assertThat(e.partsCompleted()).hasSizeLessThan(40);
        });
    assertThat(upload.result()).isCancelled();
    S3.assertNoOpenUploads(bucket);
  }
  @Test
  void startDownload_cancelledWhileARangeIsInFlight_stopsFetchingAndLeavesTargetUnchanged() throws Exception {
    String bucket = AWS.createBucket();
    S3Transfers directT = AWS.closeAfterTest(S3.transfers(AWS.clients()).parallelism(1).build());
    directT.upload(bucket, "obj", TestData.stream(4, 30 * MIB));
    FaultProxy proxy = AWS.proxy(47);
    java.util.concurrent.CountDownLatch second = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicInteger gets = new java.util.concurrent.atomic.AtomicInteger();
    proxy.inject("S3.GetObject", 1.0, Fault.intercept("holdSecondRange", (request, upstream) -> {
      ProxyResponse r = S3PartNumbers.forward(request, upstream, PART);
      if (gets.incrementAndGet() == 2) {
        second.countDown();
        try {
          release.await(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return r;
    }));
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).parallelism(1).build());
    Path out = dir.resolve("out");
    java.nio.file.Files.writeString(out, "old");

    Download d = t.startDownload(bucket, "obj", out);
    assertThat(second.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(d.cancel()).isTrue();
    release.countDown();

    assertThatThrownBy(d::join).isInstanceOfSatisfying(DownloadFailedException.class, e -> {
      assertThat(e.getCause()).isInstanceOf(java.util.concurrent.CancellationException.class)
          .hasMessage("download cancelled");
      assertThat(e.bytesWritten()).isLessThanOrEqualTo(PART);
      assertThat(e.getMessage()).isEqualTo("download of s3://" + bucket + "/obj cancelled after "
          + e.bytesWritten() + " bytes");
    });
    assertThat(d.cancel()).isFalse();
    assertThat(d.result()).isCompletedExceptionally();
    assertThat(gets.get()).isEqualTo(2);
    S3.assertBuffersReturned(d, 30);
    S3.assertTargetKept(dir, out, "old");
  }
  @ParameterizedTest(name = "GET {0} stalled")
  @ValueSource(ints = {1, 2})
  void startDownload_cancelledWhileAResponseIsStalled_endsWithoutWaitingForIt(int stalledGet) throws Exception {
    String bucket = AWS.createBucket();
    AWS.closeAfterTest(S3.transfers(AWS.clients()).build()).upload(bucket, "obj", TestData.stream(18, 6 * PART));
    FaultProxy proxy = AWS.proxy(48);
    java.util.concurrent.CountDownLatch stalled = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    proxy.inject("S3.GetObject", 1.0, S3.stallGet(stalledGet, stalled, release));
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).parallelism(2).build());
    Path out = dir.resolve("out");
    java.nio.file.Files.writeString(out, "old");

    try {
      Download d = t.startDownload(bucket, "obj", out);
      assertThat(stalled.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(d.cancel()).isTrue();

      S3.assertCancelledWithin(d, 20);
      assertThat(release.getCount()).as("the stalled response was not released").isEqualTo(1);
      S3.assertTargetKept(dir, out, "old");
      release.countDown();
      S3.assertBuffersReturned(d, 30);
    } finally {
      release.countDown();
    }
  }

  @Test
  void upload_partFailuresDrainedTheRetryBudget_abortIsStillRetried() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(48);
    proxy.inject("S3.UploadPart", 1.0, Fault.s3InternalError());
    proxy.injectSequence("S3.AbortMultipartUpload", Fault.s3SlowDown());
    RetryPolicy budgeted = RetryPolicy.builder().maxAttempts(10).sleeper(n -> { })
        .budget(dev.cirrus.retry.RetryBudget.ofCapacity(14)).build();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).retryPolicy(budgeted).build());

    assertThatThrownBy(() -> t.upload(bucket, "drained", TestData.stream(10, 12 * MIB)))
        .isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.uploadId()).isPresent();
          assertThat(e.partsCompleted()).isEmpty();
          assertThat(e.aborted()).isTrue();
        });
    assertThat(proxy.count("S3.AbortMultipartUpload")).isEqualTo(2);
    S3.assertNoOpenUploads(bucket);
  }
}
