package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.retry.RetriesExhaustedException;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.ProxyResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;

/** The same transfers over an {@link S3AsyncClient}: round trips, faults, abort, If-Match and cancellation. */
class S3TransfersAsyncIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final long MIB = 1024 * 1024;
  private static final long PART = 5 * MIB;
  private static final RetryPolicy NO_WAIT_RETRY = RetryPolicy.builder().maxAttempts(10).sleeper(n -> { }).build();

  @TempDir
  Path dir;

  private static S3AsyncClient client(AwsClients clients) {
    return AWS.closeAfterTest(clients.s3AsyncBuilder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
            .addExecutionInterceptor(new AwsClients.DropExpectContinue())).build());
  }

  private static S3Transfers.Builder transfers(S3AsyncClient s3) {
    return S3Transfers.builder(s3)
        .partSizePolicy(PartSizePolicy.builder().preferredPartSizeBytes(PART).build())
        .singleRequestThresholdBytes(PART)
        .downloadRangeSizeBytes(PART)
        .retryPolicy(NO_WAIT_RETRY);
  }

  private static List<String> openUploads(String bucket) {
    return AWS.s3().listMultipartUploads(r -> r.bucket(bucket)).uploads().stream()
        .map(u -> u.key() + ":" + u.uploadId()).toList();
  }

  private static String sha(String bucket, String key) {
    return TestData.sha256(AWS.s3().getObject(g -> g.bucket(bucket).key(key)));
  }

  @Test
  void uploadAndDownload_overAsyncClient_roundTripWithinMemoryBound() {
    String bucket = AWS.createBucket();
    long size = 3 * PART + 1;
    FaultProxy proxy = AWS.proxy(81);
    proxy.inject("S3.GetObject", 1.0, S3PartNumbers.emulate(PART));
    S3Transfers t = AWS.closeAfterTest(transfers(client(AWS.clients(proxy))).build());
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
    assertThat(sha(bucket, "file")).isEqualTo(expected);
    assertThat(sha(bucket, "stream")).isEqualTo(expected);
    assertThat(sha(bucket, "small")).isEqualTo(TestData.sha256(12, 1000));
    assertThat(toFile.rangeCount()).isEqualTo(4);
    assertThat(toFile.alignedToParts()).isTrue();
    assertThat(toFile.peakBufferBytes()).isLessThanOrEqualTo(toFile.bufferBoundBytes());
    assertThat(TestData.sha256(out)).isEqualTo(expected);
    assertThat(toStream.rangeCount()).isEqualTo(4);
    assertThat(sink.hex()).isEqualTo(expected);
    assertThat(openUploads(bucket)).isEmpty();
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
    S3Transfers t = AWS.closeAfterTest(transfers(client(AWS.clients(proxy))).build());

    t.upload(bucket, "obj", TestData.stream(13, size));
    Path out = dir.resolve("out");
    t.download(bucket, "obj", out);
    TestData.Sha256Sink sink = new TestData.Sha256Sink();
    t.download(bucket, "obj", sink);

    assertThat(proxy.count("S3.UploadPart")).as("9 parts, some sent again").isGreaterThan(9);
    assertThat(proxy.faulted("S3.GetObject")).isPositive();
    assertThat(sha(bucket, "obj")).isEqualTo(TestData.sha256(13, size));
    assertThat(TestData.sha256(out)).isEqualTo(TestData.sha256(13, size));
    assertThat(sink.hex()).isEqualTo(TestData.sha256(13, size));
    assertThat(openUploads(bucket)).isEmpty();
  }

  @Test
  void upload_partFailsPermanently_abortsAndExceptionCarriesUploadId() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(83);
    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InternalError</Code><Message>injected"
        + "</Message></Error>";
    proxy.inject("S3.UploadPart", 1.0, Fault.intercept("failPart3", (request, upstream) ->
        request.target().matches(".*[?&]partNumber=3(&.*)?$")
            ? new ProxyResponse(500, "InternalError", List.of(Map.entry("Content-Type", "application/xml")),
                body.getBytes(StandardCharsets.UTF_8))
            : upstream.forward(request)));
    S3Transfers t = AWS.closeAfterTest(transfers(client(AWS.clients(proxy))).parallelism(2).build());

    Upload upload = t.startUpload(bucket, "doomed", TestData.stream(14, 8 * PART));

    assertThatThrownBy(upload::join)
        .isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.uploadId()).isEqualTo(upload.uploadId()).isPresent();
          assertThat(e.partsCompleted()).doesNotContain(3);
          assertThat(e.aborted()).isTrue();
          assertThat(e.cancelled()).isFalse();
          assertThat(e.getCause()).isInstanceOf(RetriesExhaustedException.class);
        });
    assertThat(proxy.count("S3.AbortMultipartUpload")).isEqualTo(1);
    assertThat(openUploads(bucket)).isEmpty();
  }

  @Test
  void upload_cancelledAfterTwoParts_abortsAndLeavesNoUpload() throws Exception {
    String bucket = AWS.createBucket();
    CountDownLatch twoParts = new CountDownLatch(2);
    S3Transfers t = AWS.closeAfterTest(transfers(client(AWS.clients())).parallelism(2)
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
    assertThat(openUploads(bucket)).isEmpty();
  }

  @Test
  void download_objectReplacedMidway_failsWithObjectChanged() {
    String bucket = AWS.createBucket();
    AWS.closeAfterTest(transfers(client(AWS.clients())).build()).upload(bucket, "obj",
        TestData.stream(16, 6 * PART));
    FaultProxy proxy = AWS.proxy(84);
    AtomicInteger gets = new AtomicInteger();
    proxy.inject("S3.GetObject", 1.0, Fault.intercept("replaceAfterSecondRange", (request, upstream) -> {
      ProxyResponse r = S3PartNumbers.forward(request, upstream, PART);
      if (gets.incrementAndGet() == 2) {
        AWS.s3().putObject(p -> p.bucket(bucket).key("obj"), RequestBody.fromString("new version"));
      }
      return r;
    }));
    S3Transfers t = AWS.closeAfterTest(transfers(client(AWS.clients(proxy))).parallelism(1).build());
    Path out = dir.resolve("out");

    assertThatThrownBy(() -> t.download(bucket, "obj", out))
        .isInstanceOfSatisfying(ObjectChangedException.class, e -> {
          assertThat(e.eTag()).endsWith("-6\"");
          assertThat(e.bytesWritten()).isEqualTo(2 * PART);
        });
    assertThat(out).doesNotExist();
    assertThat(dir).isEmptyDirectory();
  }

  @Test
  void startDownload_cancelledWhileAResponseIsStalled_endsWithoutWaitingForIt() throws Exception {
    String bucket = AWS.createBucket();
    AWS.closeAfterTest(transfers(client(AWS.clients())).build()).upload(bucket, "obj",
        TestData.stream(17, 6 * PART));
    FaultProxy proxy = AWS.proxy(85);
    CountDownLatch stalled = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger gets = new AtomicInteger();
    proxy.inject("S3.GetObject", 1.0, Fault.intercept("stallSecondRange", (request, upstream) -> {
      if (gets.incrementAndGet() == 2) {
        stalled.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return S3PartNumbers.forward(request, upstream, PART);
    }));
    S3Transfers t = AWS.closeAfterTest(transfers(client(AWS.clients(proxy))).parallelism(2).build());
    Path out = dir.resolve("out");
    Files.writeString(out, "old");

    try {
      Download d = t.startDownload(bucket, "obj", out);
      assertThat(stalled.await(30, TimeUnit.SECONDS)).isTrue();
      assertThat(d.cancel()).isTrue();

      assertThat(d.result()).failsWithin(20, TimeUnit.SECONDS)
          .withThrowableOfType(java.util.concurrent.ExecutionException.class)
          .havingCause().isInstanceOf(DownloadFailedException.class)
          .withCauseInstanceOf(java.util.concurrent.CancellationException.class);
      // over the async client the stalled request is cancelled too: its buffer comes back without an answer
      ((dev.cirrus.s3.internal.DownloadSession) d).rangesEnded().get(20, TimeUnit.SECONDS);
      assertThat(release.getCount()).as("the stalled response was never released").isEqualTo(1);
      assertThat(((dev.cirrus.s3.internal.DownloadSession) d).bufferBytesInUse()).isZero();
      assertThat(Files.readString(out)).isEqualTo("old");
      try (var files = Files.list(dir)) {
        assertThat(files).containsExactly(out);
      }
    } finally {
      release.countDown();
    }
  }
}
