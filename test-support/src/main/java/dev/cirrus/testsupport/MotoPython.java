package dev.cirrus.testsupport;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Finds a Python interpreter that can run moto's server, and makes one when there is none.
 *
 * <p>The order, first match wins:
 *
 * <ol>
 *   <li>the environment variable {@code CIRRUS_MOTO_PYTHON}: if set, it must work, or the search fails
 *       at once (a configured interpreter is never silently replaced);
 *   <li>{@code .venv-moto/bin/python3} in the repository, the virtual environment that {@code
 *       tools/setup-moto} makes (the repository is the working directory or the nearest parent holding
 *       {@code tools/setup-moto} or {@code .venv-moto});
 *   <li>every {@code python3} on {@code PATH}, in {@code PATH} order;
 *   <li>every {@code $HOME/.pyenv/versions/*&#47;bin/python3} ({@code $PYENV_ROOT/versions} if set), newest
 *       version first;
 *   <li>if none of these can {@code import moto.server, flask, flask_cors}: {@code tools/setup-moto} is run
 *       (unless {@code CIRRUS_MOTO_SETUP=off}), which makes {@code .venv-moto/} with {@code
 *       moto[server]==}{@value #MOTO_VERSION}, and its interpreter is used.
 * </ol>
 *
 * <p>Every failure is one line that says what was tried and what to do. This class is thread-safe.
 */
public final class MotoPython {

  /** Environment variable naming the Python interpreter that has moto installed. */
  public static final String PYTHON_ENV = "CIRRUS_MOTO_PYTHON";
  /** Environment variable that, set to {@code off}, stops the search from running {@code tools/setup-moto}. */
  public static final String SETUP_ENV = "CIRRUS_MOTO_SETUP";
  /** The moto version the documentation describes and {@code tools/setup-moto} installs. */
  public static final String MOTO_VERSION = "5.2.1";
  /** The repository's virtual environment, made by {@link #SETUP_SCRIPT}. */
  public static final String VENV_DIR = ".venv-moto";
  /** The script, relative to the repository root, that makes {@link #VENV_DIR}. */
  public static final String SETUP_SCRIPT = "tools/setup-moto";

  static final String IMPORT_CHECK = "import moto.server, flask, flask_cors";
  private static final long SETUP_TIMEOUT_MINUTES = 10;

  private final Map<String, String> env;
  private final Path home;
  private final Path workDir;

  MotoPython(Map<String, String> env, Path home, Path workDir) {
    this.env = env;
    this.home = home;
    this.workDir = workDir.toAbsolutePath().normalize();
  }

  /**
   * Finds (or makes) a Python with moto's server for this process's environment, home and working directory.
   *
   * @throws IllegalStateException if there is none and none could be made; the one-line message says why
   */
  public static String find() {
    Map<String, String> env = System.getenv();
    String home = env.getOrDefault("HOME", System.getProperty("user.home")); // as pyenv reads it
    return new MotoPython(env, Paths.get(home), Paths.get("")).search();
  }

  /**
   * Prints the interpreter {@link #find()} chooses and exits 0, or prints its one-line failure to standard
   * error and exits 1. {@code ./bench} calls it before running benchmarks that need moto.
   */
  public static void main(String[] args) {
    try {
      System.out.println(find());
    } catch (IllegalStateException e) {
      System.err.println(e.getMessage());
      System.exit(1);
    }
  }

  /** Runs the search described in the class comment. */
  String search() {
    String configured = env.get(PYTHON_ENV);
    if (configured != null && !configured.isBlank()) {
      String python = configured.trim();
      if (canImportMoto(python)) {
        return python;
      }
      throw new IllegalStateException(
          PYTHON_ENV + "=" + configured + " cannot `" + IMPORT_CHECK + "`; install moto's server there with: "
              + python + " -m pip install \"moto[server]==" + MOTO_VERSION + "\", or unset " + PYTHON_ENV);
    }
    List<String> tried = candidates();
    for (String candidate : tried) {
      if (canImportMoto(candidate)) {
        return candidate;
      }
    }
    return setUp(tried);
  }

  /** Steps 2 to 4 of the class comment, existing executables only, without duplicates. */
  List<String> candidates() {
    List<String> out = new ArrayList<>();
    Path root = repositoryRoot();
    if (root != null) {
      addIfExecutable(out, venvPython(root));
    }
    String path = env.get("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          addIfExecutable(out, Paths.get(dir, "python3"));
        }
      }
    }
    String pyenvRoot = env.get("PYENV_ROOT");
    Path versions = (pyenvRoot != null ? Paths.get(pyenvRoot) : home.resolve(".pyenv")).resolve("versions");
    if (Files.isDirectory(versions)) {
      try (Stream<Path> dirs = Files.list(versions)) {
        dirs.sorted(Comparator.comparing(MotoPython::versionKey).reversed())
            .forEach(d -> addIfExecutable(out, d.resolve("bin/python3")));
      } catch (IOException ignored) {
        // an unreadable pyenv folder only means fewer candidates
      }
    }
    return out;
  }

  /** The working directory or its nearest parent that holds the set-up script or the venv; null if none. */
  Path repositoryRoot() {
    for (Path dir = workDir; dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve(SETUP_SCRIPT)) || Files.isDirectory(dir.resolve(VENV_DIR))) {
        return dir;
      }
    }
    return null;
  }

  private String setUp(List<String> tried) {
    String none = "No Python with moto's server was found (tried " + tried + ")";
    Path root = repositoryRoot();
    Path script = root == null ? null : root.resolve(SETUP_SCRIPT);
    String otherwise = "set " + PYTHON_ENV + " to a python3 that has moto[server]==" + MOTO_VERSION + ", or "
        + MotoServer.ENDPOINT_ENV + " to a running endpoint";
    if (script == null || !Files.isExecutable(script)) {
      throw new IllegalStateException(none + ". Run " + SETUP_SCRIPT + " from a Cirrus checkout (it makes "
          + VENV_DIR + "/ with moto[server]==" + MOTO_VERSION + "), or " + otherwise);
    }
    if ("off".equalsIgnoreCase(env.getOrDefault(SETUP_ENV, "").trim())) {
      throw new IllegalStateException(none + "; " + SETUP_ENV + "=off, so " + script
          + " was not run. Run it yourself, or " + otherwise);
    }
    String failure = runSetUp(script, root);
    Path made = venvPython(root);
    if (failure == null && canImportMoto(made.toString())) {
      return made.toString();
    }
    throw new IllegalStateException(none + "; " + script + " could not make one: "
        + (failure == null ? made + " cannot `" + IMPORT_CHECK + "`" : failure) + ". Otherwise " + otherwise);
  }

  /** Runs the set-up script; null when it exits 0, else its last line of output (its one-line reason). */
  private static String runSetUp(Path script, Path root) {
    try {
      Path log = Files.createTempFile("cirrus-setup-moto-", ".log");
      System.err.println("[cirrus] no Python with moto found; running " + script + " (output: " + log + ")");
      Process p = new ProcessBuilder(script.toString()).directory(root.toFile())
          .redirectErrorStream(true).redirectOutput(log.toFile()).start();
      if (!p.waitFor(SETUP_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        return "it did not finish within " + SETUP_TIMEOUT_MINUTES + " minutes (output: " + log + ")";
      }
      if (p.exitValue() == 0) {
        return null;
      }
      return lastLine(log) + " (exit code " + p.exitValue() + ", output: " + log + ")";
    } catch (IOException e) {
      return "it could not be started: " + e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted while it ran";
    }
  }

  private static String lastLine(Path log) throws IOException {
    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      if (!lines.get(i).isBlank()) {
        return lines.get(i).trim();
      }
    }
    return "(no output)";
  }

  private static Path venvPython(Path root) {
    return root.resolve(VENV_DIR).resolve("bin").resolve("python3");
  }

  private static void addIfExecutable(List<String> out, Path python) {
    if (Files.isExecutable(python) && !out.contains(python.toString())) {
      out.add(python.toString());
    }
  }

  /** Sort key "3.11.7" -> zero-padded "00003.00011.00007." so that 3.11 sorts after 3.9. */
  private static String versionKey(Path dir) {
    StringBuilder sb = new StringBuilder();
    for (String part : dir.getFileName().toString().split("[.-]")) {
      boolean digits = !part.isEmpty() && part.length() < 10 && part.chars().allMatch(Character::isDigit);
      sb.append(digits ? String.format(Locale.ROOT, "%05d", Integer.parseInt(part)) : part).append('.');
    }
    return sb.toString();
  }

  static boolean canImportMoto(String python) {
    try {
      Process p = new ProcessBuilder(python, "-c", IMPORT_CHECK).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return false;
      }
      return p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
