package dev.cirrus.retry.fleet;

import java.util.List;

/** Prints the fleet scenarios' figures (for the retry guide); run from the test class path. */
public final class FleetReport {
  private FleetReport() {}

  /** The scenarios of the guide and the tests. */
  static List<FleetSimulation.Scenario> scenarios(FleetSimulation.Kind kind) {
    return List.of(
        // One client, 8 threads, 40/s with a 5-token bucket: the RetryOverloadBenchmark set-up.
        new FleetSimulation.Scenario(kind, 1, 8, 40, 0, 5, SimServer.Flavor.DYNAMODB, 60, 0, 0, 10, 42),
        // The same, as the benchmark measures it: a 10 s run from a cold start.
        new FleetSimulation.Scenario(kind, 1, 8, 40, 0, 5, SimServer.Flavor.DYNAMODB, 10, 0, 0, 0, 42),
        // One client against a DynamoDB-like table (300 s burst).
        new FleetSimulation.Scenario(kind, 1, 8, 40, 300, 5, SimServer.Flavor.DYNAMODB, 60, 0, 0, 10, 42),
        fleet(kind, 2), fleet(kind, 4), fleet(kind, 16),
        // S3 prefix: 503 SlowDown, one second of burst.
        new FleetSimulation.Scenario(kind, 4, 8, 100, 1, 5, SimServer.Flavor.S3_SLOW_DOWN, 90, 30, 60, 10, 42));
  }

  /** N clients of 8 threads on a 100/s DynamoDB table; the last joins at 30 s, capacity halves at 60 s. */
  static FleetSimulation.Scenario fleet(FleetSimulation.Kind kind, int n) {
    return new FleetSimulation.Scenario(kind, n, 8, 100, 300, 5, SimServer.Flavor.DYNAMODB, 90, 30, 60, 10, 42);
  }

  /** Prints every scenario for every kind, then per-second traces of the 4-client fleet. */
  public static void main(String[] args) {
    if (args.length == 2) {
      FleetSimulation.Scenario sc = scenarios(FleetSimulation.Kind.valueOf(args[0])).get(Integer.parseInt(args[1]));
      FleetResult r = FleetSimulation.run(sc);
      System.out.println(r.summary());
      System.out.print(r.trace());
      return;
    }
    for (FleetSimulation.Kind kind : FleetSimulation.Kind.values()) {
      for (FleetSimulation.Scenario sc : scenarios(kind)) {
        System.out.println(FleetSimulation.run(sc).summary());
      }
    }
  }
}
