package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class CapacityPlannerTest {

  @Test
  void plan_simpleWorkload_unitsAndCosts() {
    Workload w = Workload.builder().itemSizeBytes(3000)
        .readsPerSecond(ReadConsistency.EVENTUAL, 100).readsPerSecond(ReadConsistency.STRONG, 50)
        .writesPerSecond(20).build();
    CapacityPlan p = CapacityPlanner.plan(w);
    assertThat(p.readUnitsPerSecond()).isEqualTo(100 * 0.5 + 50);
    assertThat(p.writeUnitsPerSecond()).isEqualTo(60.0);
    assertThat(p.provisionedRcu()).isEqualTo(100);
    assertThat(p.provisionedWcu()).isEqualTo(60);
    assertThat(p.provisionedMonthlyUsd()).isCloseTo((100 * 0.00013 + 60 * 0.00065) * 730, within(1e-9));
    double seconds = 730 * 3600.0;
    assertThat(p.onDemandMonthlyUsd()).isCloseTo(100 * seconds / 1e6 * 0.125 + 60 * seconds / 1e6 * 0.625,
        within(1e-6));
    assertThat(p.onDemandIsCheaper()).isFalse();
    assertThat(p.warnings()).isEmpty();
    assertThat(p.historicalPartitionEstimate()).isEqualTo(1);
  }

  @Test
  void plan_targetUtilization_provisionsHeadroom() {
    Workload w = Workload.builder().itemSizeBytes(1000).writesPerSecond(70).build();
    CapacityPlan p = CapacityPlanner.plan(w, 0.7, PriceTable.usEast1(), 40_000);
    assertThat(p.provisionedWcu()).isEqualTo(100);
    assertThat(p.provisionedRcu()).isEqualTo(1);
  }

  @Test
  void plan_transactionsAndGsi_countedSeparately() {
    Workload w = Workload.builder().itemSizeBytes(1500).writesPerSecond(100).transactionalWriteShare(0.25)
        .addGlobalIndex(new Workload.GlobalIndexLoad("byStatus", 200, 400, 1.5)).build();
    CapacityPlan p = CapacityPlanner.plan(w);
    assertThat(p.writeUnitsPerSecond()).isEqualTo(100 * 2 * (0.75 + 0.5));
    CapacityPlan.IndexPlan gsi = p.indexes().get(0);
    assertThat(gsi.writeUnitsPerSecond()).isEqualTo(150.0);
    assertThat(gsi.readUnitsPerSecond()).isEqualTo(200.0);
  }

  @Test
  void plan_sizeDistribution_roundsEachSizeBeforeAveraging() {
    Workload w = Workload.builder().addItemSize(100, 1).addItemSize(1100, 1).writesPerSecond(10).build();
    assertThat(w.averageWriteUnits()).isEqualTo(1.5);
    assertThat(CapacityPlanner.plan(w).writeUnitsPerSecond()).isEqualTo(15.0);
  }

  @Test
  void plan_overQuota_warns() {
    Workload w = Workload.builder().itemSizeBytes(1024).writesPerSecond(50_000).build();
    assertThat(CapacityPlanner.plan(w).warnings())
        .containsExactly("table needs 50000 WCU, over the per-table quota of 40000 (request an increase through Service Quotas)");
  }

  @Test
  void plan_spikyLowTraffic_onDemandCheaper() {
    Workload w = Workload.builder().itemSizeBytes(500).readsPerSecond(ReadConsistency.EVENTUAL, 1).writesPerSecond(0.1).build();
    assertThat(CapacityPlanner.plan(w).onDemandIsCheaper()).isTrue();
  }

  @Test
  void plan_overriddenPrices_used() {
    PriceTable prices = PriceTable.usEast1().toBuilder().region("eu-west-1").effectiveDate(LocalDate.of(2026, 1, 1))
        .wcuHourUsd(0.001).build();
    Workload w = Workload.builder().itemSizeBytes(1000).writesPerSecond(10).build();
    CapacityPlan p = CapacityPlanner.plan(w, 1.0, prices, 40_000);
    assertThat(p.provisionedMonthlyUsd()).isCloseTo((1 * 0.00013 + 10 * 0.001) * 730, within(1e-9));
    assertThat(p.prices().region()).isEqualTo("eu-west-1");
  }

  @Test
  void historicalPartitions_heuristic() {
    assertThat(CapacityPlanner.historicalPartitions(6000, 2000, 0)).isEqualTo(4);
    assertThat(CapacityPlanner.historicalPartitions(10, 10, 55)).isEqualTo(6);
    assertThat(CapacityPlanner.historicalPartitions(0, 0, 0)).isEqualTo(1);
  }

  @Test
  void maxThroughput_itemsAndKilobytes() {
    TableThroughput t = CapacityPlanner.maxThroughput(1000, 500, 6000, ReadConsistency.EVENTUAL);
    assertThat(t.readItemsPerSecond()).isEqualTo(1000.0);
    assertThat(t.writeItemsPerSecond()).isEqualTo(500.0 / 6);
    assertThat(t.readKilobytesPerSecond()).isCloseTo(1000 * 6000 / 1024.0, within(1e-9));
  }

  @Test
  void hotKey_2500WritesOf1Kb_needsFourShardsAt80Percent() {
    HotKeyAdvice a = CapacityPlanner.hotKey(900, 2500, 100, ReadConsistency.EVENTUAL, 0.8);
    assertThat(a.requiredWriteUnitsPerSecond()).isEqualTo(2500.0);
    assertThat(a.recommendedWriteShards()).isEqualTo(4);
    assertThat(a.readsExceedPartition()).isFalse();
    assertThat(CapacityPlanner.hotKey(900, 800, 0, ReadConsistency.EVENTUAL, 0.8).recommendedWriteShards()).isEqualTo(1);
    assertThat(CapacityPlanner.hotKey(900, 801, 0, ReadConsistency.EVENTUAL, 0.8).recommendedWriteShards()).isEqualTo(2);
  }

  @Test
  void hotKey_readsAboveOnePartition_flagged() {
    assertThat(CapacityPlanner.hotKey(5000, 1, 4000, ReadConsistency.STRONG, 1.0).readsExceedPartition()).isTrue();
  }

  @Test
  void badInput_negativeRatesAndSizes_rejected() {
    assertThatThrownBy(() -> Workload.builder().writesPerSecond(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("writesPerSecond must be finite and >= 0, was -1.0");
    assertThatThrownBy(() -> Workload.builder().readsPerSecond(ReadConsistency.STRONG, Double.NaN))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("readsPerSecond must be finite and >= 0, was NaN");
    assertThatThrownBy(() -> Workload.builder().itemSizeBytes(-10))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("itemSizeBytes must be between 1 and 409600, was -10");
    assertThatThrownBy(() -> Workload.builder().itemSizeBytes(500_000))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("itemSizeBytes must be between 1 and 409600, was 500000");
    assertThatThrownBy(() -> Workload.builder().build())
        .isInstanceOf(IllegalStateException.class).hasMessage("an item size or size distribution must be set");
    assertThatThrownBy(() -> CapacityPlanner.hotKey(100, -5, 0, ReadConsistency.STRONG, 0.8))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("writesPerSecond must be finite and >= 0, was -5.0");
    assertThatThrownBy(() -> CapacityPlanner.maxThroughput(-1, 0, 100, ReadConsistency.STRONG))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("rcu must be finite and >= 0, was -1.0");
    Workload w = Workload.builder().itemSizeBytes(100).build();
    assertThatThrownBy(() -> CapacityPlanner.plan(w, 0.1, PriceTable.usEast1(), 40_000))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("targetUtilization must be between 0.2 and 1.0, was 0.1");
    assertThatThrownBy(() -> PriceTable.usEast1().toBuilder().rcuHourUsd(-0.1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("rcuHourUsd must be finite and >= 0, was -0.1");
    assertThatThrownBy(() -> new Workload.GlobalIndexLoad("g", 100, 1, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("indexWritesPerTableWrite must be between 0 and 2, was 3.0");
  }

  @Test
  void plan_gsiBelowTableWcu_warnsAndRecommendsTableWcu() {
    Workload w = Workload.builder().itemSizeBytes(2000).writesPerSecond(100)
        .addGlobalIndex(new Workload.GlobalIndexLoad("sparse", 100, 0, 0.1))
        .addGlobalIndex(new Workload.GlobalIndexLoad("full", 3000, 0, 2)).build();
    CapacityPlan p = CapacityPlanner.plan(w);
    assertThat(p.provisionedWcu()).isEqualTo(200);
    CapacityPlan.IndexPlan sparse = p.indexes().get(0);
    assertThat(sparse.provisionedWcu()).isEqualTo(10);
    assertThat(sparse.recommendedWcu()).isEqualTo(200);
    CapacityPlan.IndexPlan full = p.indexes().get(1);
    assertThat(full.provisionedWcu()).isEqualTo(600);
    assertThat(full.recommendedWcu()).isEqualTo(600);
    assertThat(p.warnings()).containsExactly("index sparse needs 10 WCU for its own writes, below the table's 200"
        + " WCU: a throttled global secondary index throttles writes to the table, so AWS recommends at least the"
        + " table's write capacity (recommendedWcu 200)");
  }

  @Test
  void plan_absurdFiniteReadRate_rejectedNamingRateAndLimit() {
    Workload w = Workload.builder().itemSizeBytes(100).readsPerSecond(ReadConsistency.STRONG, 1e20).build();
    assertThatThrownBy(() -> CapacityPlanner.plan(w))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("table reads of 1.0E20/s need 1.0E20 capacity units at target utilisation 1.0, more than"
            + " 9007199254740992 (2^53), the largest figure the planner computes exactly");
  }

  @Test
  void plan_absurdWriteRateOrIndexReads_rejected() {
    Workload writes = Workload.builder().itemSizeBytes(100).writesPerSecond(1e18).build();
    assertThatThrownBy(() -> CapacityPlanner.plan(writes, 0.5, PriceTable.usEast1(), 40_000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("table writes of 1.0E18/s need 2.0E18 capacity units at target utilisation 0.5");
    Workload index = Workload.builder().itemSizeBytes(100)
        .addGlobalIndex(new Workload.GlobalIndexLoad("g", 100, 1e19, 0)).build();
    assertThatThrownBy(() -> CapacityPlanner.plan(index))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("index g reads of 1.0E19/s need 5.0E18 capacity units");
  }

  @Test
  void plan_largestRepresentableRate_exact() {
    Workload w = Workload.builder().itemSizeBytes(100).readsPerSecond(ReadConsistency.STRONG, 1e15).build();
    assertThat(CapacityPlanner.plan(w).provisionedRcu()).isEqualTo(1_000_000_000_000_000L);
  }

  @Test
  void hotKeyAndPartitions_absurdInputs_rejectedInsteadOfSaturating() {
    assertThatThrownBy(() -> CapacityPlanner.hotKey(1000, 1e15, 0, ReadConsistency.EVENTUAL, 1.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("writesPerSecond 1.0E15 needs 1.0E12 write shards, more than 2147483647, the most a shard count"
            + " can be");
    assertThatThrownBy(() -> CapacityPlanner.historicalPartitions(1, 1, 2e20))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tableSizeGb 2.0E20 needs 2.0E19 partitions, more than 9007199254740992 (2^53), the largest"
            + " figure the planner computes exactly");
  }

  @Test
  void plan_lsiItemCollectionNearOrOverTenGb_warns() {
    Workload.Builder b = Workload.builder().itemSizeBytes(100).localSecondaryIndexes(2);
    assertThat(CapacityPlanner.plan(b.largestItemCollectionGb(7.9).build()).warnings()).isEmpty();
    assertThat(CapacityPlanner.plan(b.largestItemCollectionGb(8.5).build()).warnings()).containsExactly(
        "largest item collection is 8.5 GB, near the 10.0 GB limit for tables with local secondary indexes: writes"
            + " that grow it past the limit fail with ItemCollectionSizeLimitExceededException (spread the partition"
            + " key, or use a global secondary index instead)");
    assertThat(CapacityPlanner.plan(b.largestItemCollectionGb(12).build()).warnings().get(0))
        .startsWith("largest item collection is 12.0 GB, over the 10.0 GB limit");
    Workload noLsi = Workload.builder().itemSizeBytes(100).largestItemCollectionGb(50).build();
    assertThat(CapacityPlanner.plan(noLsi).warnings()).isEmpty();
  }

  @Test
  void workload_badLsiCountOrCollectionSize_rejected() {
    assertThatThrownBy(() -> Workload.builder().localSecondaryIndexes(6))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("localSecondaryIndexes must be between 0 and 5, was 6");
    assertThatThrownBy(() -> Workload.builder().largestItemCollectionGb(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("largestItemCollectionGb must be finite and >= 0, was -1.0");
  }

  @Test
  void perPartition_evenSplitAndLoadAgainstPartitionLimits() {
    PartitionSplit s = CapacityPlanner.perPartition(6000, 1500, 4);
    assertThat(s.readUnitsPerPartition()).isEqualTo(1500.0);
    assertThat(s.writeUnitsPerPartition()).isEqualTo(375.0);
    assertThat(s.partitionLoad()).isEqualTo(0.875);
    assertThat(s.overPartitionLimit()).isFalse();
    assertThat(CapacityPlanner.perPartition(6000, 1500, 2).overPartitionLimit()).isTrue();
    assertThatThrownBy(() -> CapacityPlanner.perPartition(1, 1, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("partitions must be >= 1, was 0");
    assertThatThrownBy(() -> CapacityPlanner.perPartition(-1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("rcu and wcu must be >= 0, were -1 and 1");
  }
}
