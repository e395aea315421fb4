package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.PART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Byte-range downloads against moto, requests seen at the fault proxy. They use plain {@code Range} GETs, which
 * moto 5.2.1 serves as S3 does (its gap is {@code partNumber} GETs, which ranges never send).
 */
class RangeDownloadsIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 3);
  private static final long SIZE = 5 * PART + 7;

  private static byte[] object(long seed, long size) {
    try (InputStream in = TestData.stream(seed, size)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Records "Range If-Match" of every GET, then forwards it. */
  private static Fault recording(List<String> gets) {
    return Fault.intercept("record", (request, upstream) -> {
      gets.add(request.header("Range") + " " + request.header("If-Match"));
      return upstream.forward(request);
    });
  }

  private String bucketWithObject() {
    String bucket = AWS.createBucket();
    S3.put(bucket, "obj", 9, SIZE);
    return bucket;
  }

  private static String eTag(String bucket) {
    return AWS.s3().headObject(h -> h.bucket(bucket).key("obj")).eTag();
  }

  @Test
  void readBytes_smallRangeInTheMiddle_oneRangedGetWithIfMatch() {
    String bucket = bucketWithObject();
    List<String> gets = new CopyOnWriteArrayList<>();
    FaultProxy proxy = AWS.proxy(101);
    proxy.inject("S3.GetObject", 1.0, recording(gets));
    S3Transfers t = S3.transfersVia(proxy);

    byte[] got = t.ranges().readBytes(bucket, "obj", 1_000_003, 4096);

    assertThat(got).isEqualTo(Arrays.copyOfRange(object(9, SIZE), 1_000_003, 1_000_003 + 4096));
    assertThat(gets).containsExactly("bytes=1000003-1004098 " + eTag(bucket));
    assertThat(proxy.count("S3.HeadObject")).isEqualTo(1);
  }

  @Test
  void download_largeRange_parallelRangedGetsWrittenInOrder() {
    String bucket = bucketWithObject();
    List<String> gets = new CopyOnWriteArrayList<>();
    FaultProxy proxy = AWS.proxy(102);
    proxy.inject("S3.GetObject", 1.0, recording(gets));
    List<TransferProgress> events = new CopyOnWriteArrayList<>();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).parallelism(3).listener(events::add)
        .build());
    long offset = PART / 2;
    long length = 3 * PART + PART / 2 + 1;
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    RangeDownloadResult r = t.ranges().download(bucket, "obj", offset, length, out);

    assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(object(9, SIZE), (int) offset,
        (int) (offset + length)));
    String tag = eTag(bucket);
    assertThat(gets).containsExactlyInAnyOrder(
        "bytes=" + offset + "-" + (offset + PART - 1) + " " + tag,
        "bytes=" + (offset + PART) + "-" + (offset + 2 * PART - 1) + " " + tag,
        "bytes=" + (offset + 2 * PART) + "-" + (offset + 3 * PART - 1) + " " + tag,
        "bytes=" + (offset + 3 * PART) + "-" + (offset + length - 1) + " " + tag);
    assertThat(r.rangeCount()).isEqualTo(4);
    assertThat(r.offsetBytes()).isEqualTo(offset);
    assertThat(r.lengthBytes()).isEqualTo(length);
    assertThat(r.objectSizeBytes()).isEqualTo(SIZE);
    assertThat(r.eTag()).isEqualTo(tag);
    assertThat(r.bufferBoundBytes()).isEqualTo(3 * PART);
    assertThat(r.peakBufferBytes()).isPositive().isLessThanOrEqualTo(r.bufferBoundBytes());
    assertThat(events).extracting(TransferProgress::partsCompleted).containsExactly(1, 2, 3, 4);
    assertThat(events).extracting(TransferProgress::bytesTransferred).isSorted().last().isEqualTo(length);
    assertThat(events).allSatisfy(p -> assertThat(p.totalBytes()).hasValue(length));
  }

  @Test
  void readBytes_wholeObjectAndEmptyRanges_matchTheObject() {
    String bucket = bucketWithObject();
    FaultProxy proxy = AWS.proxy(103);
    S3Transfers t = S3.transfersVia(proxy);

    assertThat(t.ranges().readBytes(bucket, "obj", 0, (int) SIZE)).isEqualTo(object(9, SIZE));
    long getsForWhole = proxy.count("S3.GetObject");
    assertThat(t.ranges().readBytes(bucket, "obj", 17, 0)).isEmpty();
    assertThat(t.ranges().readBytes(bucket, "obj", SIZE, 0)).isEmpty();
    assertThat(t.ranges().readBytes(bucket, "obj", SIZE - 1, 1)).containsExactly(object(9, SIZE)[(int) SIZE - 1]);

    assertThat(getsForWhole).isEqualTo(6);
    assertThat(proxy.count("S3.GetObject")).as("empty ranges send no GET").isEqualTo(7);
  }

  @Test
  void readBytes_rangePastTheEnd_throwsIllegalArgumentNamingOffsetLengthAndSize() {
    String bucket = bucketWithObject();
    FaultProxy proxy = AWS.proxy(104);
    S3Transfers t = S3.transfersVia(proxy);
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    assertThatThrownBy(() -> t.ranges().download(bucket, "obj", SIZE - 10, 11, out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offset + length must be at most the object size: offset=" + (SIZE - 10) + ", length=11, "
            + "object size=" + SIZE + " (s3://" + bucket + "/obj)");
    assertThatThrownBy(() -> t.ranges().readBytes(bucket, "obj", SIZE + 1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("offset + length must be at most the object size: offset=" + (SIZE + 1) + ", length=0, "
            + "object size=" + SIZE + " (s3://" + bucket + "/obj)");
    assertThatThrownBy(() -> t.ranges().readBytes(bucket, "obj", Long.MAX_VALUE, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("offset + length must be at most the object size: offset=" + Long.MAX_VALUE);
    assertThat(out.size()).isZero();
    assertThat(proxy.count("S3.GetObject")).isZero();
  }

  @Test
  void download_objectReplacedBetweenRanges_failsWithObjectChanged() {
    String bucket = bucketWithObject();
    FaultProxy proxy = AWS.proxy(105);
    proxy.inject("S3.GetObject", 1.0, S3.replaceAfterSecondGet(bucket, "obj"));
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).parallelism(2).build());
    String tag = eTag(bucket);

    assertThatThrownBy(() -> t.ranges().download(bucket, "obj", 0, 4 * PART, new ByteArrayOutputStream()))
        .isInstanceOfSatisfying(ObjectChangedException.class, e -> {
          assertThat(e.eTag()).isEqualTo(tag);
          assertThat(e.bytesWritten()).isLessThan(4 * PART);
        });
  }

  @Test
  void readBytes_missingObject_throwsDownloadFailed() {
    String bucket = AWS.createBucket();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).build());

    assertThatThrownBy(() -> t.ranges().readBytes(bucket, "missing", 0, 1))
        .isInstanceOf(DownloadFailedException.class)
        .hasMessageContaining("s3://" + bucket + "/missing");
  }
}
