package dev.cirrus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.DownloadFailedException;
import dev.cirrus.s3.DownloadResult;
import dev.cirrus.s3.MultipartUploadFailedException;
import dev.cirrus.s3.PartSizePolicy;
import dev.cirrus.s3.S3Transfers;
import dev.cirrus.s3.Upload;
import dev.cirrus.s3.UploadResult;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The transfer and retry meters over real transfers to moto through the fault proxy: every count equals the
 * requests the proxy saw.
 */
class S3TransferMetricsIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final long PART = 5L * 1024 * 1024;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  @TempDir
  Path dir;

  private Path file(long size) throws IOException {
    byte[] data = new byte[(int) size];
    new SplittableRandom(size).nextBytes(data);
    return Files.write(dir.resolve("data-" + size), data);
  }

  /** Transfers through {@code proxy} with 5 MiB parts and ranges, SDK retries off, {@code retry} around each request. */
  private S3Transfers transfers(FaultProxy proxy, RetryPolicy retry, S3TransferMetrics metrics) {
    S3Client s3 = AWS.closeAfterTest(AWS.clients(proxy).s3Builder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
    return AWS.closeAfterTest(S3Transfers.builder(s3)
        .partSizePolicy(PartSizePolicy.builder().preferredPartSizeBytes(PART).build())
        .singleRequestThresholdBytes(PART).downloadRangeSizeBytes(PART)
        .retryPolicy(retry).listener(metrics.listener()).build());
  }

  private RetryPolicy retry(int maxAttempts, RetryMetrics listener) {
    return RetryPolicy.builder().maxAttempts(maxAttempts).sleeper(n -> { }).addListener(listener).build();
  }

  private double counter(String meter, String... tags) {
    return registry.get(meter).tags("name", "exports").tags(tags).functionCounter().count();
  }

  private double ended(String direction, String outcome) {
    return registry.get("cirrus.s3.transfers").tags("name", "exports", "direction", direction, "outcome", outcome)
        .functionTimer().count();
  }

  /** A tracked transfer is recorded by the thread that completes it, just after a joiner may have woken. */
  private void awaitNoneActive() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (registry.find("cirrus.s3.transfers.active").gauges().stream().anyMatch(g -> g.value() != 0)) {
      assertThat(System.nanoTime()).as("tracked transfers still active").isLessThan(deadline);
      LockSupport.parkNanos(1_000_000);
    }
  }

  @Test
  void trackedUploadAndDownload_oneThrottledPart_countsEqualTheProxysRequests() throws IOException {
    String bucket = AWS.createBucket();
    long size = 2 * PART + 17;
    Path source = file(size);
    FaultProxy proxy = AWS.proxy(21);
    proxy.injectSequence("S3.UploadPart", Fault.s3SlowDown());
    RetryMetrics retries = CirrusMetrics.retryListener(registry, "exports");
    S3TransferMetrics metrics = CirrusMetrics.transferMetrics(registry, "exports");
    S3Transfers t = transfers(proxy, retry(3, retries), metrics);

    UploadResult up = metrics.track(t.startUpload(bucket, "obj", source)).join();
    // Every upload request is one attempt (a download also streams its first response's body as an attempt).
    assertThat(counter("cirrus.retry.attempts")).as(proxy.counts().toString()).isEqualTo(proxy.count("S3.*"));
    DownloadResult down = metrics.track(t.startDownload(bucket, "obj", dir.resolve("copy"))).join();
    awaitNoneActive();

    assertThat(up.partCount()).isEqualTo(3);
    assertThat(Files.mismatch(source, dir.resolve("copy"))).isEqualTo(-1);
    assertThat(counter("cirrus.s3.transfers.started", "direction", "upload")).isEqualTo(1);
    assertThat(counter("cirrus.s3.transfers.started", "direction", "download")).isEqualTo(1);
    assertThat(ended("upload", "succeeded")).isEqualTo(1);
    assertThat(ended("download", "succeeded")).isEqualTo(1);
    assertThat(counter("cirrus.s3.transfer.bytes", "direction", "upload")).isEqualTo(size);
    assertThat(counter("cirrus.s3.transfer.bytes", "direction", "download")).isEqualTo(size);
    assertThat(counter("cirrus.s3.transfer.parts"))
        .isEqualTo(proxy.count("S3.UploadPart", Outcome.FORWARDED) + proxy.count("S3.GetObject", Outcome.FORWARDED))
        .isEqualTo(up.partCount() + down.rangeCount());
    assertThat(counter("cirrus.retry.retries", "kind", "throttling")).isEqualTo(proxy.faulted("S3.*")).isEqualTo(1);
    assertThat(counter("cirrus.s3.uploads.left.open")).isZero();
  }

  @Test
  void trackedUpload_partAndAbortFailPermanently_failedAndLeftOpen() throws IOException {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(22);
    proxy.inject("S3.UploadPart", 1.0, Fault.s3InternalError());
    proxy.inject("S3.AbortMultipartUpload", 1.0, Fault.s3InternalError());
    RetryMetrics retries = CirrusMetrics.retryListener(registry, "exports");
    S3TransferMetrics metrics = CirrusMetrics.transferMetrics(registry, "exports");
    S3Transfers t = transfers(proxy, retry(2, retries), metrics);

    Upload upload = metrics.track(t.startUpload(bucket, "doomed", file(2 * PART)));
    assertThatThrownBy(upload::join).isInstanceOfSatisfying(MultipartUploadFailedException.class,
        e -> assertThat(e.aborted()).isFalse());
    awaitNoneActive();

    assertThat(ended("upload", "failed")).isEqualTo(1);
    assertThat(ended("upload", "succeeded") + ended("upload", "cancelled")).isZero();
    assertThat(counter("cirrus.s3.uploads.left.open")).isEqualTo(1);
    assertThat(counter("cirrus.s3.transfer.bytes", "direction", "upload")).isZero();
    assertThat(counter("cirrus.s3.transfer.parts")).isEqualTo(proxy.count("S3.UploadPart", Outcome.FORWARDED));
    assertThat(counter("cirrus.retry.retries", "kind", "transient")
        + counter("cirrus.retry.giveups", "reason", "max_attempts")).isEqualTo(proxy.faulted("S3.*"));
    assertThat(counter("cirrus.retry.attempts")).isEqualTo(proxy.count("S3.*"));
  }

  @Test
  void trackedUpload_cancelled_countedAsCancelledAndAborted() throws IOException {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(23);
    proxy.inject("S3.UploadPart", 1.0, Fault.latency(Duration.ofSeconds(2)));
    S3TransferMetrics metrics = CirrusMetrics.transferMetrics(registry, "exports");
    S3Transfers t = transfers(proxy, retry(2, new RetryMetrics("unbound")), metrics);

    Upload upload = metrics.track(t.startUpload(bucket, "cancelled", file(3 * PART)));
    assertThat(upload.cancel()).isTrue();
    assertThatThrownBy(upload::join).isInstanceOfSatisfying(MultipartUploadFailedException.class,
        e -> assertThat(e.cancelled()).isTrue());
    awaitNoneActive();

    assertThat(ended("upload", "cancelled")).isEqualTo(1);
    assertThat(ended("upload", "failed") + ended("upload", "succeeded")).isZero();
    assertThat(counter("cirrus.s3.uploads.left.open")).isZero();
  }

  @Test
  void trackedDownload_missingObject_countedAsFailed() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(24);
    S3TransferMetrics metrics = CirrusMetrics.transferMetrics(registry, "exports");
    S3Transfers t = transfers(proxy, retry(3, new RetryMetrics("unbound")), metrics);

    var download = metrics.track(t.startDownload(bucket, "missing", dir.resolve("never")));
    assertThatThrownBy(download::join).isInstanceOf(DownloadFailedException.class);
    awaitNoneActive();

    assertThat(ended("download", "failed")).isEqualTo(1);
    assertThat(counter("cirrus.s3.transfers.started", "direction", "download")).isEqualTo(1);
    assertThat(counter("cirrus.s3.transfer.bytes", "direction", "download")).isZero();
    assertThat(counter("cirrus.s3.transfer.parts")).isZero();
  }
}
