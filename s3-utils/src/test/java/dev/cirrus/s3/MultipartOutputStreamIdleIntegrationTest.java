package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.PART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A {@link MultipartOutputStream} whose writer is away (between calls) when the upload is stopped. */
class MultipartOutputStreamIdleIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 3);

  private static byte[] bytes(long n) {
    byte[] b = new byte[(int) n];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 31);
    }
    return b;
  }

  @Test
  void cancel_writerBetweenCalls_abortsWithoutWaitingForTheWriter() throws Exception {
    String bucket = AWS.createBucket();
    CountDownLatch twoParts = new CountDownLatch(2);
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).listener(p -> twoParts.countDown()).build());
    MultipartOutputStream out = t.openOutputStream(bucket, "idle");
    out.write(bytes(2 * PART + 10));
    assertThat(twoParts.await(30, TimeUnit.SECONDS)).isTrue();

    assertThat(out.upload().cancel()).isTrue();

    assertThat(out.upload().result()).failsWithin(30, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.cancelled()).isTrue();
          assertThat(e.aborted()).isTrue();
          assertThat(e.partsCompleted()).containsExactly(1, 2);
        });
    S3.assertNoOpenUploads(bucket);
    assertThatThrownBy(() -> out.write(1)).isInstanceOfSatisfying(MultipartUploadFailedException.class,
        e -> assertThat(e.cancelled()).isTrue());
    assertThatThrownBy(out::close).isInstanceOfSatisfying(MultipartUploadFailedException.class,
        e -> assertThat(e.cancelled()).isTrue());
  }

  @Test
  void partFailsForGood_writerBetweenCalls_abortsWithoutWaitingForTheWriter() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(91);
    proxy.inject("S3.UploadPart", 1.0, S3.failPart(2, 403, "AccessDenied"));
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).build());
    MultipartOutputStream out = t.openOutputStream(bucket, "denied");

    out.write(bytes(2 * PART + 10));

    assertThat(out.upload().result()).failsWithin(30, TimeUnit.SECONDS)
        .withThrowableOfType(ExecutionException.class)
        .havingCause().isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.cancelled()).isFalse();
          assertThat(e.aborted()).isTrue();
          assertThat(e.partsCompleted()).doesNotContain(2);
          assertThat(e.getCause()).isInstanceOf(software.amazon.awssdk.services.s3.model.S3Exception.class);
        });
    assertThat(proxy.count("S3.AbortMultipartUpload")).isEqualTo(1);
    S3.assertNoOpenUploads(bucket);
    assertThatThrownBy(out::close).isInstanceOf(MultipartUploadFailedException.class);
  }
}
