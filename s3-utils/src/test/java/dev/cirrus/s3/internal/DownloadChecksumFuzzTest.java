package dev.cirrus.s3.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.ChecksumCheck;
import dev.cirrus.s3.DownloadFailedException;
import dev.cirrus.s3.PartChecksum;
import dev.cirrus.s3.PartSizePolicy;
import dev.cirrus.s3.TransferListener;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Checksum;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * Coverage-guided fuzzing of the checksum headers a download compares against ({@link DownloadChecksum}): the
 * value (x-amz-checksum-crc32/-crc32c), its type (x-amz-checksum-type), the parts count and the ETag. Input
 * lines ({@link FuzzLines}): algorithm (CRC32, CRC32C, anything else: none), whether verification is on, the
 * checksum value ({@code TRUE} and {@code TRUE-COMPOSITE} stand for the body's real full-object and per-part
 * values, so agreeing checksums are reached), the checksum type, the parts count, the ETag and the part length;
 * the rest is the object's body. The body is fed range by range as a download would. Invariants: only {@link
 * DownloadFailedException} escapes; the check is DISABLED exactly when verification is off or there is no
 * algorithm; verification fails only when the check is VERIFIED, and passes only when the stated value is the
 * body's real checksum; a real full-object checksum that is compared always passes.
 */
class DownloadChecksumFuzzTest {
  private static final PartSizePolicy POLICY = PartSizePolicy.builder().build();

  @FuzzTest
  void plan_arbitraryChecksumHeaders_verifiesOnlyWhatItCanCompare(byte[] input) {
    FuzzLines in = new FuzzLines(input, 8);
    PartChecksum algorithm = "CRC32".equals(in.get(0)) ? PartChecksum.CRC32
        : "CRC32C".equals(in.get(0)) ? PartChecksum.CRC32C : PartChecksum.NONE;
    boolean verify = !"off".equals(in.get(1));
    String body = in.get(7) == null ? "" : in.get(7);
    byte[] object = body.getBytes(StandardCharsets.ISO_8859_1);
    Long partLength = in.asLong(6);
    long first = partLength == null || partLength < 1 ? object.length : Math.min(partLength, object.length);
    String name = algorithm == PartChecksum.NONE ? "CRC32C" : algorithm.name();
    String full = Checksums.base64(Checksums.crc(name, object, 0, object.length));
    List<byte[]> parts = parts(name, object, first);
    String composite = Checksums.composite(name, parts.toArray(new byte[0][]));
    String value = "TRUE".equals(in.get(2)) ? full : "TRUE-COMPOSITE".equals(in.get(2)) ? composite : in.get(2);
    String type = in.get(3);
    Integer count = in.asInt(4);
    String eTag = in.get(5);

    GetObjectResponse resp = GetObjectResponse.builder()
        .contentLength(first).contentRange("bytes 0-" + (first - 1) + "/" + object.length).eTag(eTag)
        .partsCount(count).checksumCRC32(value).checksumCRC32C(value).checksumType(type).build();
    DownloadLayout layout;
    try {
      layout = DownloadLayout.of(resp, 1024 * 1024, "bucket", "key");
    } catch (DownloadFailedException notThisTest) {
      return;
    }
    HeadObjectResponse head = HeadObjectResponse.builder()
        .eTag(eTag).partsCount(count).checksumCRC32(value).checksumCRC32C(value).checksumType(type).build();
    DownloadChecksum sums = DownloadChecksum.plan(config(algorithm, verify), layout, resp, () -> head);
    boolean disabled = !verify || algorithm == PartChecksum.NONE;
    if ((sums.check() == ChecksumCheck.DISABLED) != disabled) {
      throw new AssertionError("check " + sums.check() + " with verification " + verify + " and " + algorithm);
    }
    feed(sums, object, layout);
    boolean passed;
    try {
      sums.verify("bucket", "key", eTag, object.length);
      passed = true;
    } catch (DownloadFailedException e) {
      passed = false;
    }
    boolean singlePartFullObject = (type == null || "FULL_OBJECT".equals(type)) && (eTag == null || !eTag.contains("-"));
    judge(sums.check(), passed, value, full, composite, singlePartFullObject);
  }

  private static void judge(ChecksumCheck check, boolean passed, String value, String full, String composite,
      boolean singlePartFullObject) {
    if (!passed && check != ChecksumCheck.VERIFIED) {
      throw new AssertionError("verification failed although the check is " + check);
    }
    String compositeValue = composite.substring(0, composite.indexOf('-'));
    if (passed && check == ChecksumCheck.VERIFIED && !full.equals(value) && !composite.equals(value)
        && !compositeValue.equals(value)) {
      throw new AssertionError("verification passed for " + value + ", the body's checksum is " + full
          + " (composite " + composite + ")");
    }
    if (!passed && full.equals(value) && singlePartFullObject) {
      throw new AssertionError("the body's real checksum " + value + " failed verification");
    }
  }

  /** Feeds the body as the download would: the first range streamed, then ranges of the layout's size. */
  private static void feed(DownloadChecksum sums, byte[] object, DownloadLayout layout) {
    long off = 0;
    for (int r = 0; r < layout.ranges && off <= object.length; r++) {
      int len = (int) Math.min(r == 0 ? layout.firstLength : layout.rangeSize, object.length - off);
      Checksum rangeSum = sums.newRangeSum();
      if (rangeSum != null) {
        rangeSum.update(object, (int) off, len);
      }
      sums.update(object, (int) off, len);
      sums.addRange(rangeSum);
      off += len;
    }
  }

  private static List<byte[]> parts(String algorithm, byte[] object, long partLength) {
    List<byte[]> parts = new ArrayList<>();
    for (int off = 0; off < object.length || parts.isEmpty(); off += (int) Math.max(partLength, 1)) {
      int end = (int) Math.min(object.length, off + Math.max(partLength, 1));
      parts.add(Checksums.crc(algorithm, Arrays.copyOfRange(object, off, end), 0, end - off));
      if (end >= object.length) {
        break;
      }
    }
    return parts;
  }

  private static TransferConfig config(PartChecksum checksum, boolean verify) {
    return new TransferConfig(null, POLICY, 4, -1, checksum, false, verify, RetryPolicy.builder().build(), null,
        TransferListener.NONE, System::nanoTime, 1024 * 1024);
  }
}
