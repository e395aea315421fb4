package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WriteShardingTest {

  /** Frozen outputs: a change here changes users' data layout and MUST NOT happen. */
  @ParameterizedTest(name = "{0} -> shard {1} of 100")
  @CsvSource({"'', 42", "order-1, 57", "order-2, 43", "user#42, 47", "\u00e9t\u00e9, 19", "\uD83D\uDE00, 38"})
  void shardFor_goldenValues_stableAcrossReleases(String id, int shard) {
    assertThat(WriteSharding.calculated(100).shardFor(id)).isEqualTo(shard);
  }

  @Test
  void writeKey_calculated_baseSeparatorSuffix() {
    WriteSharding s = WriteSharding.calculated(100);
    assertThat(s.writeKey("2026-11-26", "order-1")).isEqualTo("2026-11-26#57");
    assertThat(s.shardOfKey("2026-11-26#57")).isEqualTo(57);
  }

  @Test
  void productOfCodePoints_matchesAwsFormula() {
    WriteSharding s = WriteSharding.productOfCodePointsCompatibility(200);
    assertThat(s.shardFor("ab")).isEqualTo((97 * 98) % 200);
    assertThat(s.writeKey("2026-01-01", "ab")).isEqualTo("2026-01-01#" + ((97 * 98) % 200 + 1));
  }

  @Test
  void random_usesInjectedGenerator() {
    WriteSharding s = WriteSharding.builder().shardCount(10).strategy(ShardStrategy.RANDOM)
        .random(new SplittableRandom(7)).separator("_").build();
    int expected = new SplittableRandom(7).nextInt(10);
    assertThat(s.writeKey("hot", null)).isEqualTo("hot_" + expected);
  }

  @Test
  void shardFor_randomStrategy_rejected() {
    assertThatThrownBy(() -> WriteSharding.random(4).shardFor("x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("shardFor needs a CALCULATED or PRODUCT_OF_CODE_POINTS strategy; RANDOM shards cannot be recomputed");
  }

  @Test
  void allKeys_everyShardInOrder() {
    assertThat(WriteSharding.builder().shardCount(3).firstSuffix(1).build().allKeys("k"))
        .containsExactly("k#1", "k#2", "k#3");
  }

  @Test
  void shardCount_lessThanOne_rejected() {
    assertThatThrownBy(() -> WriteSharding.calculated(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("shardCount must be between 1 and 1000000, was 0");
    assertThatThrownBy(() -> WriteSharding.random(-3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("shardCount must be between 1 and 1000000, was -3");
    assertThatThrownBy(() -> WriteSharding.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("shardCount must be set");
  }

  @Test
  void key_shardOutOfRange_rejected() {
    assertThatThrownBy(() -> WriteSharding.calculated(10).key("k", 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("shard must be between 0 and 9, was 10");
  }

  @Test
  void key_longerThan2048Bytes_rejected() {
    WriteSharding s = WriteSharding.calculated(10);
    assertThat(s.key("k".repeat(2046), 3)).hasSize(2048);
    assertThatThrownBy(() -> s.key("k".repeat(2047), 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sharded partition key must be at most 2048 UTF-8 bytes, was 2049");
  }

  @Test
  void separator_emptyOrDigits_rejected() {
    assertThatThrownBy(() -> WriteSharding.builder().separator(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("separator must be non-empty and contain no digits, was ''");
    assertThatThrownBy(() -> WriteSharding.builder().separator("-1-"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("separator must be non-empty and contain no digits, was '-1-'");
  }

  @Test
  void shardOfKey_foreignKey_rejected() {
    assertThatThrownBy(() -> WriteSharding.calculated(10).shardOfKey("k#10"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'k#10' does not end with '#' and a suffix between 0 and 9");
  }
}
