package dev.cirrus.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
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

  private final URI upstream;
  private final UpstreamForwarder forwarder;
  private final long seed;
  private final ServerSocket server;
  private final ExecutorService workers;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final List<FaultRule> rules = new CopyOnWriteArrayList<>();
  private final Map<String, Map<Outcome, LongAdder>> counts = new ConcurrentHashMap<>();
  private final List<Socket> open = new CopyOnWriteArrayList<>();

  private FaultProxy(URI upstream, long seed) throws IOException {
    this.upstream = upstream;
    this.forwarder = new UpstreamForwarder(upstream);
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
    rules.add(new FaultRule(operation) {
      @Override
      Fault decide(ProxyRequest request, long n) {
        return FaultRule.unit(seed, index, n) < rate ? fault : null;
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
    rules.add(new FaultRule(operation) {
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
    Map<String, FaultRule.Bucket> buckets = new ConcurrentHashMap<>();
    Fault throttle = Fault.throttle();
    rules.add(new FaultRule(operation) {
      @Override
      Fault decide(ProxyRequest request, long n) {
        FaultRule.Bucket b = buckets.computeIfAbsent(key.apply(request), k -> new FaultRule.Bucket(requestsPerSecond, burst));
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

  /** See {@link FaultRule#matches}. */
  static boolean matches(String pattern, String operation) {
    return FaultRule.matches(pattern, operation);
  }

  /** See {@link FaultRule#unit}. */
  static double unit(long seed, int rule, long n) {
    return FaultRule.unit(seed, rule, n);
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
        String requestLine = HttpWire.readLine(in, true);
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
        List<Map.Entry<String, String>> headers = HttpWire.readHeaders(in);
        boolean keepAlive = !"close".equalsIgnoreCase(HttpWire.value(headers, "Connection"))
            && !parts[2].equals("HTTP/1.0");
        if ("100-continue".equalsIgnoreCase(HttpWire.value(headers, "Expect"))) {
          out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        byte[] body = HttpWire.readBody(in, headers);
        List<Map.Entry<String, String>> forwarded = endToEnd(headers);
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

  /** The headers without the hop-by-hop and framing ones, which the proxy sets itself when it forwards. */
  private static List<Map.Entry<String, String>> endToEnd(List<Map.Entry<String, String>> headers) {
    List<Map.Entry<String, String>> forwarded = new ArrayList<>();
    for (Map.Entry<String, String> h : headers) {
      String n = h.getKey().toLowerCase(Locale.ROOT);
      if (!n.equals("connection") && !n.equals("keep-alive") && !n.equals("expect")
          && !n.equals("transfer-encoding") && !n.equals("content-length") && !n.startsWith("proxy-")) {
        forwarded.add(h);
      }
    }
    return forwarded;
  }

  /** Returns whether the connection may carry another request. */
  private boolean handle(ProxyRequest request, Socket client, OutputStream out, boolean keepAlive)
      throws IOException {
    Fault fault = null;
    boolean rateLimited = false;
    for (FaultRule rule : rules) {
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
      HttpWire.write(out, request, forwarder.forward(request), keepAlive, false);
      return keepAlive;
    }
    return apply(fault, rateLimited, request, client, out, keepAlive);
  }

  /** Answers a request the way {@code fault} says; returns whether the connection may carry another request. */
  private boolean apply(Fault fault, boolean rateLimited, ProxyRequest request, Socket client, OutputStream out,
      boolean keepAlive) throws IOException {
    switch (fault.kind()) {
      case RESPONSE:
        record(request.operation(), rateLimited ? Outcome.RATE_LIMITED : Outcome.ERROR_INJECTED);
        HttpWire.write(out, request, fault.response(request), keepAlive, false);
        return keepAlive;
      case LATENCY:
        record(request.operation(), Outcome.FORWARDED);
        try {
          TimeUnit.NANOSECONDS.sleep(fault.latency().toNanos());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
        HttpWire.write(out, request, forwarder.forward(request), keepAlive, false);
        return keepAlive;
      case RESET:
        record(request.operation(), Outcome.CONNECTION_RESET);
        client.setSoLinger(true, 0);
        client.close();
        return false;
      case TRUNCATE:
        record(request.operation(), Outcome.TRUNCATED);
        HttpWire.write(out, request, forwarder.forward(request), false, true);
        client.setSoLinger(true, 0);
        client.close();
        return false;
      case INTERCEPT:
        record(request.operation(), Outcome.INTERCEPTED);
        HttpWire.write(out, request, fault.interceptor().intercept(request, forwarder), keepAlive, false);
        return keepAlive;
      default:
        throw new IllegalStateException("unknown fault kind " + fault.kind());
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