package dev.cirrus.retry.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.retry.fleet.FleetSimulation.Kind;
import dev.cirrus.retry.fleet.FleetSimulation.Scenario;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The fleet simulation's figures for today's limiter, seeded and on simulated time (no test here is timed). The
 * issue's fleet targets this limiter does NOT meet yet, and so are not asserted: throttling under 5% within 5 s of
 * a halving (it spikes over 5% in single seconds whenever DynamoDB's burst bucket runs dry) and Jain's index at
 * N = 16 (about 0.79). docs/design/retry.md has the figures.
 */
class FleetSimulationTest {

  private static final int PROXY = 0;
  private static final int PROXY_COLD = 1;
  private static final int S3 = 6;

  private static FleetResult run(Kind kind, int scenario) {
    return FleetSimulation.run(FleetReport.scenarios(kind).get(scenario));
  }

  @Test
  void run_sameSeed_sameFigures() {
    Scenario s = FleetReport.fleet(Kind.CIRRUS, 4);

    assertThat(FleetSimulation.run(s).summary()).isEqualTo(FleetSimulation.run(s).summary());
    assertThat(FleetSimulation.run(s.withSeed(7)).summary()).isNotEqualTo(FleetSimulation.run(s).summary());
  }

  @Test
  void oneClient_proxyBucket_nearAdmittedRateFewThrottlesNoFailure() {
    FleetResult r = run(Kind.CIRRUS, PROXY);

    assertThat(r.goodputRatio()).isGreaterThanOrEqualTo(0.95);
    assertThat(r.throttledPercent()).isLessThanOrEqualTo(2.0);
    assertThat(r.failedCalls()).isZero();
  }

  @Test
  void oneClient_coldTenSecondRun_aheadOfSdkStandard() {
    FleetResult cirrus = run(Kind.CIRRUS, PROXY_COLD);
    FleetResult sdk = run(Kind.SDK_STANDARD, PROXY_COLD);

    assertThat(cirrus.goodputRatio()).isGreaterThanOrEqualTo(0.95);
    assertThat(cirrus.throttledPercent()).isLessThan(sdk.throttledPercent());
    assertThat(cirrus.p99Millis()).isLessThan(sdk.p99Millis());
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4})
  void fleet_independentClients_aggregateFairLateJoinerQuick(int n) {
    FleetResult r = FleetSimulation.run(FleetReport.fleet(Kind.CIRRUS, n));

    assertThat(r.goodputRatio()).isGreaterThanOrEqualTo(0.9);
    assertThat(r.jain()).isGreaterThanOrEqualTo(0.9);
    assertThat(r.lateJoinSeconds()).isLessThanOrEqualTo(10);
    assertThat(r.failedCalls()).isZero();
  }

  @ParameterizedTest
  @ValueSource(ints = {2, 4, 16})
  void fleet_againstSdkStandard_fewerThrottlesAndFailures(int n) {
    FleetResult cirrus = FleetSimulation.run(FleetReport.fleet(Kind.CIRRUS, n));
    FleetResult sdk = FleetSimulation.run(FleetReport.fleet(Kind.SDK_STANDARD, n));

    assertThat(cirrus.goodputRatio()).isGreaterThanOrEqualTo(0.9);
    assertThat(cirrus.throttledPercent()).isLessThan(sdk.throttledPercent());
    assertThat(cirrus.failedCalls()).isLessThan(sdk.failedCalls());
  }

  @Test
  void fleet_sharedLimiterPerTable_fairAtFourClients() {
    FleetResult r = FleetSimulation.run(FleetReport.fleet(Kind.CIRRUS_SHARED_LIMITER, 4));

    assertThat(r.jain()).isGreaterThanOrEqualTo(0.99);
    assertThat(r.goodputRatio()).isGreaterThanOrEqualTo(0.9);
  }

  @Test
  void s3Prefix_slowDown_classifiedAsThrottleAndPaced() {
    FleetResult cirrus = run(Kind.CIRRUS, S3);
    FleetResult sdk = run(Kind.SDK_STANDARD, S3);

    assertThat(cirrus.goodputRatio()).isGreaterThanOrEqualTo(0.9);
    assertThat(cirrus.throttledPercent()).isLessThan(5.0).isLessThan(sdk.throttledPercent());
  }
}
