package dev.cirrus.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.s3.DownloadFailedException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * Regression (found by DownloadLayoutFuzzTest): a Content-Range total of about 5.5E17 bytes made the range count,
 * computed in long and cast to int, wrap to a wrong or negative number of ranges instead of failing.
 */
class DownloadLayoutRangeCountTest {
  private static final long MIB = 1024 * 1024;

  private static GetObjectResponse part1(long length, String contentRange) {
    return GetObjectResponse.builder().contentLength(length).contentRange(contentRange).eTag("\"e\"").build();
  }

  @Test
  void of_totalNeedingMoreRangesThanAnInt_failsTheDownload() {
    GetObjectResponse resp = part1(5 * MIB, "bytes 0-5242879/549755813810410880");

    assertThatThrownBy(() -> DownloadLayout.of(resp, 8 * MIB, "bucket", "key"))
        .isInstanceOf(DownloadFailedException.class)
        .hasMessageContaining("ranges of 8388608 bytes");
  }

  @Test
  void of_largestS3Object_isLaidOutInRangesCoveringIt() {
    long fiveTiB = 5L << 40;
    DownloadLayout l = DownloadLayout.of(part1(8 * MIB, "bytes 0-8388607/" + fiveTiB), 8 * MIB, "bucket", "key");

    assertThat(l.ranges).isEqualTo(655_360);
    assertThat(l.firstLength + (l.ranges - 1L) * l.rangeSize).isEqualTo(fiveTiB);
  }
}
