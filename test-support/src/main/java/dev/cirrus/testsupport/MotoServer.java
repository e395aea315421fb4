package dev.cirrus.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One moto server process on a loopback port, or an already running endpoint named by {@code
 * CIRRUS_AWS_ENDPOINT}.
 *
 * <p>The Python interpreter is found by {@link MotoPython}: {@code CIRRUS_MOTO_PYTHON}, the repository's
 * {@code .venv-moto/}, {@code python3} on {@code PATH}, pyenv, and finally {@code tools/setup-moto}. The
 * server's output goes to a log file whose tail is attached to every failure, so a server that cannot start or dies mid-run fails tests
 * fast with its own words.
 *
 * <p>This class is thread-safe.
 */
public final class MotoServer implements AutoCloseable {

  /** Environment variable naming the Python interpreter that has moto installed. */
  public static final String PYTHON_ENV = MotoPython.PYTHON_ENV;
  /** Environment variable naming an already running AWS-compatible endpoint; no process is started. */
  public static final String ENDPOINT_ENV = "CIRRUS_AWS_ENDPOINT";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
  private static final int LOG_TAIL_LINES = 40;

  private final URI endpoint;
  private final Process process;
  private final Path log;

  private MotoServer(URI endpoint, Process process, Path log) {
    this.endpoint = endpoint;
    this.process = process;
    this.log = log;
  }

  /**
   * Starts moto on a free loopback port, or attaches to {@code CIRRUS_AWS_ENDPOINT} when it is set, and
   * waits until the server answers.
   *
   * @throws IllegalStateException if no Python with moto is found, the server does not start in time, or it
   *     exits while starting (the message says what to do and carries the server's log tail); or if
   *     {@code -Dcirrus.moto=skip} is set, naming the test's missing {@link RequiresMoto} mark
   */
  public static MotoServer start() {
    if (RequiresMoto.skipped()) {
      throw new IllegalStateException(
          RequiresMoto.PROPERTY + "=skip, but moto was started: a test that needs moto must use LocalAws or "
              + "@ExtendWith(RequiresMoto.class)");
    }
    String external = System.getenv(ENDPOINT_ENV);
    if (external != null && !external.isBlank()) {
      URI uri = URI.create(external.trim());
      awaitAnswer(uri, null, null);
      return new MotoServer(uri, null, null);
    }
    String python = findPython();
    IllegalStateException last = null;
    for (int attempt = 1; attempt <= 3; attempt++) {
      int port = freePort();
      try {
        return start(python, port);
      } catch (PortInUseException e) {
        last = e; // another process took the port between our probe and moto's bind: pick another
      }
    }
    throw last;
  }

  /**
   * Starts moto with the given interpreter on the given loopback port.
   *
   * @throws IllegalStateException if the port is taken, or the server exits or does not answer in time
   */
  public static MotoServer start(String python, int port) {
    Path log;
    try {
      log = Files.createTempFile("cirrus-moto-" + port + "-", ".log");
    } catch (IOException e) {
      throw new IllegalStateException("cannot create a log file for moto", e);
    }
    ProcessBuilder pb =
        new ProcessBuilder(python, "-m", "moto.server", "-H", "127.0.0.1", "-p", Integer.toString(port))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile());
    pb.environment().putIfAbsent("AWS_DEFAULT_REGION", "us-east-1");
    pb.environment().put("PYTHONUNBUFFERED", "1");
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new IllegalStateException("cannot start moto with " + python + ": " + e.getMessage(), e);
    }
    URI uri = URI.create("http://127.0.0.1:" + port);
    MotoServer server = new MotoServer(uri, process, log);
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "cirrus-moto-stop"));
    try {
      awaitAnswer(uri, process, log);
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  /** The endpoint to give SDK clients as {@code endpointOverride}. */
  public URI endpoint() {
    return endpoint;
  }

  /** The server's process id, or -1 for an external endpoint. */
  public long pid() {
    return process == null ? -1 : process.pid();
  }

  /** Whether the server process is running (always true for an external endpoint). */
  public boolean isAlive() {
    return process == null || process.isAlive();
  }

  /**
   * Fails fast if the server process has died.
   *
   * @throws IllegalStateException carrying the exit code and the server's log tail if the process is gone
   */
  public void ensureAlive() {
    if (!isAlive()) {
      throw new IllegalStateException(
          "moto server at " + endpoint + " has exited with code " + process.exitValue()
              + "; its log (" + log + ") ends with:\n" + logTail());
    }
  }

  /** The last lines of the server's log, or a note that there is none (external endpoint). */
  public String logTail() {
    return tail(log);
  }

  /** Stops the server process (no-op for an external endpoint). Safe to call more than once. */
  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Finds a Python interpreter that can run moto's server, in the order {@link MotoPython} documents, making
   * {@code .venv-moto/} with {@code tools/setup-moto} when there is none.
   *
   * @throws IllegalStateException if none is found or made, saying what was tried and what to do
   */
  public static String findPython() {
    return MotoPython.find();
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free loopback port", e);
    }
  }

  /** Polls until an HTTP request gets any HTTP answer; fails fast if the process exits. */
  private static void awaitAnswer(URI uri, Process process, Path log) {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    long pause = 20;
    while (true) {
      if (process != null && !process.isAlive()) {
        String tail = tail(log);
        if (tail.contains("Address already in use")) {
          throw new PortInUseException("port " + uri.getPort() + " is already in use; moto says:\n" + tail);
        }
        throw new IllegalStateException(
            "moto exited with code " + process.exitValue() + " while starting on " + uri + "; its log ends with:\n" + tail);
      }
      if (answers(uri)) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "no answer from " + uri + " within " + START_TIMEOUT.toSeconds() + " s"
                + (log == null ? "" : "; moto's log ends with:\n" + tail(log)));
      }
      try {
        // Polling a process that is starting up; this is the harness waiting on a condition, not a test sleeping.
        TimeUnit.MILLISECONDS.sleep(pause);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for " + uri, e);
      }
      pause = Math.min(250, pause * 2);
    }
  }

  private static boolean answers(URI uri) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
      s.setSoTimeout(2000);
      OutputStream out = s.getOutputStream();
      out.write(("GET /moto-api/ HTTP/1.1\r\nHost: " + uri.getHost() + "\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[12];
      int n = in.readNBytes(buf, 0, buf.length);
      return n >= 12 && new String(buf, StandardCharsets.US_ASCII).startsWith("HTTP/1.");
    } catch (IOException e) {
      return false;
    }
  }

  private static String tail(Path log) {
    if (log == null) {
      return "(no log: external endpoint)";
    }
    try {
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
    } catch (IOException | java.io.UncheckedIOException e) {
      return "(log unreadable: " + e.getMessage() + ")";
    }
  }

  /** The chosen port was taken before moto could bind it. */
  static final class PortInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    PortInUseException(String message) {
      super(message);
    }
  }
}
