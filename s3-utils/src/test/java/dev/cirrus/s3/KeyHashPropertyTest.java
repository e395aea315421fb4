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

  /** A direct transcription of the documented WORD64_MIX definition, over String.getBytes. */
  private static long referenceWord(String key) {
    byte[] b = key.getBytes(StandardCharsets.UTF_8);
    long h = 0x9e3779b97f4a7c15L;
    for (int i = 0; i < b.length; i += 8) {
      long w = 0;
      for (int k = 0; k < 8 && i + k < b.length; k++) {
        w |= (b[i + k] & 0xffL) << (8 * k);
      }
      w *= 0xff51afd7ed558ccdL;
      w ^= w >>> 32;
      h = Long.rotateLeft(h ^ w, 29) * 0xc4ceb9fe1a85ec53L;
    }
    h ^= b.length;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  @Test
  void word64_anyString_matchesDocumentedDefinitionOverUtf8Bytes() {
    qt().withFixedSeed(9L).withExamples(3000)
        .forAll(strings().allPossible().ofLengthBetween(0, 40))
        .checkAssert(s -> assertThat(KeyHash.WORD64_MIX.hash64(s)).isEqualTo(referenceWord(s)));
    qt().withFixedSeed(10L).withExamples(3000)
        .forAll(strings().ascii().ofLengthBetween(0, 80))
        .checkAssert(s -> assertThat(KeyHash.WORD64_MIX.hash64(s + "é" + s)).isEqualTo(referenceWord(s + "é" + s)));
  }

  @Test
  void word64_trailingZeroByte_differs() {
    assertThat(KeyHash.WORD64_MIX.hash64("a")).isNotEqualTo(KeyHash.WORD64_MIX.hash64("a\u0000"));
    assertThat(KeyHash.WORD64_MIX.hash64("")).isNotEqualTo(KeyHash.WORD64_MIX.hash64("\u0000"));
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
    assertThat(Long.toHexString(KeyHash.WORD64_MIX.hash64("2024/01/05/host-1.gz")))
        .isEqualTo("ce1ce71253866877");
  }
}
