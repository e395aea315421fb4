package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The unknown-length schedule the docs quote is the one the code computes. */
class PartSizeDocsTest {
  /** "the first 1,089 parts (8.5 GiB)", wrapped over lines or not. */
  private static final Pattern FIRST_PARTS = Pattern.compile("first\\s+([\\d,]+)\\s+parts\\s+\\(([\\d.]+)\\s+GiB\\)");

  private static final Path JAVADOC = Path.of("src/main/java/dev/cirrus/s3/PartSizePolicy.java");
  private static final Path GUIDE = Path.of("../docs/guides/s3.md");

  /** Every "first N parts (X GiB)" in {@code file}, as "N (X GiB)". */
  static List<String> quoted(String text) {
    List<String> found = new ArrayList<>();
    Matcher m = FIRST_PARTS.matcher(text.replaceAll("\\s*\\n\\s*(\\*\\s*)?", " "));
    while (m.find()) {
      found.add(m.group(1) + " (" + m.group(2) + " GiB)");
    }
    return found;
  }

  private static String expected() {
    int parts = PartSizePolicy.DEFAULT_PARTS_PER_DOUBLING;
    double gib = parts * (double) PartSizePolicy.DEFAULT_PREFERRED_PART_SIZE_BYTES / (1L << 30);
    return String.format(Locale.ROOT, "%,d (%.1f GiB)", parts, gib);
  }

  @Test
  void defaultPartsPerDoubling_isWhatTheDefaultPolicyComputes() {
    assertThat(PartSizePolicy.DEFAULT_PARTS_PER_DOUBLING).isEqualTo(PartSizePolicy.defaults().partsPerDoubling())
        .isEqualTo(1089);
    assertThat(expected()).isEqualTo("1,089 (8.5 GiB)");
  }

  @Test
  void partSizePolicyJavadoc_firstPartsFigure_matchesTheCode() throws IOException {
    List<String> found = quoted(Files.readString(JAVADOC, StandardCharsets.UTF_8));

    assertThat(found).isNotEmpty().allSatisfy(q -> assertThat(q).isEqualTo(expected()));
  }

  @Test
  void s3Guide_firstPartsFigure_matchesTheCode() throws IOException {
    List<String> found = quoted(Files.readString(GUIDE, StandardCharsets.UTF_8));

    assertThat(found).isNotEmpty().allSatisfy(q -> assertThat(q).isEqualTo(expected()));
  }

  @Test
  void quoted_oldFigure_isFoundAndDiffers() {
    List<String> found = quoted("with the defaults the first 1,025\n * parts (8.0 GiB) are 8 MiB");

    assertThat(found).containsExactly("1,025 (8.0 GiB)");
    assertThat(found.get(0)).isNotEqualTo(expected());
  }
}
