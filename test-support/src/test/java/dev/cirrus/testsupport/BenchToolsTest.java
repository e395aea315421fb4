package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs the Python tests of {@code benchmarks/tools} (the ratio table {@code ./bench} prints), so that
 * {@code mvn verify} covers them. Skipped, not failed, on a machine without {@code python3}.
 */
class BenchToolsTest {

  @Test
  void jmhReport_pythonTests_pass() throws IOException, InterruptedException {
    assumeTrue(pythonAvailable(), "python3 is not on PATH");
    Process p = new ProcessBuilder("python3", "-m", "unittest", "discover", "-s", "benchmarks/tools", "-p", "test_*.py")
        .directory(MarkdownDocsTest.ROOT.toFile())
        .redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();

    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).containsPattern("Ran [1-9][0-9]* tests").contains("OK");
  }

  private static boolean pythonAvailable() {
    try {
      Process p = new ProcessBuilder("python3", "-c", "import sys; sys.exit(0 if sys.version_info >= (3, 7) else 1)")
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
