package dev.cirrus.benchmarks.retry;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryBudget;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.SplittableRandom;

/**
 * A deterministic reproduction of the optimistic-concurrency simulation in "Exponential Backoff And Jitter"
 * (AWS Architecture Blog, 2015): N clients race to write one record; each needs one successful write.
 *
 * <p>Model (event-driven, simulated time, no threads, no sleeping): a client sends a conditional write at
 * time {@code s}; it reaches the server after a network delay {@code |N(10 ms, 2 ms)|}, and succeeds iff no
 * other write succeeded after {@code s} (the version it read is still current), otherwise it conflicts.
 * The answer takes another network delay back. A conflicted client waits its backoff (base 5 ms, cap
 * 2,000 ms, attempt = its number of failed writes) and tries again, without limit. Figures per point are the
 * mean over {@code runs} runs: total calls (the work the server did) and completion time (when the last client
 * finished). Every run is seeded from (seed, N, run), so output is identical run to run.
 *
 * <p>The second table adds, to full jitter, a shared {@link RetryBudget} (conflicts treated as throttles, cost
 * 5; a client refused by the budget gives up and is counted) and/or a shared {@link AdaptiveRateLimiter}
 * (every conflict is a throttle signal; each write reserves a send slot), fed by the simulated clock.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.cirrus.benchmarks.retry.ContentionSimulator
 * [--runs 100] [--from 10] [--to 190] [--step 10] [--seed 42] [--csv retry-contention.csv]}.
 * Prints two tables and writes the CSV ({@code variant,clients,calls,completion_ms,failed_clients}).
 */
public final class ContentionSimulator {

  /** One variant: a backoff, optionally with the budget and/or the limiter. */
  record Variant(String name, Backoff backoff, boolean budget, boolean limiter) {}

  /** Mean figures of one variant at one N. */
  record Point(String variant, int clients, double calls, double completionMillis, double failedClients) {}

  private static final long MS = 1_000_000L;

  private ContentionSimulator() {}

  static List<Variant> variants() {
    Duration base = Duration.ofMillis(5);
    Duration cap = Duration.ofMillis(2000);
    return List.of(
        new Variant("exponential", Backoff.exponential(base, cap), false, false),
        new Variant("equal-jitter", Backoff.equalJitter(base, cap), false, false),
        new Variant("full-jitter", Backoff.fullJitter(base, cap), false, false),
        new Variant("decorrelated", Backoff.decorrelatedJitter(base, cap), false, false),
        new Variant("full+budget", Backoff.fullJitter(base, cap), true, false),
        new Variant("full+limiter", Backoff.fullJitter(base, cap), false, true),
        new Variant("full+both", Backoff.fullJitter(base, cap), true, true));
  }

  /** Simulates one run; returns {calls, completionNanos, failedClients}. */
  static long[] simulate(Variant v, int clients, long seed) {
    return new Run(v, clients, seed).simulate();
  }

  /** The state of one simulated run. */
  private static final class Run {
    // Event: {time, kind, client, sendTime}.
    private static final int SEND = 0;
    private static final int ARRIVE = 1;
    private static final int RESPONSE_OK = 2;
    private static final int RESPONSE_CONFLICT = 3;
    /** A send the limiter delayed: it now goes out without asking the limiter again. */
    private static final int SEND_RESERVED = 4;

    private final Variant v;
    private final SplittableRandom rnd;
    private final long[] clock = {0};
    private final RetryBudget budget;
    private final AdaptiveRateLimiter limiter;
    private final PriorityQueue<long[]> events = new PriorityQueue<>((a, b) -> a[0] != b[0]
        ? Long.compare(a[0], b[0]) : Long.compare(a[2], b[2]));
    private final int[] failures;
    private final long[] previousDelay;
    private long lastSuccess = -1;
    private long calls;
    private long finish;
    private long failed;

    Run(Variant v, int clients, long seed) {
      this.v = v;
      this.rnd = new SplittableRandom(seed);
      this.budget = v.budget() ? RetryBudget.create() : null;
      this.limiter = v.limiter() ? AdaptiveRateLimiter.builder().nanoTicker(() -> clock[0]).build() : null;
      this.failures = new int[clients];
      this.previousDelay = new long[clients];
      for (int c = 0; c < clients; c++) {
        events.add(new long[] {0, SEND, c, 0});
      }
    }

    long[] simulate() {
      while (!events.isEmpty()) {
        long[] e = events.poll();
        clock[0] = e[0];
        int c = (int) e[2];
        switch ((int) e[1]) {
          case SEND:
            onSend(e[0], c);
            break;
          case SEND_RESERVED:
            transmit(e[0], c);
            break;
          case ARRIVE:
            onArrive(e[0], c, e[3]);
            break;
          case RESPONSE_OK:
            onSuccess(e[0], c);
            break;
          default:
            onConflict(e[0], c);
        }
      }
      return new long[] {calls, finish, failed};
    }

    private void onSend(long now, int c) {
      long wait = limiter == null ? 0 : limiter.reserveNanos("record");
      if (wait > 0) {
        events.add(new long[] {now + wait, SEND_RESERVED, c, 0});
      } else {
        transmit(now, c);
      }
    }

    private void transmit(long now, int c) {
      calls++;
      events.add(new long[] {now + networkDelay(rnd), ARRIVE, c, now});
    }

    /** The write sent at {@code sentAt} succeeds iff no other write succeeded after it was sent. */
    private void onArrive(long now, int c, long sentAt) {
      boolean ok = lastSuccess < sentAt;
      if (ok) {
        lastSuccess = now;
      }
      events.add(new long[] {now + networkDelay(rnd), ok ? RESPONSE_OK : RESPONSE_CONFLICT, c, sentAt});
    }

    private void onSuccess(long now, int c) {
      if (limiter != null) {
        limiter.onResponse("record", false);
      }
      if (budget != null) {
        budget.release(failures[c] > 0 ? failures[c] * budget.throttlingRetryCost() : budget.successRefund());
      }
      finish = Math.max(finish, now);
    }

    private void onConflict(long now, int c) {
      if (limiter != null) {
        limiter.onResponse("record", true);
      }
      failures[c]++;
      if (budget != null && !budget.tryAcquire(budget.throttlingRetryCost())) {
        // Refunds of this client's earlier retries are lost: it failed.
        failed++;
        finish = Math.max(finish, now);
        return;
      }
      long delay = v.backoff().delayNanos(failures[c], previousDelay[c], rnd.nextDouble());
      previousDelay[c] = delay;
      events.add(new long[] {now + delay, SEND, c, 0});
    }
  }

  private static long networkDelay(SplittableRandom rnd) {
    return (long) (Math.abs(10 + 2 * gaussian(rnd)) * MS);
  }

  private static double gaussian(SplittableRandom rnd) {
    // Box-Muller on the seeded generator (SplittableRandom has no nextGaussian in Java 17).
    double u = 1.0 - rnd.nextDouble();
    double w = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * w);
  }

  static List<Point> run(int from, int to, int step, int runs, long seed) {
    List<Point> points = new ArrayList<>();
    for (Variant v : variants()) {
      for (int n = from; n <= to; n += step) {
        double calls = 0;
        double completion = 0;
        double failed = 0;
        for (int r = 0; r < runs; r++) {
          long[] out = simulate(v, n, seed * 1_000_003L + n * 1009L + r);
          calls += out[0];
          completion += out[1];
          failed += out[2];
        }
        points.add(new Point(v.name(), n, calls / runs, completion / runs / MS, failed / runs));
      }
    }
    return points;
  }

  /** Entry point; see the class documentation for the arguments. */
  public static void main(String[] args) throws IOException {
    int runs = 100;
    int from = 10;
    int to = 190;
    int step = 10;
    long seed = 42;
    Path csv = Path.of("retry-contention.csv");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--runs": runs = Integer.parseInt(args[i + 1]); break;
        case "--from": from = Integer.parseInt(args[i + 1]); break;
        case "--to": to = Integer.parseInt(args[i + 1]); break;
        case "--step": step = Integer.parseInt(args[i + 1]); break;
        case "--seed": seed = Long.parseLong(args[i + 1]); break;
        case "--csv": csv = Path.of(args[i + 1]); break;
        default: throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<Point> points = run(from, to, step, runs, seed);
    PrintStream out = System.out;
    out.printf(Locale.ROOT, "Contention simulation: %d runs per point, seed %d, base 5 ms, cap 2000 ms, "
        + "network |N(10 ms, 2 ms)|%n", runs, seed);
    printTable(out, points, "calls", List.of("exponential", "equal-jitter", "full-jitter", "decorrelated"));
    printTable(out, points, "completion_ms", List.of("exponential", "equal-jitter", "full-jitter", "decorrelated"));
    printTable(out, points, "calls", List.of("full-jitter", "full+budget", "full+limiter", "full+both"));
    printTable(out, points, "completion_ms", List.of("full-jitter", "full+budget", "full+limiter", "full+both"));
    printTable(out, points, "failed_clients", List.of("full+budget", "full+both"));
    StringBuilder sb = new StringBuilder("variant,clients,calls,completion_ms,failed_clients\n");
    for (Point p : points) {
      sb.append(String.format(Locale.ROOT, "%s,%d,%.1f,%.1f,%.2f%n", p.variant(), p.clients(), p.calls(),
          p.completionMillis(), p.failedClients()));
    }
    Files.writeString(csv, sb.toString());
    out.println("CSV written to " + csv.toAbsolutePath());
  }

  private static void printTable(PrintStream out, List<Point> points, String metric, List<String> variants) {
    out.printf(Locale.ROOT, "%n%s%n%8s", metric, "clients");
    for (String v : variants) {
      out.printf(Locale.ROOT, " %14s", v);
    }
    out.println();
    points.stream().mapToInt(Point::clients).distinct().sorted().forEach(n -> {
      out.printf(Locale.ROOT, "%8d", n);
      for (String v : variants) {
        Point p = points.stream().filter(x -> x.variant().equals(v) && x.clients() == n).findFirst().orElseThrow();
        double value = metric.equals("calls") ? p.calls()
            : metric.equals("completion_ms") ? p.completionMillis() : p.failedClients();
        out.printf(Locale.ROOT, " %14.1f", value);
      }
      out.println();
    });
  }
}
