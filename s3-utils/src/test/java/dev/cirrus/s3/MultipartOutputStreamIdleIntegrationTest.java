package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.ProxyResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;

/** A {@link MultipartOutputStream} whose writer is away (between calls) when the upload is stopped. */
class MultipartOutputStreamIdleIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final long MIB = 1024 * 1024;
  private static final long PART = 5 * MIB;
  private static final RetryPolicy NO_WAIT_RETRY = RetryPolicy.builder().maxAttempts(3).sleeper(n -> { }).build();

  private static S3Transfers.Builder transfers(AwsClients clients) {
    S3Client s3 = AWS.closeAfterTest(clients.s3Builder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
    return S3Transfers.builder(s3)
        .partSizePolicy(PartSizePolicy.builder().preferredPartSizeBytes(PART).build())
        .singleRequestThresholdBytes(PART)
        .retryPolicy(NO_WAIT_RETRY);
  }

  private static List<String> openUploads(String bucket) {
    return AWS.s3().listMultipartUploads(r -> r.bucket(bucket)).uploads().stream()
        .map(u -> u.key() + ":" + u.uploadId()).toList();
  }

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
    S3Transfers t = AWS.closeAfterTest(transfers(AWS.clients()).listener(p -> twoParts.countDown()).build());
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
    assertThat(openUploads(bucket)).isEmpty();
    assertThatThrownBy(() -> out.write(1)).isInstanceOfSatisfying(MultipartUploadFailedException.class,
        e -> assertThat(e.cancelled()).isTrue());
    assertThatThrownBy(out::close).isInstanceOfSatisfying(MultipartUploadFailedException.class,
        e -> assertThat(e.cancelled()).isTrue());
  }

  @Test
  void partFailsForGood_writerBetweenCalls_abortsWithoutWaitingForTheWriter() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(91);
    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code><Message>injected"
        + "</Message></Error>";
    proxy.inject("S3.UploadPart", 1.0, Fault.intercept("denyPart2", (request, upstream) ->
        request.target().matches(".*[?&]partNumber=2(&.*)?$")
            ? new ProxyResponse(403, "AccessDenied", List.of(Map.entry("Content-Type", "application/xml")),
                body.getBytes(StandardCharsets.UTF_8))
            : upstream.forward(request)));
    S3Transfers t = AWS.closeAfterTest(transfers(AWS.clients(proxy)).build());
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
    assertThat(openUploads(bucket)).isEmpty();
    assertThatThrownBy(out::close).isInstanceOf(MultipartUploadFailedException.class);
  }
}
