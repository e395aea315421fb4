package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every Java code block in the repository's Markdown files (README, CONTRIBUTING, docs) is cut from a compiled, tested source file: the line
 * before the block names it ({@code <!-- snippet: retry/src/examples/java/.../RetryExamples.java -->}), and
 * every non-blank line of the block appears in that file, in the same order (indentation ignored; a line
 * {@code ...} stands for omitted code). So code shown to users always compiles and runs.
 */
class DocsCodeBlocksTest {

  private static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

  @Test
  void javaBlocks_inEveryMarkdownFile_areCutFromCompiledFiles() throws IOException {
    List<String> problems = new ArrayList<>();
    for (Path doc : docs()) {
      problems.addAll(check(doc));
    }

    assertThat(problems).as("Java blocks in docs that are not cut from a compiled file").isEmpty();
  }

  @Test
  void check_blockNotInItsSource_isReported() throws IOException {
    Path dir = Files.createTempDirectory("docs");
    Path source = dir.resolve("Example.java");
    Files.writeString(source, "class Example {\n  void run() {\n    int a = 1;\n    int b = 2;\n  }\n}\n");
    Path doc = dir.resolve("doc.md");
    Files.writeString(doc, "text\n<!-- snippet: " + source + " -->\n```java\nint b = 2;\nint a = 1;\n```\n"
        + "```java\nint unmarked = 0;\n```\n<!-- snippet: " + source + " -->\n```java\nint a = 1;\n...\nint b = 2;\n```\n");

    List<String> problems = check(doc);

    assertThat(problems).hasSize(2);
    assertThat(problems.get(0)).contains("line 3").contains("'int a = 1;' is not found after");
    assertThat(problems.get(1)).contains("line 7").contains("names no source");
  }

  private static List<Path> docs() throws IOException {
    return MarkdownDocsTest.markdownFiles(ROOT);
  }

  static List<String> check(Path doc) throws IOException {
    List<String> problems = new ArrayList<>();
    List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
    String name = ROOT.relativize(doc.toAbsolutePath()).toString();
    for (int i = 0; i < lines.size(); i++) {
      if (!lines.get(i).trim().equals("```java")) {
        continue;
      }
      int start = i;
      List<String> block = new ArrayList<>();
      for (i++; i < lines.size() && !lines.get(i).trim().equals("```"); i++) {
        block.add(lines.get(i));
      }
      String marker = start > 0 ? lines.get(start - 1).trim() : "";
      if (!marker.startsWith("<!-- snippet:") || !marker.endsWith("-->")) {
        problems.add(name + " line " + (start + 1) + ": the block names no source (<!-- snippet: path -->)");
        continue;
      }
      String ref = marker.substring("<!-- snippet:".length(), marker.length() - "-->".length()).trim();
      Path source = Paths.get(ref).isAbsolute() ? Paths.get(ref) : ROOT.resolve(ref);
      if (!Files.isRegularFile(source)) {
        problems.add(name + " line " + (start + 1) + ": source " + ref + " does not exist");
        continue;
      }
      List<String> src = Files.readAllLines(source, StandardCharsets.UTF_8).stream().map(String::trim)
          .collect(Collectors.toList());
      int at = 0;
      for (String raw : block) {
        String want = raw.trim();
        if (want.isEmpty() || want.equals("...") || want.equals("// ...")) {
          continue;
        }
        int found = -1;
        for (int k = at; k < src.size(); k++) {
          if (src.get(k).equals(want)) {
            found = k;
            break;
          }
        }
        if (found < 0) {
          problems.add(name + " line " + (start + 1) + ": '" + want + "' is not found after line " + at + " of " + ref);
          break;
        }
        at = found + 1;
      }
    }
    return problems;
  }
}
