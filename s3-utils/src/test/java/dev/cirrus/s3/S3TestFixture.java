package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.internal.DownloadSession;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.ProxyResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The set-up the S3 integration tests share: SDK clients that never retry on their own (so that every retry is
 * the transfer's), transfers with 5 MiB parts, ranges and single-request threshold and a retry policy that does
 * not wait, and the checks that no multipart upload is left behind.
 *
 * <p>A test class keeps its own {@code @RegisterExtension static final LocalAws AWS} (the extension closes what
 * {@link LocalAws#closeAfterTest} was given after each test) and hands it to one fixture:
 * {@code private static final S3TestFixture S3 = new S3TestFixture(AWS, 10);}. Everything the fixture builds is
 * closed after the test. Not thread-safe beyond what {@link LocalAws} is; one fixture per test class.
 */
final class S3TestFixture {
  static final long MIB = 1024 * 1024;
  static final long PART = 5 * MIB;

  private final LocalAws aws;
  private final RetryPolicy retryPolicy;

  /**
   * @param aws the test class's registered extension
   * @param maxAttempts the attempts of the transfers' retry policy, which never sleeps between them
   */
  S3TestFixture(LocalAws aws, int maxAttempts) {
    this.aws = aws;
    this.retryPolicy = RetryPolicy.builder().maxAttempts(maxAttempts).sleeper(n -> { }).build();
  }

  /** The retry policy the transfers of {@link #transfers(S3Client)} use: {@code maxAttempts}, no wait. */
  RetryPolicy retryPolicy() {
    return retryPolicy;
  }

  /** A sync client from {@code clients} without SDK retries, closed after the test. */
  S3Client client(AwsClients clients) {
    return aws.closeAfterTest(clients.s3Builder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
  }

  /** An async client from {@code clients} without SDK retries nor Expect: 100-continue, closed after the test. */
  S3AsyncClient asyncClient(AwsClients clients) {
    return aws.closeAfterTest(clients.s3AsyncBuilder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())
            .addExecutionInterceptor(new AwsClients.DropExpectContinue())).build());
  }

  /** Transfers over {@code s3} with 5 MiB parts, threshold and ranges and {@link #retryPolicy()}. */
  S3Transfers.Builder transfers(S3Client s3) {
    return configure(S3Transfers.builder(s3));
  }

  /** Transfers over {@code s3} with 5 MiB parts, threshold and ranges and {@link #retryPolicy()}. */
  S3Transfers.Builder transfers(S3AsyncClient s3) {
    return configure(S3Transfers.builder(s3));
  }

  /** {@link #transfers(S3Client)} over a {@link #client(AwsClients)} from {@code clients}. */
  S3Transfers.Builder transfers(AwsClients clients) {
    return transfers(client(clients));
  }

  /** {@link #transfers(S3AsyncClient)} over an {@link #asyncClient(AwsClients)} from {@code clients}. */
  S3Transfers.Builder asyncTransfers(AwsClients clients) {
    return transfers(asyncClient(clients));
  }

  /** Built {@link #transfers(AwsClients)} through {@code proxy}, closed after the test. */
  S3Transfers transfersVia(FaultProxy proxy) {
    return aws.closeAfterTest(transfers(aws.clients(proxy)).build());
  }

  private S3Transfers.Builder configure(S3Transfers.Builder b) {
    return b.partSizePolicy(PartSizePolicy.builder().preferredPartSizeBytes(PART).build())
        .singleRequestThresholdBytes(PART)
        .downloadRangeSizeBytes(PART)
        .retryPolicy(retryPolicy);
  }

  /** The multipart uploads open in {@code bucket}, as {@code key:uploadId}. */
  List<String> openUploads(String bucket) {
    return aws.s3().listMultipartUploads(r -> r.bucket(bucket)).uploads().stream()
        .map(u -> u.key() + ":" + u.uploadId()).toList();
  }

  /** Asserts that no multipart upload is left open in {@code bucket}. */
  void assertNoOpenUploads(String bucket) {
    assertThat(openUploads(bucket)).as("multipart uploads left open in %s", bucket).isEmpty();
  }

  /**
   * Asserts that {@code download} ends as cancelled within {@code seconds}: with a {@link DownloadFailedException}
   * caused by a {@link CancellationException}.
   */
  void assertCancelledWithin(Download download, long seconds) {
    assertThat(download.result()).failsWithin(seconds, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOf(DownloadFailedException.class)
        .withCauseInstanceOf(CancellationException.class);
  }

  /** Waits up to {@code seconds} for every range of {@code download} to end, then asserts its buffers came back. */
  void assertBuffersReturned(Download download, long seconds) throws Exception {
    ((DownloadSession) download).rangesEnded().get(seconds, TimeUnit.SECONDS);
    assertThat(((DownloadSession) download).bufferBytesInUse()).isZero();
  }

  /** Asserts that {@code target} still holds {@code content} and is the only file in {@code dir}. */
  void assertTargetKept(Path dir, Path target, String content) throws IOException {
    assertThat(Files.readString(target)).isEqualTo(content);
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(target);
    }
  }

  /** Asserts that no {@code target} was written and nothing (no temporary file) is left in {@code dir}. */
  void assertNoTarget(Path dir, Path target) {
    assertThat(target).doesNotExist();
    assertThat(dir).isEmptyDirectory();
  }

  /** Writes {@code size} bytes of {@link TestData#stream} {@code seed} to {@code bucket/key} with one PutObject. */
  void put(String bucket, String key, long seed, long size) {
    aws.s3().putObject(p -> p.bucket(bucket).key(key), RequestBody.fromInputStream(TestData.stream(seed, size),
        size));
  }

  /** The SHA-256 of {@code bucket/key} as downloaded by {@code t}. */
  String sha(S3Transfers t, String bucket, String key) {
    TestData.Sha256Sink sink = new TestData.Sha256Sink();
    t.download(bucket, key, sink);
    return sink.hex();
  }

  /** The SHA-256 of {@code bucket/key} as a plain GetObject straight to moto returns it. */
  String storedSha(String bucket, String key) {
    return TestData.sha256(aws.s3().getObject(g -> g.bucket(bucket).key(key)));
  }

  /** Answers every attempt at part {@code partNumber} with {@code status} and an S3 error {@code code}. */
  Fault failPart(int partNumber, int status, String code) {
    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>injected"
        + "</Message></Error>";
    return Fault.intercept("failPart" + partNumber, (request, upstream) ->
        request.target().matches(".*[?&]partNumber=" + partNumber + "(&.*)?$")
            ? new ProxyResponse(status, code, List.of(Map.entry("Content-Type", "application/xml")),
                body.getBytes(StandardCharsets.UTF_8))
            : upstream.forward(request));
  }

  /**
   * Answers GETs as S3 does for parts of {@link #PART} ({@link S3PartNumbers}) and, once the second GET is
   * answered by the server, replaces {@code bucket/key} with a small object of another ETag.
   */
  Fault replaceAfterSecondGet(String bucket, String key) {
    AtomicInteger gets = new AtomicInteger();
    return Fault.intercept("replaceAfterSecondRange", (request, upstream) -> {
      ProxyResponse r = S3PartNumbers.forward(request, upstream, PART);
      if (gets.incrementAndGet() == 2) {
        aws.s3().putObject(p -> p.bucket(bucket).key(key), RequestBody.fromString("new version"));
      }
      return r;
    });
  }

  /**
   * Answers GETs as S3 does for parts of {@link #PART}, but holds GET number {@code stalledGet} (from 1) before
   * forwarding it: counts {@code stalled} down, then waits up to 60 s for {@code release}.
   */
  Fault stallGet(int stalledGet, CountDownLatch stalled, CountDownLatch release) {
    AtomicInteger gets = new AtomicInteger();
    return Fault.intercept("stall", (request, upstream) -> {
      if (gets.incrementAndGet() == stalledGet) {
        stalled.countDown();
        try {
          release.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return S3PartNumbers.forward(request, upstream, PART);
    });
  }
}
