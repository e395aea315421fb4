package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.LineMap;
import com.sun.source.tree.MethodTree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.SourcePositions;
import com.sun.source.util.TreeScanner;
import com.sun.source.util.Trees;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The size rules of {@code CONTRIBUTING.md} hold for every main-code Java file of every module: no file over
 * {@value #MAX_FILE_LINES} lines and no method or constructor over {@value #MAX_METHOD_LINES} lines, counted
 * from its first line (annotations included) to its closing brace. Methods are found by the JDK's own parser (the compiler tree API),
 * so strings, comments and lambdas cannot fool the count. What breaks the rules today is recorded, with its
 * size, in {@value #DEBT}: a new breach, a recorded one that grows, or a recorded one that no longer breaks
 * the rules (so its line must go) fails the test; the list can only shrink.
 */
class SourceShapeTest {

  static final int MAX_FILE_LINES = 500;
  static final int MAX_METHOD_LINES = 60;

  private static final Path ROOT = MarkdownDocsTest.ROOT;
  /** Known debt, one "FILE path: lines" or "METHOD path name: lines" per line; it may only shrink. */
  private static final String DEBT = "/source-shape-debt.txt";
  private static final Pattern REPORT = Pattern.compile("(.+):\\d+ (\\S+): (\\d+) lines");

  @Test
  void mainSources_filesAndMethodsOverTheLimits_areExactlyTheRecordedDebt() throws IOException {
    List<Path> files = mainSources(ROOT);
    assertThat(files).as("main sources found under %s", ROOT).hasSizeGreaterThan(100);
    Map<String, Long> found = new TreeMap<>();
    found.putAll(longFiles(files));
    found.putAll(spans(longMethods(files)));
    Map<String, Long> debt = recordedDebt();

    List<String> problems = new ArrayList<>();
    found.forEach((where, lines) -> {
      Long allowed = debt.get(where);
      if (allowed == null || lines > allowed) {
        problems.add(where + ": " + lines + " lines (limit " + (where.startsWith("FILE") ? MAX_FILE_LINES
            : MAX_METHOD_LINES) + (allowed == null ? "" : ", recorded debt " + allowed) + ")");
      }
    });
    debt.keySet().stream().filter(where -> !found.containsKey(where))
        .forEach(where -> problems.add(where + ": now within the limit; remove it from " + DEBT));
    assertThat(problems).as("size rules (CONTRIBUTING.md) against %s", DEBT).isEmpty();
  }

  @Test
  void longMethods_aMethodOf61Lines_isReported(@TempDir Path dir) throws IOException {
    StringBuilder body = new StringBuilder("class Big {\n  void big() {\n");
    for (int i = 0; i < MAX_METHOD_LINES - 1; i++) {
      body.append("    int v").append(i).append(" = ").append(i).append(";\n");
    }
    body.append("  }\n  void small() {\n  }\n}\n");
    Path file = Files.writeString(dir.resolve("Big.java"), body);

    assertThat(longMethods(List.of(file))).singleElement().asString().endsWith("Big.java:2 big: 61 lines");
  }

  @Test
  void spans_overloadsOfOneName_keepTheLongest() {
    Map<String, Long> spans = spans(List.of("a/src/main/java/A.java:10 of: 62 lines", "a/src/main/java/A.java:80 of: 63 lines"));

    assertThat(spans).containsExactly(Map.entry("METHOD a/src/main/java/A.java of", 63L));
  }

  static Map<String, Long> longFiles(List<Path> files) throws IOException {
    Map<String, Long> found = new TreeMap<>();
    for (Path file : files) {
      long lines = Files.readAllLines(file, StandardCharsets.UTF_8).size();
      if (lines > MAX_FILE_LINES) {
        found.put("FILE " + ROOT.relativize(file).toString().replace('\\', '/'), lines);
      }
    }
    return found;
  }

  /** "METHOD path name" to its line count, from {@link #longMethods}'s "path:line name: N lines". */
  static Map<String, Long> spans(List<String> methods) {
    Map<String, Long> found = new TreeMap<>();
    for (String m : methods) {
      Matcher matcher = REPORT.matcher(m);
      if (!matcher.matches()) {
        throw new IllegalStateException("unexpected report line: " + m);
      }
      found.merge("METHOD " + matcher.group(1) + " " + matcher.group(2), Long.parseLong(matcher.group(3)), Math::max);
    }
    return found;
  }

  /** The files and methods allowed over the limits until they are split, each with its current size. */
  static Map<String, Long> recordedDebt() throws IOException {
    Map<String, Long> debt = new TreeMap<>();
    try (InputStream in = SourceShapeTest.class.getResourceAsStream(DEBT)) {
      assertThat(in).as(DEBT).isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        String entry = line.strip();
        if (!entry.isEmpty() && !entry.startsWith("#")) {
          int colon = entry.lastIndexOf(": ");
          debt.put(entry.substring(0, colon), Long.parseLong(entry.substring(colon + 2)));
        }
      }
    }
    return debt;
  }

  static List<Path> mainSources(Path root) throws IOException {
    List<Path> files = new ArrayList<>();
    try (Stream<Path> modules = Files.list(root)) {
      for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).sorted()
          .collect(Collectors.toList())) {
        try (Stream<Path> s = Files.walk(main)) {
          s.filter(p -> p.toString().endsWith(".java")).sorted().forEach(files::add);
        }
      }
    }
    return files;
  }

  static List<String> longMethods(List<Path> files) throws IOException {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    try (StandardJavaFileManager fm = compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)) {
      Iterable<? extends JavaFileObject> units = fm.getJavaFileObjectsFromPaths(files);
      JavacTask task = (JavacTask) compiler.getTask(new StringWriter(), fm, null, List.of("-proc:none"), null, units);
      SourcePositions positions = Trees.instance(task).getSourcePositions();
      List<String> found = new ArrayList<>();
      for (CompilationUnitTree unit : task.parse()) {
        new MethodSpans(unit, positions, found).scan(unit, null);
      }
      return found;
    }
  }

  /** Records each method whose declaration-to-closing-brace span exceeds the limit. */
  private static final class MethodSpans extends TreeScanner<Void, Void> {
    private final CompilationUnitTree unit;
    private final SourcePositions positions;
    private final List<String> found;

    MethodSpans(CompilationUnitTree unit, SourcePositions positions, List<String> found) {
      this.unit = unit;
      this.positions = positions;
      this.found = found;
    }

    @Override
    public Void visitMethod(MethodTree method, Void unused) {
      if (method.getBody() != null) {
        LineMap lines = unit.getLineMap();
        long start = lines.getLineNumber(positions.getStartPosition(unit, method));
        long last = lines.getLineNumber(positions.getEndPosition(unit, method));
        long span = last - start + 1;
        if (span > MAX_METHOD_LINES) {
          found.add(ROOT.relativize(Path.of(unit.getSourceFile().toUri()).toAbsolutePath()).toString()
              .replace('\\', '/') + ":" + start + " "
              + method.getName() + ": " + span + " lines");
        }
      }
      return super.visitMethod(method, unused);
    }
  }
}
