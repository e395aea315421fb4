package dev.cirrus.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownloadSessionTest {
  @Test
  void totalSize_contentRangeGiven_isTheNumberAfterTheSlash() {
    assertThat(DownloadSession.totalSize("bytes 0-8388607/268435456", 8388608)).isEqualTo(268435456L);
    assertThat(DownloadSession.totalSize("bytes 0--1/0", 0)).isZero();
  }

  @Test
  void totalSize_noContentRangeOrUnknownTotal_isTheContentLength() {
    assertThat(DownloadSession.totalSize(null, 1234)).isEqualTo(1234L);
    assertThat(DownloadSession.totalSize("bytes 0-9/*", 10)).isEqualTo(10L);
    assertThat(DownloadSession.totalSize("bytes 0-9/", 10)).isEqualTo(10L);
  }

  @Test
  void totalSize_malformedTotal_isMinusOne() {
    assertThat(DownloadSession.totalSize("bytes 0-9/ten", 10)).isEqualTo(-1L);
  }
}
