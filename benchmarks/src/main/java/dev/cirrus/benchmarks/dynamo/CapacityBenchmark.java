package dev.cirrus.benchmarks.dynamo;

import dev.cirrus.dynamo.CapacityCalculator;
import dev.cirrus.dynamo.ItemSize;
import dev.cirrus.dynamo.ReadConsistency;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Read capacity of one Query page of 100 items. {@code input=sizes}: from 100 known item sizes (the rule and its
 * description string included); {@code input=items}: sizing the 100 typical ~1 KB items first, as a client
 * estimating a page it just received would.
 *
 * <p>Recorded run (alone on the machine):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.dynamo.CapacityBenchmark' \
 *     -f 1 -wi 5 -w 1s -i 5 -r 1s -prof gc -rf json -rff benchmarks/target/jmh-dynamo-capacity.json
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class CapacityBenchmark {

  @Param({"sizes", "items"})
  public String input;

  private long[] sizes;
  private List<Map<String, AttributeValue>> items;

  @Setup
  public void setup() {
    SplittableRandom r = new SplittableRandom(7);
    sizes = new long[100];
    for (int i = 0; i < sizes.length; i++) {
      sizes[i] = 200 + r.nextInt(3000);
    }
    items = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      items.add(ItemSizeBenchmark.typicalItem());
    }
  }

  @Benchmark
  public double queryPage100() {
    long[] page = sizes;
    if ("items".equals(input)) {
      page = new long[items.size()];
      for (int i = 0; i < page.length; i++) {
        page[i] = ItemSize.itemSizeBytes(items.get(i));
      }
    }
    return CapacityCalculator.query(ReadConsistency.EVENTUAL, page).readUnits();
  }
}
