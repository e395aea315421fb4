package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * The {@link MultipartOutputStream} protocol: only {@code complete()} stores the object; {@code close()} without it
 * aborts and says so, so that an exception inside try-with-resources never commits a truncated object.
 */
class MultipartOutputStreamCompleteIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 3);

  private static final class CallerFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    CallerFailure() {
      super("the caller's own code failed");
    }
  }

  private static void write12MiB(MultipartOutputStream out) {
    byte[] chunk = new byte[(int) MIB];
    for (int i = 0; i < 12; i++) {
      java.util.Arrays.fill(chunk, (byte) i);
      out.write(chunk);
    }
  }

  private static void assertNoObject(String bucket, String key) {
    assertThatThrownBy(() -> AWS.s3().headObject(h -> h.bucket(bucket).key(key)))
        .isInstanceOf(NoSuchKeyException.class);
  }

  @Test
  void close_callerThrowsAfter12MiBInsideTryWithResources_noObjectAndNoUploadLeft() {
    String bucket = AWS.createBucket();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).build());
    String[] uploadId = new String[1];

    assertThatThrownBy(() -> {
      try (MultipartOutputStream out = t.openOutputStream(bucket, "truncated")) {
        write12MiB(out);
        uploadId[0] = out.upload().uploadId().orElseThrow();
        throw new CallerFailure();
      }
    }).isInstanceOfSatisfying(CallerFailure.class, e -> {
      assertThat(e.getSuppressed()).hasSize(1);
      assertThat(e.getSuppressed()[0]).isInstanceOfSatisfying(MultipartUploadFailedException.class, abort -> {
        assertThat(abort.uploadId()).contains(uploadId[0]);
        assertThat(abort.aborted()).isTrue();
        assertThat(abort.cancelled()).isTrue();
        assertThat(abort.getCause()).isInstanceOf(CancellationException.class)
            .hasMessage("close() was called before complete(): the upload was aborted and nothing was stored");
        assertThat(abort.getMessage()).contains("upload id " + uploadId[0] + ", aborted")
            .contains("close() was called before complete()");
      });
    });

    assertNoObject(bucket, "truncated");
    assertThat(AWS.s3().listMultipartUploads(l -> l.bucket(bucket)).uploads()).isEmpty();
  }

  @Test
  void close_withoutComplete_throwsNamingTheUploadIdAndAborts() {
    String bucket = AWS.createBucket();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).build());
    MultipartOutputStream out = t.openOutputStream(bucket, "forgotten");
    write12MiB(out);
    String id = out.upload().uploadId().orElseThrow();

    assertThatThrownBy(out::close).isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
      assertThat(e.uploadId()).contains(id);
      assertThat(e.aborted()).isTrue();
      assertThat(e).hasMessage("upload to s3://" + bucket + "/forgotten cancelled after " + e.partsCompleted().size()
          + " part(s) (upload id " + id + ", aborted): java.util.concurrent.CancellationException: close() was"
          + " called before complete(): the upload was aborted and nothing was stored");
    });
    assertThatThrownBy(() -> out.upload().join()).isInstanceOf(MultipartUploadFailedException.class);
    assertThatThrownBy(() -> out.write(1)).isInstanceOf(IllegalStateException.class).hasMessage("stream is closed");
    out.close();
    assertNoObject(bucket, "forgotten");
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void close_smallObjectWithoutComplete_sendsNothingAndSaysSo() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(81);
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).build());
    MultipartOutputStream out = t.openOutputStream(bucket, "small");
    out.write("hello".getBytes(StandardCharsets.UTF_8));

    assertThatThrownBy(out::close).isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
      assertThat(e.uploadId()).isEmpty();
      assertThat(e.getMessage()).contains("no multipart upload was created")
          .contains("close() was called before complete()");
    });
    assertThat(proxy.count("S3.PutObject")).isZero();
    assertThat(proxy.count("S3.CreateMultipartUpload")).isZero();
    assertNoObject(bucket, "small");
  }

  @Test
  void complete_thenClose_storesTheObjectOnce() {
    String bucket = AWS.createBucket();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).build());
    UploadResult r;
    MultipartOutputStream kept;
    try (MultipartOutputStream out = t.openOutputStream(bucket, "whole")) {
      write12MiB(out);
      r = out.complete();
      kept = out;
    }

    assertThat(r.sizeBytes()).isEqualTo(12 * MIB);
    assertThat(r.partCount()).isEqualTo(3);
    assertThat(kept.complete()).isSameAs(r);
    assertThatThrownBy(() -> kept.write(1)).isInstanceOf(IllegalStateException.class)
        .hasMessage("stream is closed");
    assertThat(AWS.s3().headObject(h -> h.bucket(bucket).key("whole")).contentLength()).isEqualTo(12 * MIB);
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void abort_thenClose_closeIsSilentAndNothingIsStored() {
    String bucket = AWS.createBucket();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).build());
    try (MultipartOutputStream out = t.openOutputStream(bucket, "discarded")) {
      write12MiB(out);
      out.abort();
    }

    assertNoObject(bucket, "discarded");
    S3.assertNoOpenUploads(bucket);
  }
}
