package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every type a guide's Java snippet names is defined for the reader. A simple type name (an identifier that
 * starts with an upper-case letter and has a lower-case one, not after a {@code .}) must be
 * <ul>
 *   <li>imported by an {@code import} line of this block or of an earlier Java block of the guide, declared
 *       in the block itself, in {@code java.lang}, or the example's own (a top-level type of the snippet
 *       source's package or a type nested in the snippet's source), as the compiler would resolve it; and</li>
 *   <li>unless it comes from {@code java.*} / {@code javax.*}, named in inline code in the guide's prose
 *       before the block, so the reader knows what it is before the code uses it.</li>
 * </ul>
 * {@link DocsCodeBlocksTest} checks that the import lines themselves are the compiled example's.
 */
class GuideSnippetTypesTest {

  private static final Path GUIDES = MarkdownDocsTest.ROOT.resolve("docs/guides");
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)\\.(\\w+)\\s*;$");
  private static final Pattern DECLARED = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z]\\w*)");
  private static final Pattern TYPE_NAME = Pattern.compile("(?<![.\\w])[A-Z]\\w*");
  private static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
  private static final Pattern WORD = Pattern.compile("\\w+");

  @Test
  void guideSnippets_everyTypeTheyName_isImportedAndIntroducedInProse() throws IOException {
    List<Path> guides;
    try (Stream<Path> s = Files.list(GUIDES)) {
      guides = s.filter(p -> p.toString().endsWith(".md")).sorted().collect(Collectors.toList());
    }
    List<String> problems = new ArrayList<>();
    for (Path guide : guides) {
      problems.addAll(check(guide, MarkdownDocsTest.ROOT));
    }

    assertThat(guides).extracting(p -> p.getFileName().toString())
        .contains("cache.md", "crypto.md", "dynamo.md", "retry.md", "s3.md");
    assertThat(problems).as("types in guide snippets that the guide does not define first").isEmpty();
  }

  @Test
  void check_unimportedAndUnintroducedTypes_areReported(@TempDir Path dir) throws IOException {
    Path pkg = Files.createDirectories(dir.resolve("src/ex"));
    Files.writeString(pkg.resolve("Example.java"), "package ex;\nclass Example {\n  record Own(int a) {}\n}\n");
    Files.writeString(pkg.resolve("Sibling.java"), "package ex;\nclass Sibling {}\n");
    Path doc = Files.writeString(dir.resolve("guide.md"), "# Guide\n\n`Lease` and `Sibling` come first.\n\n"
        + "<!-- snippet: src/ex/Example.java -->\n```java\nimport dev.cirrus.cache.Lease;\nimport java.util.Map;\n"
        + "...\nLease<Map<String, Own>> l = lease(\"Quoted\"); // Commented\nSibling s = new Sibling(); Widget w;\n"
        + "int n = Math.max(EVENTUAL, x.Member);\n```\n\n"
        + "<!-- snippet: src/ex/Example.java -->\n```java\nclass Local {}\nLocal l; Lease m; Map o; Gadget g;\n```\n");

    assertThat(check(doc, dir)).containsExactly(
        "guide.md line 6: Widget is neither imported nor declared",
        "guide.md line 6: Own is not named in the prose before the block",
        "guide.md line 6: Widget is not named in the prose before the block",
        "guide.md line 16: Gadget is neither imported nor declared",
        "guide.md line 16: Gadget is not named in the prose before the block");
  }

  /** The problems of one guide, each with the line of the block's opening fence. */
  static List<String> check(Path guide, Path root) throws IOException {
    List<String> lines = Files.readAllLines(guide, StandardCharsets.UTF_8);
    String name = guide.getFileName().toString();
    List<String> problems = new ArrayList<>();
    Map<String, String> imported = new HashMap<>();   // simple name -> package (or class, for static imports)
    Set<String> introduced = new LinkedHashSet<>();
    String fence = null;
    String source = null;
    List<String> block = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String t = line.trim();
      if (fence == null && t.startsWith("```")) {
        fence = t.substring(3).trim();
        start = i + 1;
        block.clear();
        String marker = i > 0 ? lines.get(i - 1).trim() : "";
        source = marker.startsWith("<!-- snippet:") && marker.endsWith("-->")
            ? marker.substring("<!-- snippet:".length(), marker.length() - "-->".length()).trim() : null;
      } else if (fence != null && t.equals("```")) {
        if (fence.equals("java")) {
          checkBlock(name + " line " + start, block, source == null ? null : root.resolve(source), imported,
              introduced, problems);
        }
        fence = null;
      } else if (fence != null) {
        block.add(line);
      } else {
        Matcher code = INLINE_CODE.matcher(line);
        while (code.find()) {
          Matcher w = WORD.matcher(code.group(2));
          while (w.find()) {
            introduced.add(w.group());
          }
        }
      }
    }
    return problems;
  }

  private static void checkBlock(String where, List<String> block, Path source, Map<String, String> imported,
      Set<String> introduced, List<String> problems) throws IOException {
    StringBuilder code = new StringBuilder();
    for (String raw : block) {
      Matcher m = IMPORT.matcher(raw.trim());
      if (m.matches()) {
        imported.put(m.group(3), m.group(2));
      } else {
        code.append(raw.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"").replaceAll("'(?:[^'\\\\]|\\\\.)'", "''")
            .replaceAll("//.*", "")).append('\n');
      }
    }
    Set<String> declared = names(DECLARED, code.toString());
    Set<String> own = ownTypes(source);
    Set<String> used = new LinkedHashSet<>();
    Matcher m = TYPE_NAME.matcher(code);
    while (m.find()) {
      if (!m.group().equals(m.group().toUpperCase(java.util.Locale.ROOT))) {
        used.add(m.group());
      }
    }
    List<String> notIntroduced = new ArrayList<>();
    for (String type : used) {
      String from = imported.get(type);
      if (declared.contains(type) || isJavaLang(type)) {
        continue;
      }
      if (from == null && !own.contains(type)) {
        problems.add(where + ": " + type + " is neither imported nor declared");
      }
      boolean jdk = from != null && (from.startsWith("java.") || from.startsWith("javax."));
      if (!jdk && !introduced.contains(type)) {
        notIntroduced.add(where + ": " + type + " is not named in the prose before the block");
      }
    }
    problems.addAll(notIntroduced);
  }

  /** Types the example may name without an import: its package's top-level types and its own nested types. */
  private static Set<String> ownTypes(Path source) throws IOException {
    Set<String> own = new LinkedHashSet<>();
    if (source == null || !Files.isRegularFile(source)) {
      return own;
    }
    try (Stream<Path> siblings = Files.list(source.getParent())) {
      siblings.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".java"))
          .forEach(f -> own.add(f.substring(0, f.length() - ".java".length())));
    }
    own.addAll(names(DECLARED, Files.readString(source, StandardCharsets.UTF_8)));
    return own;
  }

  private static Set<String> names(Pattern pattern, String text) {
    Set<String> out = new LinkedHashSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  private static boolean isJavaLang(String type) {
    try {
      Class.forName("java.lang." + type, false, ClassLoader.getPlatformClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
