package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Numbers the docs quote from the code or the build are the code's: the AWS SDK version (parent pom), the
 * moto version (the harness and {@code tools/setup-moto}), the cache limits' defaults ({@code
 * CachePolicy}) and the README's list of benchmarks that need moto. Source constants are read from the source text, because test-support sits below the
 * modules and cannot load their classes.
 */
class DocClaimsTest {

  private static final Path ROOT = MarkdownDocsTest.ROOT;

  @Test
  void sdkVersion_quotedInAnyDoc_isTheParentPomsVersion() throws IOException {
    String pom = Files.readString(ROOT.resolve("pom.xml"), StandardCharsets.UTF_8);
    String sdk = first(Pattern.compile("<aws\\.sdk\\.version>([^<]+)</aws\\.sdk\\.version>"), pom);

    List<String> quoted = quotes(Pattern.compile("(?<!Encryption )(?:\\bSDK|awssdk:bom`\\))\\s+\\**(\\d+\\.\\d+\\.\\d+)"));

    assertThat(quoted).hasSizeGreaterThanOrEqualTo(3).allSatisfy(q -> assertThat(q).endsWith(": " + sdk));
  }

  @Test
  void motoVersion_quotedInAnyDocAndTheSetUpScript_isTheHarnessVersion() throws IOException {
    Pattern moto = Pattern.compile("moto(?:\\[server\\]==|\\s+)\\**(\\d+\\.\\d+\\.\\d+)");
    List<String> quoted = quotes(moto);
    String script = Files.readString(ROOT.resolve(MotoPython.SETUP_SCRIPT), StandardCharsets.UTF_8);
    quoted.addAll(all(moto, script, "tools/setup-moto"));
    quoted.addAll(all(Pattern.compile("__version__ == \"(\\d+\\.\\d+\\.\\d+)\""), script, "tools/setup-moto"));

    assertThat(quoted).hasSizeGreaterThanOrEqualTo(6)
        .allSatisfy(q -> assertThat(q).endsWith(": " + MotoPython.MOTO_VERSION));
  }

  @Test
  void cacheGuide_limitDefaults_areCachePolicys() throws IOException {
    Path policy = ROOT.resolve("cache/src/main/java/dev/cirrus/cache/CachePolicy.java");
    String guide = Files.readString(ROOT.resolve("docs/guides/cache.md"), StandardCharsets.UTF_8);
    long maxUses = constant(policy, "MAX_USES_LIMIT");
    long maximumSize = constant(policy, "maximumSize");

    List<String> powers = all(Pattern.compile("(?:`maxUses` \\| |default and maximum )2\\^(\\d+)"), guide, "guide");
    List<String> sizes = all(Pattern.compile("(?:`maximumSize` \\| |entries; default )(\\d+)"), guide, "guide");

    assertThat(powers).hasSize(2).allSatisfy(p -> assertThat(1L << Integer.parseInt(value(p))).isEqualTo(maxUses));
    assertThat(sizes).hasSize(2).allSatisfy(s -> assertThat(Long.parseLong(value(s))).isEqualTo(maximumSize));
  }

  @Test
  void readme_motoBackedBenchmarks_areTheBenchmarksThatStartMoto() throws IOException {
    String readme = Files.readString(ROOT.resolve("README.md"), StandardCharsets.UTF_8);
    String named = first(Pattern.compile("selects a moto-backed benchmark \\(([^)]+)\\)"), readme);
    List<String> quoted = new ArrayList<>();
    Matcher m = Pattern.compile("`(\\w+Benchmark)`").matcher(named);
    while (m.find()) {
      quoted.add(m.group(1));
    }
    List<String> startMoto;
    try (Stream<Path> files = Files.walk(ROOT.resolve("benchmarks/src/main/java"))) {
      startMoto = files.filter(f -> f.getFileName().toString().endsWith("Benchmark.java"))
          .filter(f -> read(f).contains("MotoServer"))
          .map(f -> f.getFileName().toString().replace(".java", ""))
          .sorted()
          .collect(Collectors.toList());
    }

    assertThat(startMoto).isNotEmpty();
    assertThat(quoted).containsExactlyElementsOf(startMoto);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void constant_simpleExpressions_areEvaluatedLikeJava() throws IOException {
    Path source = Files.createTempFile("Constants", ".java");
    Files.writeString(source, "class C {\n  static final long A = 1L << 32;\n  private long b = 1_000;\n"
        + "  static final long C = 5L * 1024 * 1024 + 2 - 1;\n  static final long D = compute();\n}\n");

    assertThat(constant(source, "A")).isEqualTo(1L << 32);
    assertThat(constant(source, "b")).isEqualTo(1000);
    assertThat(constant(source, "C")).isEqualTo(5L * 1024 * 1024 + 1);
    assertThatThrownBy(() -> constant(source, "D"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("D = compute() in " + source + " is not a simple integer expression");
    assertThatThrownBy(() -> constant(source, "E"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no field E with an initializer in " + source);
  }

  /** Every match of {@code pattern}'s group 1 in every Markdown file, as "file: value". */
  private static List<String> quotes(Pattern pattern) throws IOException {
    List<String> out = new ArrayList<>();
    for (Path md : MarkdownDocsTest.markdownFiles(ROOT)) {
      out.addAll(all(pattern, Files.readString(md, StandardCharsets.UTF_8), ROOT.relativize(md).toString()));
    }
    return out;
  }

  private static List<String> all(Pattern pattern, String text, String where) {
    List<String> out = new ArrayList<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.add(where + ": " + m.group(1));
    }
    return out;
  }

  private static String first(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    assertThat(m.find()).as("%s found", pattern).isTrue();
    return m.group(1);
  }

  private static String value(String quote) {
    return quote.substring(quote.lastIndexOf(": ") + 2);
  }

  /** The value of a field initialised with integer literals joined by {@code * + - <<}. */
  static long constant(Path source, String field) throws IOException {
    String text = Files.readString(source, StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("\\b(?:long|int)\\s+" + Pattern.quote(field) + "\\s*=\\s*([^;]+);").matcher(text);
    if (!m.find()) {
      throw new IllegalArgumentException("no field " + field + " with an initializer in " + source);
    }
    String expr = m.group(1).trim();
    if (!expr.matches("[0-9_lL\\s*+<-]+")) {
      throw new IllegalArgumentException(field + " = " + expr + " in " + source + " is not a simple integer expression");
    }
    return shift(expr.replace("_", "").replaceAll("[lL]", ""));
  }

  private static long shift(String expr) {
    String[] parts = expr.split("<<");
    long v = sum(parts[0]);
    for (int i = 1; i < parts.length; i++) {
      v <<= sum(parts[i]);
    }
    return v;
  }

  private static long sum(String expr) {
    long v = 0;
    Matcher m = Pattern.compile("([+-]?)([^+-]+)").matcher(expr.replace(" ", ""));
    while (m.find()) {
      long term = 1;
      for (String factor : m.group(2).split("\\*")) {
        term *= Long.parseLong(factor);
      }
      v += m.group(1).equals("-") ? -term : term;
    }
    return v;
  }
}
