package dev.cirrus.benchmarks.dynamo;

import dev.cirrus.dynamo.ItemSize;
import dev.cirrus.dynamo.ItemValidator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Size of a typical ~1 KB item with a nested map and list (target: {@code size} at most 1 us/op), and the cost of
 * full validation of the same item. {@code mode=size} is {@code ItemSize.itemSizeBytes}; {@code mode=validate} is
 * {@code ItemValidator.validateItem} (key checks, set duplicates, nesting, the 400 KB limit).
 *
 * <p>Recorded run (alone on the machine):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.dynamo.ItemSizeBenchmark' \
 *     -f 1 -wi 5 -w 1s -i 5 -r 1s -prof gc -rf json -rff benchmarks/target/jmh-dynamo-itemsize.json
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class ItemSizeBenchmark {

  @Param({"size", "validate"})
  public String mode;

  private Map<String, AttributeValue> item;
  private ItemValidator validator;

  /** A ~1 KB order (1,035 bytes): scalar attributes, a nested address map, a list of 5 line-item maps, a string set. */
  static Map<String, AttributeValue> typicalItem() {
    Map<String, AttributeValue> item = new LinkedHashMap<>();
    item.put("pk", AttributeValue.fromS("CUSTOMER#4711"));
    item.put("sk", AttributeValue.fromS("ORDER#2026-11-26T14:03:11Z#0001"));
    item.put("status", AttributeValue.fromS("SHIPPED"));
    item.put("total", AttributeValue.fromN("1234.56"));
    item.put("currency", AttributeValue.fromS("EUR"));
    item.put("gift", AttributeValue.fromBool(false));
    item.put("note", AttributeValue.fromS("Bitte beim Nachbarn abgeben, falls niemand zu Hause ist. Danke schön!"));
    item.put("address", AttributeValue.fromM(Map.of(
        "street", AttributeValue.fromS("Hauptstraße 12"),
        "city", AttributeValue.fromS("München"),
        "zip", AttributeValue.fromS("80331"),
        "country", AttributeValue.fromS("DE"),
        "geo", AttributeValue.fromL(List.of(AttributeValue.fromN("48.137154"), AttributeValue.fromN("11.576124"))))));
    List<AttributeValue> lines = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      lines.add(AttributeValue.fromM(Map.of(
          "sku", AttributeValue.fromS("SKU-" + (100_000 + i * 7919)),
          "title", AttributeValue.fromS("Product title number " + i + " with some descriptive words"),
          "qty", AttributeValue.fromN(Integer.toString(i + 1)),
          "price", AttributeValue.fromN("19.99"),
          "discount", AttributeValue.fromNul(true))));
    }
    item.put("lines", AttributeValue.fromL(lines));
    item.put("tags", AttributeValue.fromSs(List.of("priority", "fragile", "eu")));
    item.put("checksum", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[32])));
    item.put("instructions", AttributeValue.fromS("Leave at the back door; ring twice. ".repeat(6)));
    return item;
  }

  @Setup
  public void setup() {
    item = typicalItem();
    validator = ItemValidator.forTable("pk", "sk");
  }

  @Benchmark
  public long itemSize() {
    return "size".equals(mode) ? ItemSize.itemSizeBytes(item) : validator.validateItem(item);
  }
}
