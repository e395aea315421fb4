package dev.cirrus.benchmarks.dynamo;

import dev.cirrus.dynamo.WriteSharding;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Calculated shard of a 36-character order id (target at most 100 ns/op). {@code impl=calculated} is Cirrus'
 * stable FNV-1a/fmix64 hash mod 200; {@code impl=productOfCodePoints} is the skewed AWS-guide formula;
 * {@code impl=stringHashCode} is {@code Math.floorMod(id.hashCode(), 200)} as a baseline (fast but cached per
 * String instance after the first call and not documented as stable, hence not used by Cirrus); ids rotate over
 * 1,024 distinct fresh strings so the hashCode cache is what a real request sees only once per id.
 *
 * <p>Recorded run (alone on the machine):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.dynamo.ShardSuffixBenchmark' \
 *     -f 1 -wi 5 -w 1s -i 5 -r 1s -rf json -rff benchmarks/target/jmh-dynamo-shard.json
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ShardSuffixBenchmark {

  @Param({"calculated", "productOfCodePoints", "stringHashCode"})
  public String impl;

  private final String[] ids = new String[1024];
  private WriteSharding sharding;
  private int i;

  @Setup
  public void setup() {
    for (int k = 0; k < ids.length; k++) {
      ids[k] = java.util.UUID.nameUUIDFromBytes(new byte[] {(byte) k, (byte) (k >> 8)}).toString();
    }
    sharding = switch (impl) {
      case "calculated" -> WriteSharding.calculated(200);
      case "productOfCodePoints" -> WriteSharding.productOfCodePointsCompatibility(200);
      default -> null;
    };
  }

  @Benchmark
  public int shard() {
    String id = ids[i++ & 1023];
    return sharding == null ? Math.floorMod(id.hashCode(), 200) : sharding.shardFor(id);
  }
}
