package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class KeyLayoutsTest {

  @Test
  void reversedId_sequentialIds_differInFirstCharacter() {
    assertThat(KeyLayouts.reversedId("1000417")).isEqualTo("7140001");
    assertThat(KeyLayouts.reversedId("1000418")).isEqualTo("8140001");
    assertThat(KeyLayouts.reversedId("a😀b")).isEqualTo("b😀a");
  }

  @Test
  void reversedTimestamp_knownInstant_isPaddedAndReversed() {
    assertThat(KeyLayouts.reversedTimestamp(Instant.ofEpochMilli(1_700_000_000_123L))).isEqualTo("3210000000071");
    assertThat(KeyLayouts.reversedTimestamp(Instant.EPOCH)).isEqualTo("0000000000000");
  }

  @Test
  void inverses_anyInput_roundTrip() {
    qt().withFixedSeed(3L).forAll(longs().between(0, 9_999_999_999_999L)).checkAssert(ms ->
        assertThat(KeyLayouts.timestampFromReversed(KeyLayouts.reversedTimestamp(Instant.ofEpochMilli(ms))))
            .isEqualTo(Instant.ofEpochMilli(ms)));
    qt().withFixedSeed(4L).forAll(strings().basicLatinAlphabet().ofLengthBetween(1, 30)).checkAssert(id ->
        assertThat(KeyLayouts.idFromReversed(KeyLayouts.reversedId(id))).isEqualTo(id));
  }

  @Test
  void reversedTimestamp_outOfRange_throwsIllegalArgument() {
    assertThatThrownBy(() -> KeyLayouts.reversedTimestamp(Instant.ofEpochMilli(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("timestamp must be between 1970-01-01T00:00:00Z and 2286-11-20T17:46:39.999Z, was "
            + "1969-12-31T23:59:59.999Z");
  }

  @Test
  void timestampFromReversed_notDigits_throwsIllegalArgument() {
    assertThatThrownBy(() -> KeyLayouts.timestampFromReversed("12a"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("reversed must be exactly 13 ASCII digits, was \"12a\"");
  }

  @Test
  void reversedId_empty_throwsIllegalArgument() {
    assertThatThrownBy(() -> KeyLayouts.reversedId("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("id must not be empty");
  }
}
