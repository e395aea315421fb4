package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

import dev.cirrus.dynamo.internal.ShardHash;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class WriteShardingPropertyTest {
  private static final long SEED = 0x5A4D_2026L;
  /** Chi-square critical value for 99 degrees of freedom at p = 0.001. */
  private static final double CHI2_99_P001 = 148.23;
  private static final int IDS = 100_000;

  @Test
  void shardFor_alwaysInRange_andDeterministic() {
    qt().withFixedSeed(SEED).withExamples(2000)
        .forAll(strings().allPossible().ofLengthBetween(0, 30), integers().between(1, 5000))
        .checkAssert((id, n) -> {
          WriteSharding a = WriteSharding.calculated(n);
          WriteSharding b = WriteSharding.builder().shardCount(n).build();
          int shard = a.shardFor(id);
          assertThat(shard).isBetween(0, n - 1).isEqualTo(b.shardFor(id));
          assertThat(a.shardOfKey(a.writeKey("base", id))).isEqualTo(shard);
          int compat = WriteSharding.productOfCodePointsCompatibility(n).shardFor(id);
          assertThat(compat).isBetween(0, n - 1);
        });
  }

  @Test
  void hash64_inlineUtf8_equalsHashOfEncodedBytes() {
    qt().withFixedSeed(SEED).withExamples(2000).forAll(strings().allPossible().ofLengthBetween(0, 20))
        .checkAssert(s -> assertThat(ShardHash.hash64(s)).isEqualTo(referenceHash(s.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void randomShard_alwaysInRange() {
    WriteSharding s = WriteSharding.random(7);
    for (int i = 0; i < 10_000; i++) {
      assertThat(s.randomShard()).isBetween(0, 6);
    }
  }

  @Test
  void calculated_sequentialIds_uniformByChiSquare() {
    assertThat(chiSquare(WriteSharding.calculated(100), i -> "order-" + i)).isLessThan(CHI2_99_P001);
  }

  @Test
  void calculated_randomIds_uniformByChiSquare() {
    SplittableRandom r = new SplittableRandom(SEED);
    assertThat(chiSquare(WriteSharding.calculated(100), i -> Long.toHexString(r.nextLong()))).isLessThan(CHI2_99_P001);
  }

  @Test
  void random_uniformByChiSquare() {
    WriteSharding s = WriteSharding.builder().shardCount(100).strategy(ShardStrategy.RANDOM)
        .random(new SplittableRandom(SEED)).build();
    int[] counts = new int[100];
    for (int i = 0; i < IDS; i++) {
      counts[s.randomShard()]++;
    }
    assertThat(statistic(counts)).isLessThan(CHI2_99_P001);
  }

  /** The compatibility formula is skewed: with 200 shards most sequential order ids land in shard 0. */
  @Test
  void productOfCodePoints_sequentialIds_demonstrablySkewed() {
    WriteSharding compat = WriteSharding.productOfCodePointsCompatibility(200);
    int[] counts = new int[200];
    for (int i = 0; i < IDS; i++) {
      counts[compat.shardFor("order-" + i)]++;
    }
    int used = 0;
    for (int c : counts) {
      used += c > 0 ? 1 : 0;
    }
    assertThat(counts[0]).isGreaterThan(IDS / 2);
    assertThat(used).isLessThan(200);
    assertThat(statistic(counts)).isGreaterThan(100 * CHI2_99_P001);
  }

  private static double chiSquare(WriteSharding s, IntFunction<String> ids) {
    int[] counts = new int[s.shardCount()];
    for (int i = 0; i < IDS; i++) {
      counts[s.shardFor(ids.apply(i))]++;
    }
    return statistic(counts);
  }

  private static double statistic(int[] counts) {
    double expected = (double) IDS / counts.length;
    double x2 = 0;
    for (int c : counts) {
      x2 += (c - expected) * (c - expected) / expected;
    }
    return x2;
  }

  private static long referenceHash(byte[] bytes) {
    long h = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      h ^= b & 0xFF;
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }
}
