package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Evaluates every row of the rounding-rules table in {@code docs/guides/dynamo.md} against
 * {@link CapacityCalculator}, and fails if an operation has no row.
 */
class CapacityRoundingTableTest {
  private static final Path GUIDE = Path.of("..", "docs", "guides", "dynamo.md");
  private static final Pattern ROW = Pattern.compile(
      "^\\| ([^|]+) \\| ([^|]+) \\| `(\\w+)\\((.*)\\)` \\| ([0-9.]+) (RCU|WCU) \\|$");

  @Test
  void guideTable_everyRow_matchesCalculator() throws IOException {
    List<Matcher> rows = rows();
    assertThat(rows).hasSizeGreaterThanOrEqualTo(16);
    for (Matcher row : rows) {
      CapacityEstimate e = evaluate(row.group(3), arguments(row.group(4)));
      double units = row.group(6).equals("RCU") ? e.readUnits() : e.writeUnits();
      assertThat(units).as("row '%s': %s", row.group(1), e.rule()).isEqualTo(Double.parseDouble(row.group(5)));
    }
  }

  @Test
  void guideTable_everyCalculatorOperation_hasARow() throws IOException {
    Set<String> documented = new TreeSet<>();
    for (Matcher row : rows()) {
      documented.add(row.group(3));
    }
    Set<String> operations = new TreeSet<>();
    for (Method m : CapacityCalculator.class.getMethods()) {
      if (Modifier.isStatic(m.getModifiers()) && m.getReturnType() == CapacityEstimate.class) {
        operations.add(m.getName());
      }
    }
    assertThat(documented).containsAll(operations);
  }

  @Test
  void evaluate_rowWithWrongUnits_wouldFail() {
    Matcher row = ROW.matcher("| GetItem | x | `getItem(5000, STRONG)` | 1.0 RCU |");
    assertThat(row.matches()).isTrue();
    assertThat(evaluate(row.group(3), arguments(row.group(4))).readUnits()).isNotEqualTo(1.0);
  }

  private static List<Matcher> rows() throws IOException {
    List<Matcher> rows = new ArrayList<>();
    for (String line : Files.readAllLines(GUIDE)) {
      Matcher m = ROW.matcher(line);
      if (m.matches()) {
        rows.add(m);
      }
    }
    return rows;
  }

  /** Splits {@code a, [b, c], null} into its top-level arguments. */
  private static List<String> arguments(String text) {
    List<String> args = new ArrayList<>();
    int depth = 0;
    StringBuilder current = new StringBuilder();
    for (char c : text.toCharArray()) {
      depth += c == '[' ? 1 : c == ']' ? -1 : 0;
      if (c == ',' && depth == 0) {
        args.add(current.toString().trim());
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    args.add(current.toString().trim());
    return args;
  }

  private static CapacityEstimate evaluate(String op, List<String> a) {
    return switch (op) {
      case "getItem" -> CapacityCalculator.getItem(num(a.get(0)), ReadConsistency.valueOf(a.get(1)));
      case "batchGetItem" -> CapacityCalculator.batchGetItem(ReadConsistency.valueOf(a.get(0)), sizes(a, 1));
      case "query" -> CapacityCalculator.query(ReadConsistency.valueOf(a.get(0)), sizes(a, 1));
      case "scan" -> CapacityCalculator.scan(ReadConsistency.valueOf(a.get(0)), sizes(a, 1));
      case "globalIndexQuery" -> CapacityCalculator.globalIndexQuery(ReadConsistency.valueOf(a.get(0)), sizes(a, 1));
      case "localIndexQuery" -> CapacityCalculator.localIndexQuery(ReadConsistency.valueOf(a.get(0)),
          array(a.get(1)), a.get(2).equals("null") ? null : array(a.get(2)));
      case "transactGetItems" -> CapacityCalculator.transactGetItems(sizes(a, 0));
      case "putItem" -> CapacityCalculator.putItem(num(a.get(0)), num(a.get(1)), WriteMode.valueOf(a.get(2)));
      case "updateItem" -> CapacityCalculator.updateItem(num(a.get(0)), num(a.get(1)), WriteMode.valueOf(a.get(2)));
      case "deleteItem" -> CapacityCalculator.deleteItem(num(a.get(0)), WriteMode.valueOf(a.get(1)));
      case "failedConditionalWrite" -> CapacityCalculator.failedConditionalWrite(num(a.get(0)));
      case "batchWriteItem" -> CapacityCalculator.batchWriteItem(sizes(a, 0));
      case "transactWriteItems" -> CapacityCalculator.transactWriteItems(sizes(a, 0));
      case "globalIndexWrite" -> a.size() == 3
          ? CapacityCalculator.globalIndexWrite(num(a.get(0)), num(a.get(1)), Boolean.parseBoolean(a.get(2)))
          : CapacityCalculator.globalIndexWrite(num(a.get(0)), num(a.get(1)), Boolean.parseBoolean(a.get(2)),
              Boolean.parseBoolean(a.get(3)));
      default -> throw new AssertionError("no evaluator for " + op);
    };
  }

  private static long num(String s) {
    return Long.parseLong(s);
  }

  private static long[] sizes(List<String> a, int from) {
    return a.subList(from, a.size()).stream().mapToLong(Long::parseLong).toArray();
  }

  private static long[] array(String bracketed) {
    String inner = bracketed.substring(1, bracketed.length() - 1);
    return Arrays.stream(inner.split(",")).map(String::trim).mapToLong(Long::parseLong).toArray();
  }
}
