package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.PART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.s3.internal.Checksums;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * moto 5.2.1 returns no checksum from CompleteMultipartUpload, so these tests add one to the response through
 * the proxy: the value S3 would return, and a wrong one.
 */
class ChecksumVerificationIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 3);

  private static String composite(long seed, long size) throws IOException {
    byte[][] parts = new byte[(int) ((size + PART - 1) / PART)][];
    try (InputStream in = TestData.stream(seed, size)) {
      for (int i = 0; i < parts.length; i++) {
        byte[] b = in.readNBytes((int) PART);
        parts[i] = Checksums.crc("CRC32C", b, 0, b.length);
      }
    }
    return Checksums.composite("CRC32C", parts);
  }

  private static Fault reportChecksum(String value) {
    return Fault.intercept("reportChecksum", (request, upstream) -> {
      var r = upstream.forward(request);
      // moto names the root element CompleteMultipartUploadResponse
      String body = r.bodyText().replaceFirst("</(CompleteMultipartUpload\\w+)>\\s*$",
          "<ChecksumCRC32C>" + value + "</ChecksumCRC32C></$1>");
      return r.withBody(body.getBytes(StandardCharsets.UTF_8));
    });
  }

  @Test
  void upload_serverReportsMatchingComposite_verified() throws IOException {
    String bucket = AWS.createBucket();
    long size = 2 * PART + 7;
    String expected = composite(21, size);
    FaultProxy proxy = AWS.proxy(60);
    proxy.inject("S3.CompleteMultipartUpload", 1.0, reportChecksum(expected));

    UploadResult r = S3.transfersVia(proxy).upload(bucket, "k", TestData.stream(21, size));

    assertThat(r.checksumCheck()).isEqualTo(ChecksumCheck.VERIFIED);
    assertThat(r.objectChecksum()).contains(expected);
  }

  @Test
  void upload_serverReportsDifferentComposite_failsNamingBoth() throws IOException {
    String bucket = AWS.createBucket();
    long size = 2 * PART + 7;
    String expected = composite(22, size);
    FaultProxy proxy = AWS.proxy(61);
    proxy.inject("S3.CompleteMultipartUpload", 1.0, reportChecksum("AAAAAA==-3"));

    assertThatThrownBy(() -> S3.transfersVia(proxy).upload(bucket, "k", TestData.stream(22, size)))
        .isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.aborted()).isTrue();
          assertThat(e.partsCompleted()).containsExactly(1, 2, 3);
          assertThat(e.getCause()).hasMessage("S3 reports checksum AAAAAA==-3 for s3://" + bucket + "/k but the "
              + "bytes sent give " + expected + "; the object was written and does not match");
        });
  }

  @Test
  void upload_serverReportsUncomparableChecksum_notAvailable() {
    String bucket = AWS.createBucket();

    UploadResult r = S3.transfersVia(AWS.proxy(62)).upload(bucket, "k", TestData.stream(23, PART + 1));

    assertThat(r.checksumCheck()).isEqualTo(ChecksumCheck.NOT_AVAILABLE);
  }

  @Test
  void download_bodyCorruptedInTransit_failsChecksum() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(63);
    S3Transfers t = S3.transfersVia(proxy);
    t.upload(bucket, "small", TestData.stream(24, 1000));
    proxy.inject("S3.GetObject", 1.0, Fault.intercept("flipByte", (request, upstream) -> {
      var r = upstream.forward(request);
      byte[] body = r.body().clone();
      if (body.length > 10) {
        body[10] ^= 1;
      }
      return r.withBody(body);
    }));

    assertThatThrownBy(() -> t.download(bucket, "small", new TestData.Sha256Sink()))
        .isInstanceOf(DownloadFailedException.class)
        .hasMessageStartingWith("s3://" + bucket + "/small has checksum ")
        .hasMessageContaining(" but the bytes received give ");
  }
}
