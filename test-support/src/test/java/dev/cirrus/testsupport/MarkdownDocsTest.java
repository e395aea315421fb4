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
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.Image;
import org.commonmark.node.Link;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.node.Text;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every Markdown file of the repository, parsed with a CommonMark parser as GitHub renders it: no code
 * fence left open (it would swallow the rest of the page) and no fence line followed by text (it does not
 * close the block); every relative link and image resolves, anchors included; every snippet marker and
 * every repository path quoted in backticks names a file that exists. {@link DocClaimsTest} checks the
 * numbers the docs quote from the code.
 */
class MarkdownDocsTest {

  static final Path ROOT = Paths.get("..").toAbsolutePath().normalize();

  private static final Parser PARSER = Parser.builder().includeSourceSpans(IncludeSourceSpans.BLOCKS).build();
  private static final Pattern SNIPPET = Pattern.compile("<!--\\s*snippet:\\s*(\\S+)\\s*-->");
  private static final Pattern REPO_PATH = Pattern.compile(
      "(?:retry|cache|crypto-keystore|crypto|dynamo-utils|dynamo-cache|s3-utils|metrics|test-support|benchmarks|bom|docs|tools|\\.ci)/[A-Za-z0-9_./-]*");
  private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

  @Test
  void everyMarkdownFile_parsesWithClosedFencesAndResolvingReferences() throws IOException {
    List<Path> files = markdownFiles(ROOT);
    List<String> problems = new ArrayList<>();
    for (Path file : files) {
      problems.addAll(check(file, ROOT));
    }

    assertThat(files).as("Markdown files found").hasSizeGreaterThan(10);
    assertThat(problems).as("Markdown problems").isEmpty();
  }

  @Test
  void check_textAfterClosingFence_reportsLineAndUnclosedBlock(@TempDir Path dir) throws IOException {
    Path doc = write(dir, "doc.md", "# Title\n\n```bash\nls\n``` The text after the fence\nmore prose\n");

    assertThat(check(doc, dir)).containsExactly(
        "doc.md line 3: code block is never closed (it runs to the end of the file)",
        "doc.md line 5: a fence followed by text does not close the code block opened at line 3");
  }

  @Test
  void check_brokenLinksAnchorsAndPaths_areReported(@TempDir Path dir) throws IOException {
    write(dir, "other.md", "# Other page\n\n## Set up — fast\n");
    Files.createDirectories(dir.resolve("tools"));
    Files.writeString(dir.resolve("tools/real"), "x");
    Path doc = write(dir, "doc.md", "# Doc\n\n[ok](other.md#set-up--fast) [gone](missing.md) [bad](other.md#nope)"
        + " [self](#doc) [self-bad](#nowhere) [web](https://example.com/x.md) ![img](pic.svg)\n\n"
        + "Run `tools/real` and `tools/gone`; `benchmarks/target/x.json` is built; `docs/…/x` is elided.\n\n"
        + "<!-- snippet: retry/src/Missing.java -->\n```java\nint a;\n```\n");

    assertThat(check(doc, dir)).containsExactly(
        "doc.md line 3: link missing.md: no such file",
        "doc.md line 3: link other.md#nope: other.md has no heading #nope",
        "doc.md line 3: link #nowhere: doc.md has no heading #nowhere",
        "doc.md line 3: link pic.svg: no such file",
        "doc.md line 5: path `tools/gone` does not exist",
        "doc.md line 7: snippet source retry/src/Missing.java does not exist");
  }

  @Test
  void slug_githubRules_dropPunctuationAndKeepHyphens() {
    assertThat(slug("S3 — dev.cirrus.benchmarks.s3")).isEqualTo("s3--devcirrusbenchmarkss3");
    assertThat(slug("Time, threads and tests")).isEqualTo("time-threads-and-tests");
    assertThat(slug("`RetryPolicy.call` / `callAsync`")).isEqualTo("retrypolicycall--callasync");
  }

  static List<Path> markdownFiles(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".md"))
          .filter(p -> {
            String rel = root.relativize(p).toString().replace('\\', '/');
            return !rel.contains("/target/") && !rel.startsWith("target/") && !rel.startsWith(".")
                && !rel.contains("/node_modules/");
          })
          .sorted()
          .collect(Collectors.toList());
    }
  }

  static List<String> check(Path file, Path root) throws IOException {
    String name = root.relativize(file).toString().replace('\\', '/');
    Node doc = PARSER.parse(Files.readString(file, StandardCharsets.UTF_8));
    List<String> problems = new ArrayList<>();
    Checker checker = new Checker(file, root, name, problems);
    doc.accept(checker);
    return problems;
  }

  /** GitHub's heading anchor: lower case, punctuation dropped, each space a hyphen. */
  static String slug(String heading) {
    StringBuilder sb = new StringBuilder();
    for (int cp : heading.toLowerCase(Locale.ROOT).codePoints().toArray()) {
      if (Character.isLetterOrDigit(cp) || cp == '-' || cp == '_') {
        sb.appendCodePoint(cp);
      } else if (cp == ' ') {
        sb.append('-');
      }
    }
    return sb.toString();
  }

  static Set<String> anchors(Path markdown) throws IOException {
    Set<String> out = new LinkedHashSet<>();
    Map<String, Integer> seen = new HashMap<>();
    Node doc = PARSER.parse(Files.readString(markdown, StandardCharsets.UTF_8));
    doc.accept(new AbstractVisitor() {
      @Override
      public void visit(Heading heading) {
        String base = slug(plainText(heading));
        int n = seen.merge(base, 1, Integer::sum) - 1;
        out.add(n == 0 ? base : base + "-" + n);
      }
    });
    return out;
  }

  private static String plainText(Node node) {
    StringBuilder sb = new StringBuilder();
    node.accept(new AbstractVisitor() {
      @Override
      public void visit(Text text) {
        sb.append(text.getLiteral());
      }

      @Override
      public void visit(Code code) {
        sb.append(code.getLiteral());
      }
    });
    return sb.toString();
  }

  private static Path write(Path dir, String name, String text) throws IOException {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  /** Visits one parsed file and records what does not hold, with the line (1-based) of the block. */
  private static final class Checker extends AbstractVisitor {
    private final Path file;
    private final Path root;
    private final String name;
    private final List<String> problems;
    private final Map<Path, Set<String>> anchorCache = new HashMap<>();

    Checker(Path file, Path root, String name, List<String> problems) {
      this.file = file;
      this.root = root;
      this.name = name;
      this.problems = problems;
    }

    private int line(Node node) {
      for (Node n = node; n != null; n = n.getParent()) {
        List<SourceSpan> spans = n.getSourceSpans();
        if (!spans.isEmpty()) {
          return spans.get(0).getLineIndex() + 1;
        }
      }
      return 0;
    }

    private void problem(Node node, String what) {
      problems.add(name + " line " + line(node) + ": " + what);
    }

    @Override
    public void visit(FencedCodeBlock block) {
      int start = line(block);
      if (block.getClosingFenceLength() == null) {
        problem(block, "code block is never closed (it runs to the end of the file)");
      }
      String fence = block.getFenceCharacter().repeat(block.getOpeningFenceLength());
      String[] lines = block.getLiteral().split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String t = lines[i].stripLeading();
        if (t.startsWith(fence) && !t.substring(fence.length()).replace(block.getFenceCharacter(), "").isBlank()
            && lines[i].length() - t.length() <= 3) {
          problems.add(name + " line " + (start + 1 + i) + ": a fence followed by text does not close the code "
              + "block opened at line " + start);
        }
      }
    }

    @Override
    public void visit(Link link) {
      reference(link, link.getDestination());
      visitChildren(link);
    }

    @Override
    public void visit(Image image) {
      reference(image, image.getDestination());
      visitChildren(image);
    }

    @Override
    public void visit(HtmlBlock html) {
      Matcher m = SNIPPET.matcher(html.getLiteral());
      while (m.find()) {
        String ref = m.group(1);
        Path source = Paths.get(ref).isAbsolute() ? Paths.get(ref) : root.resolve(ref);
        if (!Files.isRegularFile(source)) {
          problem(html, "snippet source " + ref + " does not exist");
        }
      }
    }

    @Override
    public void visit(Code code) {
      String text = code.getLiteral().trim();
      Matcher m = REPO_PATH.matcher(text);
      if (m.matches() && !text.contains("/target/") && !Files.exists(root.resolve(text))) {
        problem(code, "path `" + text + "` does not exist");
      }
    }

    private void reference(Node node, String destination) {
      if (destination == null || destination.isEmpty() || SCHEME.matcher(destination).find()) {
        return;
      }
      int hash = destination.indexOf('#');
      String path = hash < 0 ? destination : destination.substring(0, hash);
      String anchor = hash < 0 ? null : destination.substring(hash + 1);
      Path target = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
      if (!Files.exists(target)) {
        problem(node, "link " + destination + ": no such file");
        return;
      }
      if (anchor != null && target.toString().endsWith(".md")) {
        Set<String> known;
        try {
          known = anchorCache.computeIfAbsent(target, t -> {
            try {
              return anchors(t);
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          });
        } catch (java.io.UncheckedIOException e) {
          problem(node, "link " + destination + ": cannot read " + target);
          return;
        }
        if (!known.contains(anchor)) {
          String shown = path.isEmpty() ? name : path;
          problem(node, "link " + destination + ": " + shown + " has no heading #" + anchor);
        }
      }
    }
  }
}
