package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.PART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import dev.cirrus.testsupport.ProxyResponse;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Requests that reached S3 but whose responses the client never saw: the two ambiguous cases of a multipart
 * upload (docs/design/s3-multipart.md), and cancellations that would manufacture them.
 */
class S3TransfersLostResponseIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 5);

  /** Forwards the request, then holds the response until {@code release} opens. */
  private static Fault holdResponse(CountDownLatch forwarded, CountDownLatch release) {
    return Fault.intercept("holdResponse", (request, upstream) -> {
      ProxyResponse r = upstream.forward(request);
      forwarded.countDown();
      try {
        if (!release.await(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("test did not release the response");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return r;
    });
  }

  @Test
  void upload_completeResponseTruncated_succeedsAfterCheckingTheObject() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(70);
    proxy.injectSequence("S3.CompleteMultipartUpload", Fault.truncatedResponse());
    S3Transfers t = S3.transfersVia(proxy);
    long size = 2 * PART + 11;

    UploadResult r = t.upload(bucket, "k", TestData.stream(31, size));

    assertThat(proxy.count("S3.CompleteMultipartUpload", Outcome.TRUNCATED)).isEqualTo(1);
    assertThat(proxy.count("S3.AbortMultipartUpload")).as("answered NoSuchUpload").isEqualTo(1);
    assertThat(r.partCount()).isEqualTo(3);
    assertThat(r.sizeBytes()).isEqualTo(size);
    assertThat(r.eTag()).isEqualTo(AWS.s3().headObject(h -> h.bucket(bucket).key("k")).eTag());
    assertThat(S3.sha(t, bucket, "k")).isEqualTo(TestData.sha256(31, size));
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void upload_completeResponseLostThenRetryGetsNoSuchUpload_succeedsAfterCheckingTheObject() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(74);
    proxy.injectSequence("S3.CompleteMultipartUpload", Fault.intercept("completeThen500", (request, upstream) -> {
      upstream.forward(request);
      return new ProxyResponse(500, "InternalError", List.of(), new byte[0]);
    }));
    S3Transfers t = S3.transfersVia(proxy);
    long size = 2 * PART + 11;

    UploadResult r = t.upload(bucket, "k", TestData.stream(31, size));

    assertThat(proxy.count("S3.CompleteMultipartUpload")).isEqualTo(2);
    assertThat(proxy.count("S3.AbortMultipartUpload")).isZero();
    assertThat(r.partCount()).isEqualTo(3);
    assertThat(r.sizeBytes()).isEqualTo(size);
    assertThat(r.eTag()).isEqualTo(AWS.s3().headObject(h -> h.bucket(bucket).key("k")).eTag());
    assertThat(S3.sha(t, bucket, "k")).isEqualTo(TestData.sha256(31, size));
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void upload_completeResponseLostAndAnotherObjectWritten_failsWithoutClaimingSuccess() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(71);
    proxy.injectSequence("S3.CompleteMultipartUpload", Fault.intercept("completeThenOverwrite",
        (request, upstream) -> {
          upstream.forward(request);
          AWS.s3().putObject(p -> p.bucket(bucket).key("k"),
              software.amazon.awssdk.core.sync.RequestBody.fromString("someone else"));
          return new ProxyResponse(500, "InternalError", List.of(), new byte[0]);
        }));
    S3Transfers t = S3.transfersVia(proxy);

    assertThatThrownBy(() -> t.upload(bucket, "k", TestData.stream(32, 2 * PART)))
        .isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.uploadId()).isPresent();
          assertThat(e.partsCompleted()).containsExactly(1, 2);
          assertThat(e.getMessage()).contains("upload id " + e.uploadId().get());
        });
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void cancel_whileCreateMultipartUploadInFlight_leavesNoUpload() throws Exception {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(72);
    CountDownLatch forwarded = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    proxy.injectSequence("S3.CreateMultipartUpload", holdResponse(forwarded, release));
    S3Transfers t = S3.transfersVia(proxy);

    Upload upload = t.startUpload(bucket, "k", TestData.stream(33, 3 * PART));
    assertThat(forwarded.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(upload.cancel()).isTrue();
    release.countDown();

    assertThatThrownBy(upload::join)
        .isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.cancelled()).isTrue();
          assertThat(e.aborted()).isTrue();
          assertThat(e.uploadId()).isPresent();
        });
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void cancel_whileCompleteMultipartUploadInFlight_returnsFalseAndTheUploadSucceeds() throws Exception {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(73);
    CountDownLatch forwarded = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    proxy.injectSequence("S3.CompleteMultipartUpload", holdResponse(forwarded, release));
    S3Transfers t = S3.transfersVia(proxy);
    long size = PART + 1;

    Upload upload = t.startUpload(bucket, "k", TestData.stream(34, size));
    assertThat(forwarded.await(30, TimeUnit.SECONDS)).isTrue();
    boolean cancelled = upload.cancel();
    boolean futureCancelled = upload.result().cancel(true);
    release.countDown();

    assertThat(cancelled).isFalse();
    assertThat(futureCancelled).isFalse();
    assertThat(upload.join().partCount()).isEqualTo(2);
    assertThat(upload.result().join().partCount()).isEqualTo(2);
    assertThat(S3.sha(t, bucket, "k")).isEqualTo(TestData.sha256(34, size));
    S3.assertNoOpenUploads(bucket);
  }
  @Test
  void upload_completeNeverRanButTheSameBytesAreAlreadyStored_abortsTheUpload() {
    String bucket = AWS.createBucket();
    long size = 2 * PART + 11;
    S3Transfers direct = S3.transfersVia(AWS.proxy(75));
    direct.upload(bucket, "k", TestData.stream(35, size));
    FaultProxy proxy = AWS.proxy(76);
    proxy.inject("S3.CompleteMultipartUpload", 1.0, Fault.s3InternalError());
    S3Transfers t = S3.transfersVia(proxy);

    UploadResult r = t.upload(bucket, "k", TestData.stream(35, size));

    assertThat(proxy.count("S3.CompleteMultipartUpload", Outcome.ERROR_INJECTED)).isEqualTo(5);
    assertThat(r.eTag()).isEqualTo(AWS.s3().headObject(h -> h.bucket(bucket).key("k")).eTag());
    S3.assertNoOpenUploads(bucket);
  }
}
