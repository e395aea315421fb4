package dev.cirrus.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;

/**
 * An HTTP/1.1 proxy on loopback between an SDK client and the real server that forwards requests and, by
 * rule, injects the faults AWS services produce: throttling errors, server errors, latency, connection
 * resets, truncated responses, and a rate-limit mode that behaves like a provisioned service.
 *
 * <p>Rules match operations by name: {@code "DynamoDB.PutItem"}, a whole service {@code "S3.*"}, or
 * everything {@code "*"}. They are tried in the order added; the first that fires decides. Decisions are
 * deterministic under the seed: whether the n-th request of an operation gets a fault depends only on the
 * seed, the rule and n, never on thread timing. (The rate-limit mode depends on wall-clock arrival times
 * by nature.)
 *
 * <p>Every request is counted per operation and {@link Outcome}, so tests can assert "exactly N
 * GenerateDataKey calls reached the server" or "every throttled part was retried".
 *
 * <p>Usage: {@code FaultProxy proxy = FaultProxy.start(moto.endpoint(), 42);
 * proxy.inject("DynamoDB.PutItem", 0.5, Fault.throttle());} then build clients with {@code
 * endpointOverride(proxy.endpoint())}. This class is thread-safe.
 */
public final class FaultProxy implements AutoCloseable {

  private static final int MAX_HEADER_BYTES = 64 * 1024;

  private final URI upstream;
  private final long seed;
  private final ServerSocket server;
  private final ExecutorService workers;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<Rule> rules = new CopyOnWriteArrayList<>();
  private final Map<String, Map<Outcome, LongAdder>> counts = new ConcurrentHashMap<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  private FaultProxy(URI upstream, long seed) throws IOException {
    this.upstream = upstream;
    this.seed = seed;
    this.server = new ServerSocket();
    this.server.setReuseAddress(true);
    this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
    this.workers = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "cirrus-fault-proxy-" + server.getLocalPort());
      t.setDaemon(true);
      return t;
    });
    workers.execute(this::acceptLoop);
  }

  /**
   * Starts a proxy on a free loopback port in front of {@code upstream}.
   *
   * @param upstream the real server, e.g. {@code http://127.0.0.1:5000}
   * @param seed the seed of every random fault decision
   * @throws IllegalStateException if no port can be bound
   */
  public static FaultProxy start(URI upstream, long seed) {
    Objects.requireNonNull(upstream, "upstream");
    try {
      return new FaultProxy(upstream, seed);
    } catch (IOException e) {
      throw new IllegalStateException("cannot bind the fault proxy on loopback: " + e.getMessage(), e);
    }
  }

  /** The endpoint to give SDK clients as {@code endpointOverride}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort());
  }

  /** The seed of the random fault decisions. */
  public long seed() {
    return seed;
  }

  /**
   * Injects {@code fault} into a fraction of the matching requests, chosen by the seeded schedule.
   *
   * @param operation {@code "Service.Operation"}, {@code "Service.*"} or {@code "*"}
   * @param rate the fraction of matching requests that get the fault, from 0 to 1
   * @throws IllegalArgumentException if rate is outside [0, 1]
   */
  public FaultProxy inject(String operation, double rate, Fault fault) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(fault, "fault");
    if (!(rate >= 0 && rate <= 1)) {
      throw new IllegalArgumentException("rate must be between 0 and 1, was " + rate);
    }
    int index = rules.size();
    rules.add(new Rule(operation) {
      @Override
      Fault decide(ProxyRequest request, long n) {
        return unit(seed, index, n) < rate ? fault : null;
      }
    });
    return this;
  }

  /**
   * Gives the n-th matching request {@code faults[n]} ({@code null} means pass), then passes all later ones.
   */
  public FaultProxy injectSequence(String operation, Fault... faults) {
    Objects.requireNonNull(operation, "operation");
    List<Fault> schedule = java.util.Arrays.asList(faults.clone());
    rules.add(new Rule(operation) {
      @Override
      Fault decide(ProxyRequest request, long n) {
        return n < schedule.size() ? schedule.get((int) n) : null;
      }
    });
    return this;
  }

  /**
   * Rate-limit mode: a server-side token bucket per operation that admits {@code requestsPerSecond} with
   * bursts up to {@code burst} and throttles everything beyond it with the service's own throttling error.
   *
   * @throws IllegalArgumentException if requestsPerSecond is not positive or burst is less than 1
   */
  public FaultProxy rateLimit(String operation, double requestsPerSecond, int burst) {
    return rateLimit(operation, requestsPerSecond, burst, ProxyRequest::operation);
  }

  /**
   * Rate-limit mode with one bucket per key (e.g. per table name), so that a limit behaves like a provisioned
   * resource.
   *
   * @param key maps a request to the bucket it draws from
   * @throws IllegalArgumentException if requestsPerSecond is not positive or burst is less than 1
   */
  public FaultProxy rateLimit(String operation, double requestsPerSecond, int burst,
      Function<ProxyRequest, String> key) {
    Objects.requireNonNull(operation, "operation");
    Objects.requireNonNull(key, "key");
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new IllegalArgumentException("requestsPerSecond must be > 0, was " + requestsPerSecond);
    }
    if (burst < 1) {
      throw new IllegalArgumentException("burst must be >= 1, was " + burst);
    }
    Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    Fault throttle = Fault.throttle();
    rules.add(new Rule(operation) {
      @Override
      Fault decide(ProxyRequest request, long n) {
        Bucket b = buckets.computeIfAbsent(key.apply(request), k -> new Bucket(requestsPerSecond, burst));
        return b.tryTake() ? null : throttle;
      }

      @Override
      boolean rateLimit() {
        return true;
      }
    });
    return this;
  }

  /** Removes every rule (counts are kept). */
  public FaultProxy clearFaults() {
    rules.clear();
    return this;
  }

  /** Removes every rule and zeroes every count. */
  public FaultProxy reset() {
    rules.clear();
    counts.clear();
    return this;
  }

  /** Requests received for an operation ({@code "KMS.GenerateDataKey"}, {@code "S3.*"}, {@code "*"}), any outcome. */
  public long count(String operation) {
    long total = 0;
    for (Outcome o : Outcome.values()) {
      total += count(operation, o);
    }
    return total;
  }

  /** Requests received for an operation with the given outcome. */
  public long count(String operation, Outcome outcome) {
    long total = 0;
    for (Map.Entry<String, Map<Outcome, LongAdder>> e : counts.entrySet()) {
      if (matches(operation, e.getKey())) {
        LongAdder a = e.getValue().get(outcome);
        total += a == null ? 0 : a.sum();
      }
    }
    return total;
  }

  /** Requests answered with a throttling or server error, by rule or by the rate limit. */
  public long faulted(String operation) {
    return count(operation, Outcome.ERROR_INJECTED) + count(operation, Outcome.RATE_LIMITED);
  }

  /** A snapshot of every count: operation to outcome to count. */
  public Map<String, Map<Outcome, Long>> counts() {
    Map<String, Map<Outcome, Long>> out = new TreeMap<>();
    counts.forEach((op, m) -> {
      Map<Outcome, Long> copy = new EnumMap<>(Outcome.class);
      m.forEach((o, a) -> copy.put(o, a.sum()));
      out.put(op, copy);
    });
    return out;
  }

  /** Stops accepting and closes every open connection. Safe to call more than once. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      try {
        server.close();
      } catch (IOException ignored) {
        // closing
      }
      for (Socket s : open) {
        closeQuietly(s);
      }
      workers.shutdownNow();
    }
  }

  @Override
  public String toString() {
    return "FaultProxy{" + endpoint() + " -> " + upstream + ", seed=" + seed + ", rules=" + rules.size() + "}";
  }

  // ---------------------------------------------------------------------------------------------------

  private abstract static class Rule {
    final String pattern;
    final AtomicLong seen = new AtomicLong();

    Rule(String pattern) {
      this.pattern = pattern;
    }

    abstract Fault decide(ProxyRequest request, long n);

    boolean rateLimit() {
      return false;
    }
  }

  /** A token bucket on the wall clock: the proxy plays a real server, which lives in real time. */
  private static final class Bucket {
    private final double ratePerNano;
    private final double capacity;
    private double tokens;
    private long last = System.nanoTime();

    Bucket(double perSecond, int burst) {
      this.ratePerNano = perSecond / 1e9;
      this.capacity = burst;
      this.tokens = burst;
    }

    synchronized boolean tryTake() {
      long now = System.nanoTime();
      tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
      last = now;
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    }
  }

  static boolean matches(String pattern, String operation) {
    if (pattern.equals("*") || pattern.equals(operation)) {
      return true;
    }
    return pattern.endsWith(".*") && operation.startsWith(pattern.substring(0, pattern.length() - 1));
  }

  /** A uniform value in [0, 1) from (seed, rule, n): SplitMix64's finaliser over the three. */
  static double unit(long seed, int rule, long n) {
    long z = seed + 0x9E3779B97F4A7C15L * (rule + 1) + 0xBF58476D1CE4E5B9L * (n + 1);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    z = z ^ (z >>> 31);
    return (z >>> 11) * 0x1.0p-53;
  }

  private void record(String operation, Outcome outcome) {
    counts.computeIfAbsent(operation, k -> new ConcurrentHashMap<>())
        .computeIfAbsent(outcome, k -> new LongAdder())
        .increment();
  }

  private void acceptLoop() {
    while (!closed.get()) {
      try {
        Socket client = server.accept();
        client.setTcpNoDelay(true);
        open.add(client);
        workers.execute(() -> serve(client));
      } catch (IOException e) {
        if (closed.get()) {
          return;
        }
      } catch (java.util.concurrent.RejectedExecutionException e) {
        return;
      }
    }
  }

  private void serve(Socket client) {
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream(), 64 * 1024);
      OutputStream out = new BufferedOutputStream(client.getOutputStream(), 64 * 1024);
      while (!closed.get()) {
        String requestLine = readLine(in, true);
        if (requestLine == null) {
          return;
        }
        if (requestLine.isEmpty()) {
          continue;
        }
        String[] parts = requestLine.split(" ", 3);
        if (parts.length < 3) {
          return;
        }
        List<Map.Entry<String, String>> headers = readHeaders(in);
        boolean keepAlive = !"close".equalsIgnoreCase(value(headers, "Connection"))
            && !parts[2].equals("HTTP/1.0");
        if ("100-continue".equalsIgnoreCase(value(headers, "Expect"))) {
          out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        byte[] body = readBody(in, headers);
        List<Map.Entry<String, String>> forwarded = new ArrayList<>();
        for (Map.Entry<String, String> h : headers) {
          String n = h.getKey().toLowerCase(Locale.ROOT);
          if (!n.equals("connection") && !n.equals("keep-alive") && !n.equals("expect")
              && !n.equals("transfer-encoding") && !n.equals("content-length") && !n.startsWith("proxy-")) {
            forwarded.add(h);
          }
        }
        ProxyRequest request = new ProxyRequest(parts[0], parts[1], forwarded, body,
            ProxyRequest.identify(parts[0], parts[1], forwarded));
        if (!handle(request, client, out, keepAlive)) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away or the proxy is closing; nothing to answer
    } finally {
      open.remove(client);
    }
  }

  /** Returns whether the connection may carry another request. */
  private boolean handle(ProxyRequest request, Socket client, OutputStream out, boolean keepAlive)
      throws IOException {
    Fault fault = null;
    boolean rateLimited = false;
    for (Rule rule : rules) {
      if (matches(rule.pattern, request.operation())) {
        Fault f = rule.decide(request, rule.seen.getAndIncrement());
        if (f != null) {
          fault = f;
          rateLimited = rule.rateLimit();
          break;
        }
      }
    }
    if (fault == null) {
      record(request.operation(), Outcome.FORWARDED);
      write(out, request, forward(request), keepAlive, false);
      return keepAlive;
    }
    switch (fault.kind()) {
      case RESPONSE:
        record(request.operation(), rateLimited ? Outcome.RATE_LIMITED : Outcome.ERROR_INJECTED);
        write(out, request, fault.response(request), keepAlive, false);
        return keepAlive;
      case LATENCY:
        record(request.operation(), Outcome.FORWARDED);
        try {
          TimeUnit.NANOSECONDS.sleep(fault.latency().toNanos());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        write(out, request, forward(request), keepAlive, false);
        return keepAlive;
      case RESET:
        record(request.operation(), Outcome.CONNECTION_RESET);
        client.setSoLinger(true, 0);
        client.close();
        return false;
      case TRUNCATE:
        record(request.operation(), Outcome.TRUNCATED);
        write(out, request, forward(request), false, true);
        client.setSoLinger(true, 0);
        client.close();
        return false;
      case INTERCEPT:
        record(request.operation(), Outcome.INTERCEPTED);
        write(out, request, fault.interceptor().intercept(request, this::forward), keepAlive, false);
        return keepAlive;
      default:
        throw new IllegalStateException("unknown fault kind " + fault.kind());
    }
  }

  private ProxyResponse forward(ProxyRequest request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 5_000);
      s.setTcpNoDelay(true);
      OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
      StringBuilder head = new StringBuilder(512);
      head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
      for (Map.Entry<String, String> h : request.headers()) {
        head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
      head.append("Content-Length: ").append(request.body().length).append("\r\n");
      head.append("Connection: close\r\n\r\n");
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(request.body());
      out.flush();
      InputStream in = new BufferedInputStream(s.getInputStream(), 64 * 1024);
      String statusLine;
      List<Map.Entry<String, String>> headers;
      do {
        statusLine = readLine(in, false);
        if (statusLine == null) {
          throw new EOFException("upstream closed without a response to " + request.operation());
        }
        headers = readHeaders(in);
      } while (statusLine.split(" ", 3)[1].startsWith("1")); // skip interim 1xx answers
      String[] sp = statusLine.split(" ", 3);
      int status = Integer.parseInt(sp[1]);
      String reason = sp.length > 2 ? sp[2] : "";
      byte[] body;
      if (request.method().equalsIgnoreCase("HEAD") || status == 204 || status == 304) {
        body = new byte[0];
      } else if (value(headers, "Content-Length") != null || "chunked".equalsIgnoreCase(value(headers, "Transfer-Encoding"))) {
        body = readBody(in, headers);
      } else {
        body = in.readAllBytes();
      }
      // A HEAD answer keeps the server's Content-Length, which describes the object, not this body.
      if (request.method().equalsIgnoreCase("HEAD") && value(headers, "Content-Length") != null) {
        List<Map.Entry<String, String>> withLength = new ArrayList<>(headers);
        withLength.add(Map.entry("X-Cirrus-Head-Length", value(headers, "Content-Length")));
        headers = withLength;
      }
      return new ProxyResponse(status, reason, headers, body);
    }
  }

  private static void write(OutputStream out, ProxyRequest request, ProxyResponse response, boolean keepAlive,
      boolean truncate) throws IOException {
    StringBuilder head = new StringBuilder(512);
    head.append("HTTP/1.1 ").append(response.status()).append(' ').append(response.reason()).append("\r\n");
    String headLength = null;
    for (Map.Entry<String, String> h : response.headers()) {
      if (h.getKey().equals("X-Cirrus-Head-Length")) {
        headLength = h.getValue();
      } else {
        head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
    }
    boolean isHead = request.method().equalsIgnoreCase("HEAD");
    head.append("Content-Length: ").append(isHead && headLength != null ? headLength : Integer.toString(response.body().length)).append("\r\n");
    head.append(keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!isHead) {
      byte[] body = response.body();
      out.write(body, 0, truncate ? body.length / 2 : body.length);
    }
    out.flush();
  }

  /** The first value of a header, matched case-insensitively and trimmed, or null. */
  static String value(List<Map.Entry<String, String>> headers, String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue().trim();
      }
    }
    return null;
  }

  private static List<Map.Entry<String, String>> readHeaders(InputStream in) throws IOException {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    int total = 0;
    while (true) {
      String line = readLine(in, false);
      if (line == null) {
        throw new EOFException("connection closed inside headers");
      }
      if (line.isEmpty()) {
        return headers;
      }
      total += line.length();
      if (total > MAX_HEADER_BYTES) {
        throw new IOException("headers larger than " + MAX_HEADER_BYTES + " bytes");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
      }
    }
  }

  private static byte[] readBody(InputStream in, List<Map.Entry<String, String>> headers) throws IOException {
    if ("chunked".equalsIgnoreCase(value(headers, "Transfer-Encoding"))) {
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      while (true) {
        String sizeLine = readLine(in, false);
        if (sizeLine == null) {
          throw new EOFException("connection closed inside a chunked body");
        }
        int semi = sizeLine.indexOf(';');
        int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
        if (size == 0) {
          while (true) { // trailers
            String t = readLine(in, false);
            if (t == null || t.isEmpty()) {
              return body.toByteArray();
            }
          }
        }
        byte[] chunk = in.readNBytes(size);
        if (chunk.length < size) {
          throw new EOFException("connection closed inside a chunk");
        }
        body.write(chunk);
        readLine(in, false);
      }
    }
    String length = value(headers, "Content-Length");
    if (length == null) {
      return new byte[0];
    }
    long n = Long.parseLong(length);
    if (n > Integer.MAX_VALUE - 16) {
      throw new IOException("body of " + n + " bytes is larger than the proxy buffers");
    }
    byte[] body = in.readNBytes((int) n);
    if (body.length < n) {
      throw new EOFException("connection closed after " + body.length + " of " + n + " body bytes");
    }
    return body;
  }

  /** Reads one CRLF- (or LF-) terminated line; null at end of stream before any byte. */
  private static String readLine(InputStream in, boolean idle) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int b;
      try {
        b = in.read();
      } catch (SocketException e) {
        if (idle && sb.length() == 0) {
          return null;
        }
        throw e;
      }
      if (b < 0) {
        return sb.length() == 0 ? null : sb.toString();
      }
      if (b == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      sb.append((char) b);
      if (sb.length() > MAX_HEADER_BYTES) {
        throw new IOException("line longer than " + MAX_HEADER_BYTES + " bytes");
      }
    }
  }

  private static void closeQuietly(Socket s) {
    try {
      s.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
