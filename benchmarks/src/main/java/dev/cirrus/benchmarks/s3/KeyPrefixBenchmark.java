package dev.cirrus.benchmarks.s3;

import dev.cirrus.s3.HashedKeyScheme;
import dev.cirrus.s3.KeyHash;
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
 * Nanoseconds to derive the hash prefix of a 64-byte logical key ({@code hashPrefix}) and to build the whole
 * stored key ({@code key}: prefix, separator, key, and the 1,024-byte/XML validation), for each {@link KeyHash}:
 * {@code hash=WORD64_MIX} (Cirrus' default), {@code hash=FNV1A64_MIX} and {@code hash=MD5} (the classic guidance). Target: at most
 * 100 ns for {@code hashPrefix} with the default hash. Keys rotate through 1,024 distinct ASCII strings so the
 * JIT cannot fold the hash.
 *
 * <p>Recorded run (alone on the machine):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.s3.KeyPrefixBenchmark' \
 *     -f 1 -wi 5 -w 2s -i 5 -r 2s -prof gc -rf json -rff benchmarks/target/jmh-s3-keyprefix.json
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class KeyPrefixBenchmark {
  @Param({"WORD64_MIX", "FNV1A64_MIX", "MD5"})
  public String hash;

  private HashedKeyScheme scheme;
  private final String[] keys = new String[1024];
  private int next;

  @Setup
  public void setUp() {
    scheme = HashedKeyScheme.builder().hash(KeyHash.valueOf(hash)).widthChars(4).categoryPrefix("logs/").build();
    for (int i = 0; i < keys.length; i++) {
      String k = String.format("tenant-%04d/2024/11/26/host-%03d/events-%020d.json.gz", i, i % 97, i * 7919L);
      keys[i] = k.substring(0, 64);
    }
  }

  @Benchmark
  public String hashPrefix() {
    return scheme.hashPrefix(keys[next++ & 1023]);
  }

  @Benchmark
  public String key() {
    return scheme.key(keys[next++ & 1023]);
  }
}
