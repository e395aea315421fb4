package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class KeyHashPropertyTest {

  /** A direct transcription of the documented definition, over String.getBytes. */
  private static long reference(String key) {
    long h = 0xcbf29ce484222325L;
    for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
      h = (h ^ (b & 0xff)) * 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  @Test
  void fnv_anyString_matchesDocumentedDefinitionOverUtf8Bytes() {
    qt().withFixedSeed(7L).withExamples(2000)
        .forAll(strings().allPossible().ofLengthBetween(0, 40))
        .checkAssert(s -> assertThat(KeyHash.FNV1A64_MIX.hash64(s)).isEqualTo(reference(s)));
    qt().withFixedSeed(8L).withExamples(2000)
        .forAll(strings().basicMultilingualPlaneAlphabet().ofLengthBetween(0, 40))
        .checkAssert(s -> assertThat(KeyHash.FNV1A64_MIX.hash64(s)).isEqualTo(reference(s)));
  }

  @Test
  void hash64_knownVectors_neverChange() {
    assertThat(Long.toHexString(KeyHash.MD5.hash64(""))).isEqualTo("d41d8cd98f00b204");
    assertThat(Long.toHexString(KeyHash.MD5.hash64("abc"))).isEqualTo("900150983cd24fb0");
    assertThat(Long.toHexString(KeyHash.FNV1A64_MIX.hash64(""))).isEqualTo(Long.toHexString(reference("")));
    assertThat(Long.toHexString(KeyHash.FNV1A64_MIX.hash64("2024/01/05/host-1.gz")))
        .isEqualTo("1df10f969f40fa87");
  }
}
