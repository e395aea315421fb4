package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.MIB;
import static dev.cirrus.s3.S3TestFixture.PART;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.ProxyRequest;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** What a download sends: counted at the fault proxy, against moto as it is and with S3's part GETs emulated. */
class S3DownloadRequestsIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 10);

  @TempDir
  Path dir;

  /** Records the Range header (or the query) of every GET it sees, then hands the request on. */
  private static Fault recording(List<String> seen, Fault.Interceptor then) {
    return Fault.intercept("record", (request, upstream) -> {
      seen.add(describe(request));
      return then.intercept(request, upstream);
    });
  }

  private static String describe(ProxyRequest request) {
    String range = request.header("Range");
    if (range != null) {
      return range;
    }
    int q = request.target().indexOf('?');
    return q < 0 ? "whole" : request.target().substring(q + 1);
  }

  @Test
  void download_singlePartObject_oneGetAndNoHead() {
    String bucket = AWS.createBucket();
    long size = 3 * PART + 11;
    S3.put(bucket, "single", 1, size);
    FaultProxy proxy = AWS.proxy(71);
    S3Transfers t = S3.transfersVia(proxy);
    Path out = dir.resolve("out");

    DownloadResult r = t.download(bucket, "single", out);

    assertThat(proxy.count("S3.GetObject")).isEqualTo(1);
    assertThat(proxy.count("S3.HeadObject")).isZero();
    assertThat(r.rangeCount()).isEqualTo(1);
    assertThat(r.sizeBytes()).isEqualTo(size);
    assertThat(r.peakBufferBytes()).isZero();
    assertThat(r.bufferBoundBytes()).isZero();
    assertThat(TestData.sha256(out)).isEqualTo(TestData.sha256(1, size));
  }

  @Test
  void download_multipartObjectWhosePartGetReturnsEverything_oneGetAndOneHead() {
    String bucket = AWS.createBucket();
    long size = 3 * PART + 11;
    S3.transfersVia(AWS.proxy(72)).upload(bucket, "multi", TestData.stream(2, size));
    FaultProxy proxy = AWS.proxy(73);
    S3Transfers t = S3.transfersVia(proxy);
    TestData.Sha256Sink sink = new TestData.Sha256Sink();

    DownloadResult r = t.download(bucket, "multi", sink);

    assertThat(proxy.count("S3.GetObject")).as("moto 5.2.1 answers partNumber=1 with the whole object").isEqualTo(1);
    assertThat(proxy.count("S3.HeadObject")).as("the object's checksum").isEqualTo(1);
    assertThat(r.rangeCount()).isEqualTo(1);
    assertThat(r.alignedToParts()).isFalse();
    assertThat(sink.hex()).isEqualTo(TestData.sha256(2, size));
  }

  @Test
  void download_serverAnswersPartGetsLikeS3_rangesFollowThePartBoundaries() {
    String bucket = AWS.createBucket();
    long size = 3 * PART + 11;
    S3.transfersVia(AWS.proxy(74)).upload(bucket, "multi", TestData.stream(3, size));
    FaultProxy proxy = AWS.proxy(75);
    List<String> gets = new CopyOnWriteArrayList<>();
    proxy.inject("S3.GetObject", 1.0, recording(gets, (request, upstream) ->
        S3PartNumbers.forward(request, upstream, PART)));
    S3Transfers t = S3.transfersVia(proxy);
    Path out = dir.resolve("out");

    DownloadResult r = t.download(bucket, "multi", out);

    assertThat(gets).containsExactlyInAnyOrder("partNumber=1",
        "bytes=" + PART + "-" + (2 * PART - 1),
        "bytes=" + 2 * PART + "-" + (3 * PART - 1),
        "bytes=" + 3 * PART + "-" + (size - 1));
    assertThat(gets.get(0)).isEqualTo("partNumber=1");
    assertThat(proxy.count("S3.HeadObject")).isEqualTo(1);
    assertThat(r.rangeCount()).isEqualTo(4);
    assertThat(r.rangeSizeBytes()).isEqualTo(PART);
    assertThat(r.alignedToParts()).isTrue();
    assertThat(r.peakBufferBytes()).as("part 1 is streamed; 3 ranges buffered").isLessThanOrEqualTo(3 * PART);
    assertThat(TestData.sha256(out)).isEqualTo(TestData.sha256(3, size));
  }

  @Test
  void download_emptyObjectWhosePartGetIsAnswered416_headConfirmsEmpty() {
    String bucket = AWS.createBucket();
    AWS.s3().putObject(p -> p.bucket(bucket).key("empty"), RequestBody.empty());
    FaultProxy proxy = AWS.proxy(77);
    String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidPartNumber</Code><Message>The "
        + "requested partnumber is not satisfiable</Message></Error>";
    proxy.inject("S3.GetObject", 1.0, Fault.intercept("416", (request, upstream) ->
        new dev.cirrus.testsupport.ProxyResponse(416, "Requested Range Not Satisfiable",
            List.of(java.util.Map.entry("Content-Type", "application/xml")),
            body.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    S3Transfers t = S3.transfersVia(proxy);
    Path out = dir.resolve("out");

    DownloadResult r = t.download(bucket, "empty", out);

    assertThat(r.sizeBytes()).isZero();
    assertThat(proxy.count("S3.GetObject")).isEqualTo(1);
    assertThat(proxy.count("S3.HeadObject")).isEqualTo(1);
    assertThat(out).isEmptyFile();
  }

  @Test
  void download_firstResponseTruncated_resumesFromTheFirstMissingByteWithIfMatch() {
    String bucket = AWS.createBucket();
    long size = 2 * MIB + 3;
    S3.put(bucket, "single", 4, size);
    String eTag = AWS.s3().headObject(h -> h.bucket(bucket).key("single")).eTag();
    FaultProxy proxy = AWS.proxy(76);
    List<String> ifMatch = new CopyOnWriteArrayList<>();
    List<String> gets = new CopyOnWriteArrayList<>();
    proxy.injectSequence("S3.GetObject", Fault.truncatedResponse(), recording(gets, (request, upstream) -> {
      ifMatch.add(String.valueOf(request.header("If-Match")));
      return upstream.forward(request);
    }));
    S3Transfers t = S3.transfersVia(proxy);
    TestData.Sha256Sink sink = new TestData.Sha256Sink();

    DownloadResult r = t.download(bucket, "single", sink);

    assertThat(proxy.count("S3.GetObject")).isEqualTo(2);
    assertThat(gets).singleElement().asString().startsWith("bytes=").endsWith("-" + (size - 1))
        .isNotEqualTo("bytes=0-" + (size - 1));
    assertThat(ifMatch).containsExactly(eTag);
    assertThat(r.rangeCount()).isEqualTo(1);
    assertThat(sink.hex()).isEqualTo(TestData.sha256(4, size));
  }
}
