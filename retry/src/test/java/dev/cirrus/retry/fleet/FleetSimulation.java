package dev.cirrus.retry.fleet;

import dev.cirrus.retry.AdaptiveRateLimiter;
import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * A deterministic fleet simulation on a virtual clock: {@code clients} independent clients, each with
 * {@code threads} closed-loop threads (a thread sends its next call as soon as the last one succeeds, 10 ms after one fails), call one
 * throttling {@link SimServer}. Each Cirrus client has its OWN {@link RetryPolicy}, {@link RetryBudget} and
 * {@link AdaptiveRateLimiter} (the real classes, fed the virtual clock and a seeded random), unless the scenario
 * shares one limiter per table across the process; SDK standard clients each have their own strategy.
 *
 * <p>An event queue orders everything; the network takes {@code |N(5 ms, 1 ms)|} each way. Nothing sleeps and no
 * thread is started, so a 90 s run takes well under a second, and a seed gives the same figures every time.
 */
final class FleetSimulation {

  /** The retry logic of every client of a run. */
  enum Kind { CIRRUS, CIRRUS_SHARED_LIMITER, SDK_STANDARD }

  /**
   * One run's set-up.
   *
   * @param clients the number of independent clients
   * @param threads closed-loop threads per client
   * @param rate the server's provisioned rate, requests per second
   * @param burstSeconds the server's banked unused capacity, seconds (300 for DynamoDB)
   * @param minBurst the server bucket's least size, tokens
   * @param flavor the throttling error
   * @param seconds the run's length
   * @param lateJoinSecond when the last client starts, or 0 for all at once
   * @param halveSecond when the server's rate halves, or 0 for never
   * @param warmupSeconds the first seconds left out of the run-wide figures
   * @param seed the seed of every random draw
   */
  record Scenario(Kind kind, int clients, int threads, double rate, double burstSeconds, double minBurst,
      SimServer.Flavor flavor, int seconds, int lateJoinSecond, int halveSecond, int warmupSeconds, long seed) {

    Scenario with(Kind k) {
      return new Scenario(k, clients, threads, rate, burstSeconds, minBurst, flavor, seconds, lateJoinSecond,
          halveSecond, warmupSeconds, seed);
    }

    Scenario withSeed(long newSeed) {
      return new Scenario(kind, clients, threads, rate, burstSeconds, minBurst, flavor, seconds, lateJoinSecond,
          halveSecond, warmupSeconds, newSeed);
    }
  }

  private static final long SECOND = 1_000_000_000L;
  /** A thread whose call failed starts its next one 10 ms later (it logs, it reports). */
  private static final long FAILED_PAUSE_NANOS = 10_000_000L;

  private final Scenario s;
  private final long[] clock = {0};
  private final SplittableRandom rnd;
  private final SimServer server;
  private final PriorityQueue<Event> events = new PriorityQueue<>();
  private final FleetResult result;
  private long seq;

  private record Event(long time, long seq, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return time != o.time ? Long.compare(time, o.time) : Long.compare(seq, o.seq);
    }
  }

  private FleetSimulation(Scenario s) {
    this.s = s;
    this.rnd = new SplittableRandom(s.seed());
    this.server = new SimServer(s.rate(), s.burstSeconds(), s.minBurst(), s.flavor());
    this.result = new FleetResult(s);
  }

  /** Runs {@code s} and returns its figures. */
  static FleetResult run(Scenario s) {
    return new FleetSimulation(s).simulate();
  }

  private FleetResult simulate() {
    LongSupplier ticker = () -> clock[0];
    AdaptiveRateLimiter shared = AdaptiveRateLimiter.builder().nanoTicker(ticker).build();
    for (int c = 0; c < s.clients(); c++) {
      Supplier<SimCall> calls = client(c, ticker, shared);
      long join = c == s.clients() - 1 && s.lateJoinSecond() > 0 ? s.lateJoinSecond() * SECOND : 0;
      for (int t = 0; t < s.threads(); t++) {
        int client = c;
        at(join + c * 997L + t * 101_000L, () -> startCall(client, calls));
      }
    }
    if (s.halveSecond() > 0) {
      at(s.halveSecond() * SECOND, () -> server.setRate(clock[0], s.rate() / 2));
    }
    long end = s.seconds() * SECOND;
    while (!events.isEmpty() && events.peek().time() < end) {
      Event e = events.poll();
      clock[0] = e.time();
      e.action().run();
    }
    return result;
  }

  private Supplier<SimCall> client(int c, LongSupplier ticker, AdaptiveRateLimiter shared) {
    SplittableRandom own = rnd.split();
    DoubleSupplier random = own::nextDouble;
    String key = "table";
    switch (s.kind()) {
      case SDK_STANDARD:
        RetryStrategy strategy = SimCall.sdkStandard(random);
        return () -> SimCall.sdk(strategy, key);
      case CIRRUS_SHARED_LIMITER:
        return cirrus(shared, ticker, random, key);
      default:
        return cirrus(AdaptiveRateLimiter.builder().nanoTicker(ticker).build(), ticker, random, key);
    }
  }

  private static Supplier<SimCall> cirrus(AdaptiveRateLimiter limiter, LongSupplier ticker, DoubleSupplier random,
      String key) {
    RetryPolicy policy = RetryPolicy.builder().rateLimiter(limiter).budget(RetryBudget.create())
        .nanoTicker(ticker).random(random).sleeper(n -> {
          throw new IllegalStateException("the simulation never sleeps");
        }).build();
    return () -> SimCall.cirrus(policy, key);
  }

  private void at(long time, Runnable action) {
    events.add(new Event(time, seq++, action));
  }

  private void startCall(int client, Supplier<SimCall> calls) {
    SimCall call = calls.get();
    long begin = clock[0];
    long delay = call.first();
    if (delay == SimCall.GIVE_UP) {
      result.failed(client, clock[0]);
      at(clock[0] + FAILED_PAUSE_NANOS, () -> startCall(client, calls));
      return;
    }
    at(clock[0] + delay, () -> send(client, calls, call, begin));
  }

  private void send(int client, Supplier<SimCall> calls, SimCall call, long begin) {
    call.attempt();
    at(clock[0] + oneWay(), () -> {
      RuntimeException answer = server.arrive(clock[0]);
      at(clock[0] + oneWay(), () -> respond(client, calls, call, begin, answer));
    });
  }

  private void respond(int client, Supplier<SimCall> calls, SimCall call, long begin, RuntimeException answer) {
    long now = clock[0];
    if (answer == null) {
      call.success();
      result.success(client, now, now - begin);
      startCall(client, calls);
      return;
    }
    result.throttled(client, now);
    long delay = call.failure(answer);
    if (delay == SimCall.GIVE_UP) {
      result.failed(client, now);
      at(now + FAILED_PAUSE_NANOS, () -> startCall(client, calls));
      return;
    }
    at(now + delay, () -> send(client, calls, call, begin));
  }

  private long oneWay() {
    double u = 1.0 - rnd.nextDouble();
    double g = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd.nextDouble());
    return (long) (Math.abs(5 + g) * 1_000_000L);
  }

  /** Runs every scenario and returns the results in order. */
  static List<FleetResult> runAll(List<Scenario> scenarios) {
    List<FleetResult> out = new ArrayList<>();
    for (Scenario sc : scenarios) {
      out.add(run(sc));
    }
    return out;
  }
}
