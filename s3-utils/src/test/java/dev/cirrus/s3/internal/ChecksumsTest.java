package dev.cirrus.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChecksumsTest {

  @Test
  void crc_knownVectors_matchS3Encoding() {
    byte[] data = "123456789".getBytes(StandardCharsets.UTF_8);
    // CRC32C("123456789") = 0xE3069283, CRC32 = 0xCBF43926 (the standard check values)
    assertThat(Checksums.base64(Checksums.crc("CRC32C", data, 0, data.length))).isEqualTo("4waSgw==");
    assertThat(Checksums.base64(Checksums.crc("CRC32", data, 0, data.length))).isEqualTo("y/Q5Jg==");
  }

  @Test
  void composite_twoParts_isChecksumOfChecksumsWithCount() {
    byte[] a = Checksums.crc("CRC32C", new byte[] {1}, 0, 1);
    byte[] b = Checksums.crc("CRC32C", new byte[] {2}, 0, 1);
    byte[] joined = new byte[8];
    System.arraycopy(a, 0, joined, 0, 4);
    System.arraycopy(b, 0, joined, 4, 4);
    String expected = Checksums.base64(Checksums.crc("CRC32C", joined, 0, 8)) + "-2";
    assertThat(Checksums.composite("CRC32C", new byte[][] {a, b})).isEqualTo(expected);
  }
}
