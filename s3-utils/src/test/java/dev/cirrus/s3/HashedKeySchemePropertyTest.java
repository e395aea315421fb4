package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class HashedKeySchemePropertyTest {

  @Test
  void logicalKey_ofKey_roundTrips() {
    HashedKeyScheme scheme = HashedKeyScheme.builder().categoryPrefix("logs/").widthChars(3).build();
    qt().withFixedSeed(11L).withExamples(2000)
        .forAll(strings().betweenCodePoints(0x20, 0xD7FF).ofLengthBetween(1, 100))
        .checkAssert(s -> assertThat(scheme.logicalKey(scheme.key(s + "\uD83D\uDE00"))).isEqualTo(s + "\uD83D\uDE00"));
  }

  @Test
  void key_anyWidthAndAlphabet_prefixIsStableAndListed() {
    qt().withFixedSeed(12L).withExamples(500)
        .forAll(strings().ascii().ofLengthBetween(1, 64), integers().between(1, 3), integers().between(0, 1))
        .checkAssert((s, width, alpha) -> {
          HashedKeyScheme scheme = HashedKeyScheme.builder().widthChars(width)
              .alphabet(PrefixAlphabet.values()[alpha]).build();
          String prefix = scheme.hashPrefix(s);
          assertThat(HashedKeyScheme.builder().widthChars(width).alphabet(PrefixAlphabet.values()[alpha]).build()
              .hashPrefix(s)).isEqualTo(prefix);
          assertThat(scheme.listingPrefixes()).contains(prefix + "/");
        });
  }

  @Test
  void hashPrefix_frozenVectors_neverChange() {
    HashedKeyScheme fnv = HashedKeyScheme.builder().hash(KeyHash.FNV1A64_MIX).build();
    assertThat(HashedKeyScheme.builder().build().key("2024/01/05/host-1.gz")).isEqualTo("ce/2024/01/05/host-1.gz");
    HashedKeyScheme md5 = HashedKeyScheme.builder().hash(KeyHash.MD5).widthChars(4).build();
    assertThat(fnv.key("2024/01/05/host-1.gz")).isEqualTo("1d/2024/01/05/host-1.gz");
    assertThat(md5.key("abc")).isEqualTo("9001/abc");
    assertThat(HashedKeyScheme.builder().alphabet(PrefixAlphabet.BASE32).widthChars(2).hash(KeyHash.MD5).build()
        .hashPrefix("abc")).isEqualTo("i0");
  }

  @Test
  void hashPrefix_100kSequentialKeys_chiSquareUniform() {
    for (KeyHash hash : KeyHash.values()) {
      HashedKeyScheme scheme = HashedKeyScheme.builder().hash(hash).widthChars(2).build();
      int buckets = 256;
      int n = 100_000;
      long[] counts = new long[buckets];
      for (int i = 0; i < n; i++) {
        counts[Integer.parseInt(scheme.hashPrefix("orders/2024/" + i), 16)]++;
      }
      double expected = (double) n / buckets;
      double chi = 0;
      for (long c : counts) {
        chi += (c - expected) * (c - expected) / expected;
      }
      // 255 degrees of freedom: the 0.999 quantile is 330.5, the 0.001 quantile 190.9.
      assertThat(chi).as("chi-square of %s", hash).isBetween(190.9, 330.5);
    }
  }

  @Test
  void hashPrefix_randomKeysBase32_chiSquareUniform() {
    HashedKeyScheme scheme = HashedKeyScheme.builder().alphabet(PrefixAlphabet.BASE32).widthChars(1).build();
    SplittableRandom random = new SplittableRandom(5);
    long[] counts = new long[32];
    int n = 64_000;
    for (int i = 0; i < n; i++) {
      counts[PrefixAlphabet.BASE32.symbols().indexOf(scheme.hashPrefix(Long.toString(random.nextLong(), 36)))]++;
    }
    double chi = 0;
    for (long c : counts) {
      chi += (c - n / 32.0) * (c - n / 32.0) / (n / 32.0);
    }
    // 31 degrees of freedom: 0.999 quantile 61.1.
    assertThat(chi).isLessThan(61.1);
  }

  @Test
  void listingPrefixes_width2Hex_are256InOrderWithCategory() {
    HashedKeyScheme scheme = HashedKeyScheme.builder().categoryPrefix("img/").build();
    assertThat(scheme.listingPrefixes()).hasSize(256).startsWith("img/00/", "img/01/").endsWith("img/ff/")
        .isSorted();
  }

  @Test
  void logicalKey_wrongHashPrefix_throwsIllegalArgument() {
    HashedKeyScheme scheme = HashedKeyScheme.builder().build();
    assertThatThrownBy(() -> scheme.logicalKey("00/2024/01/05/host-1.gz"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("storedKey hash prefix must be \"ce\" for logical key \"2024/01/05/host-1.gz\", was \"00\"");
  }

  @Test
  void logicalKey_wrongCategory_throwsIllegalArgument() {
    HashedKeyScheme scheme = HashedKeyScheme.builder().categoryPrefix("logs/").build();
    assertThatThrownBy(() -> scheme.logicalKey("img/1d/x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("storedKey must look like \"logs/<2 chars>/<logical key>\", was \"img/1d/x\"");
  }

  @Test
  void build_widthBeyondAlphabet_throwsIllegalArgument() {
    assertThatThrownBy(() -> HashedKeyScheme.builder().alphabet(PrefixAlphabet.BASE32).widthChars(13).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("widthChars must be between 1 and 12 for BASE32, was 13");
    assertThatThrownBy(() -> HashedKeyScheme.builder().widthChars(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("widthChars must be between 1 and 16, was 0");
  }

  @Test
  void key_tooLong_throwsIllegalArgument() {
    HashedKeyScheme scheme = HashedKeyScheme.builder().build();
    assertThatThrownBy(() -> scheme.key("a".repeat(1022)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key must be at most 1024 UTF-8 bytes, was 1025");
  }

  @Test
  void key_null_throwsNullPointer() {
    assertThatThrownBy(() -> HashedKeyScheme.builder().build().key(null))
        .isInstanceOf(NullPointerException.class).hasMessage("logicalKey");
  }
}
