package dev.cirrus.dynamo;

import static dev.cirrus.dynamo.ReadConsistency.EVENTUAL;
import static dev.cirrus.dynamo.ReadConsistency.STRONG;
import static dev.cirrus.dynamo.ReadConsistency.TRANSACTIONAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CapacityCalculatorTest {

  @ParameterizedTest(name = "GetItem {0} bytes {1} -> {2} RCU")
  @CsvSource({
      "0, STRONG, 1.0", "0, EVENTUAL, 0.5", "1, STRONG, 1.0", "3500, STRONG, 1.0", "4096, STRONG, 1.0",
      "4097, STRONG, 2.0", "4097, EVENTUAL, 1.0", "8192, EVENTUAL, 1.0", "10240, STRONG, 3.0",
      "409600, STRONG, 100.0", "409600, EVENTUAL, 50.0"
  })
  void getItem_table(long size, ReadConsistency c, double rcu) {
    CapacityEstimate e = CapacityCalculator.getItem(size, c);
    assertThat(e.readUnits()).isEqualTo(rcu);
    assertThat(e.writeUnits()).isZero();
  }

  @Test
  void getItem_missingItem_ruleSaysMinimum() {
    assertThat(CapacityCalculator.getItem(0, EVENTUAL).rule())
        .isEqualTo("GetItem: item not found, minimum 1 units x 0.5 (eventually consistent)");
    assertThat(CapacityCalculator.getItem(10240, STRONG).rule())
        .isEqualTo("GetItem: 10240 bytes rounded up to 4 KB = 3 units x 1.0 (strongly consistent)");
  }

  @Test
  void batchGetItem_eachRoundedThenSummed_docExample() {
    // The guide's example: 1.5 KB and 6.5 KB count as 4 KB + 8 KB = 12 KB, not 8 KB.
    CapacityEstimate e = CapacityCalculator.batchGetItem(STRONG, 1536, 6656);
    assertThat(e.readUnits()).isEqualTo(3.0);
    assertThat(e.rule()).isEqualTo("BatchGetItem: 2 items each rounded up to 4 KB = 3 units x 1.0 (strongly consistent)");
    assertThat(CapacityCalculator.query(STRONG, 1536, 6656).readUnits()).isEqualTo(2.0);
  }

  @Test
  void query_sumThenRound_table() {
    assertThat(CapacityCalculator.query(EVENTUAL).readUnits()).isEqualTo(0.5);
    assertThat(CapacityCalculator.query(STRONG, 100, 100, 100).readUnits()).isEqualTo(1.0);
    assertThat(CapacityCalculator.query(STRONG, 4000, 100).readUnits()).isEqualTo(2.0);
    assertThat(CapacityCalculator.query(EVENTUAL, 3000, 3000, 3000).rule())
        .isEqualTo("Query: 3 items, 9000 bytes summed then rounded up to 4 KB = 3 units x 0.5 (eventually consistent)");
  }

  @Test
  void query_overOneMegabyte_roundsPerPage() {
    long[] sizes = new long[3];
    Arrays.fill(sizes, 400_000);
    CapacityEstimate e = CapacityCalculator.query(STRONG, sizes);
    // Pages: [400000, 400000] = 800000 -> 196 units; [400000] -> 98 units.
    assertThat(e.readUnits()).isEqualTo(196 + 98);
    assertThat(e.rule()).contains("per 1 MB page (2 pages)");
  }

  @Test
  void scan_evaluatedNotReturned_countsAllRead() {
    assertThat(CapacityCalculator.scan(EVENTUAL, 2000, 2000, 2000, 2000).readUnits()).isEqualTo(1.0);
  }

  @ParameterizedTest(name = "PutItem new {0} old {1} {2} -> {3} WCU")
  @CsvSource({
      "500, 0, STANDARD, 1.0", "1024, 0, STANDARD, 1.0", "1025, 0, STANDARD, 2.0", "500, 2500, STANDARD, 3.0",
      "3000, 100, TRANSACTIONAL, 6.0", "409600, 0, STANDARD, 400.0"
  })
  void putItem_largerOfOldAndNew(long newSize, long oldSize, WriteMode mode, double wcu) {
    assertThat(CapacityCalculator.putItem(newSize, oldSize, mode).writeUnits()).isEqualTo(wcu);
  }

  @Test
  void updateItem_shrinkingItem_chargedOnOldSize() {
    CapacityEstimate e = CapacityCalculator.updateItem(5000, 200, WriteMode.STANDARD);
    assertThat(e.writeUnits()).isEqualTo(5.0);
    assertThat(e.rule()).isEqualTo("UpdateItem: larger of old (5000) and new (200) item = 5000 bytes rounded up "
        + "to 1 KB = 5 units x 1.0 (standard)");
  }

  @Test
  void deleteItem_deletedSizeOrMinimum() {
    assertThat(CapacityCalculator.deleteItem(2049, WriteMode.STANDARD).writeUnits()).isEqualTo(3.0);
    assertThat(CapacityCalculator.deleteItem(0, WriteMode.STANDARD).writeUnits()).isEqualTo(1.0);
    assertThat(CapacityCalculator.deleteItem(100, WriteMode.TRANSACTIONAL).writeUnits()).isEqualTo(2.0);
  }

  @Test
  void deleteItem_nullMode_namesParameter() {
    assertThatThrownBy(() -> CapacityCalculator.deleteItem(100, null))
        .isInstanceOf(NullPointerException.class).hasMessage("mode");
  }

  @Test
  void failedConditionalWrite_chargedOnExistingItem() {
    assertThat(CapacityCalculator.failedConditionalWrite(300 * 1024).writeUnits()).isEqualTo(300.0);
    assertThat(CapacityCalculator.failedConditionalWrite(0).writeUnits()).isEqualTo(1.0);
  }

  @Test
  void batchWriteItem_eachRoundedThenSummed() {
    assertThat(CapacityCalculator.batchWriteItem(500, 500, 1500).writeUnits()).isEqualTo(4.0);
  }

  @Test
  void transactions_doublePrice() {
    assertThat(CapacityCalculator.transactWriteItems(500, 1500).writeUnits()).isEqualTo(6.0);
    assertThat(CapacityCalculator.transactGetItems(4000, 5000).readUnits()).isEqualTo(6.0);
  }

  @ParameterizedTest(name = "GSI before {0} after {1} changed {2} -> {3} WCU")
  @CsvSource({
      "0, 0, false, 0.0", "0, 700, false, 1.0", "1500, 0, false, 2.0", "500, 1500, true, 3.0",
      "500, 1500, false, 2.0", "100, 100, false, 1.0"
  })
  void globalIndexWrite_zeroOneOrTwoWrites(long before, long after, boolean changed, double wcu) {
    assertThat(CapacityCalculator.globalIndexWrite(before, after, changed).writeUnits()).isEqualTo(wcu);
  }

  @ParameterizedTest(name = "GSI before {0} after {1} keyChanged {2} projectedChanged {3} -> {4} WCU")
  @CsvSource({
      "300, 300, false, false, 0.0", "300, 1500, false, true, 2.0", "500, 1500, true, false, 3.0",
      "0, 700, false, false, 1.0", "1500, 0, false, false, 2.0", "0, 0, false, true, 0.0"
  })
  void globalIndexWrite_updateTouchingNoProjectedAttribute_zeroWrites(long before, long after, boolean keyChanged,
      boolean projectedChanged, double wcu) {
    assertThat(CapacityCalculator.globalIndexWrite(before, after, keyChanged, projectedChanged).writeUnits())
        .isEqualTo(wcu);
  }

  @Test
  void globalIndexWrite_projectedEntryShrinks_chargedOnLargerEntry() {
    CapacityEstimate e = CapacityCalculator.globalIndexWrite(3017, 18, false);
    assertThat(e.writeUnits()).isEqualTo(3.0);
    assertThat(e.rule()).isEqualTo("GSI write: index key unchanged, 1 update, larger of old (3017) and new (18)"
        + " projected entry = 3017 bytes rounded up to 1 KB = 3 units");
    assertThat(CapacityCalculator.globalIndexWrite(2017, 117, false, true).writeUnits()).isEqualTo(2.0);
  }

  @Test
  void globalIndexWrite_indexNotAffected_ruleSaysZeroWrites() {
    assertThat(CapacityCalculator.globalIndexWrite(300, 300, false, false).rule())
        .isEqualTo("GSI write: index key and projected attributes unchanged, index not affected = 0 writes");
  }

  @Test
  void globalIndexWrite_keyChanges_ruleSaysTwoWrites() {
    assertThat(CapacityCalculator.globalIndexWrite(500, 1500, true).rule()).isEqualTo(
        "GSI write: index key value changes, 2 writes (delete 500 + put 1500 projected bytes, each rounded up to 1 KB) = 3 units");
  }

  @Test
  void globalIndexQuery_projectedSizes_eventualOnly() {
    assertThat(CapacityCalculator.globalIndexQuery(EVENTUAL, 200, 200).readUnits()).isEqualTo(0.5);
    assertThatThrownBy(() -> CapacityCalculator.globalIndexQuery(STRONG, 200))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("global secondary indexes support only EVENTUAL reads, was STRONG");
  }

  @Test
  void localIndexQuery_fetchingNonProjected_chargesEachBaseItemRoundedOnItsOwn() {
    long[] entries = {300, 300};
    assertThat(CapacityCalculator.localIndexQuery(STRONG, entries, null).readUnits()).isEqualTo(1.0);
    // 600 index bytes = 1 unit; each 5,000-byte base item = 2 units on its own (their 10,000-byte sum would be 3)
    CapacityEstimate e = CapacityCalculator.localIndexQuery(STRONG, entries, new long[] {5000, 5000});
    assertThat(e.readUnits()).isEqualTo(5.0);
    assertThat(e.readUnitsBeforeFactor()).isEqualTo(5);
    assertThat(e.chargedBytes()).isEqualTo(10_600);
    assertThatThrownBy(() -> CapacityCalculator.localIndexQuery(STRONG, entries, new long[] {1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fetchedBaseItemSizesBytes must have one size per entry (2), was 1");
  }

  @Test
  void localIndexQuery_manySmallFetches_eachCostsAFullUnit() {
    long[] entries = new long[100];
    long[] fetched = new long[100];
    Arrays.fill(entries, 40);
    Arrays.fill(fetched, 100);
    // 4,000 index bytes = 1 unit, 100 base items of 100 bytes = 100 units (summed they would be 3)
    assertThat(CapacityCalculator.localIndexQuery(EVENTUAL, entries, fetched).readUnits()).isEqualTo(50.5);
  }

  @Test
  void localIndexQuery_fetchedBaseItems_ruleNamesPerItemRounding() {
    CapacityEstimate e = CapacityCalculator.localIndexQuery(EVENTUAL, new long[] {300, 300},
        new long[] {3000, 3000});
    assertThat(e.readUnits()).isEqualTo(1.5);
    assertThat(e.rule()).isEqualTo("Query(LSI+fetch): 2 items, 600 index bytes summed then rounded up to 4 KB, and"
        + " 2 fetched base items (6000 bytes) each rounded up to 4 KB = 3 units x 0.5 (eventually consistent)");
    assertThat(CapacityCalculator.localIndexQuery(STRONG, new long[0], new long[0]).readUnits()).isEqualTo(1.0);
  }

  @Test
  void sizes_negativeOrOverLimit_rejected() {
    assertThatThrownBy(() -> CapacityCalculator.getItem(-1, STRONG))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("itemSizeBytes must be between 0 and 409600, was -1");
    assertThatThrownBy(() -> CapacityCalculator.putItem(409_601, 0, WriteMode.STANDARD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("newItemSizeBytes must be between 0 and 409600, was 409601");
    assertThatThrownBy(() -> CapacityCalculator.query(STRONG, 10, -5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("itemSizeBytes must be between 0 and 409600, was -5");
  }

  @Test
  void transactionalConsistency_onNonTransactionalRead_rejected() {
    assertThatThrownBy(() -> CapacityCalculator.query(TRANSACTIONAL, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Query supports EVENTUAL or STRONG reads, was TRANSACTIONAL (use transactGetItems)");
  }

  @Test
  void transactionLimits_tooManyItems_rejected() {
    assertThatThrownBy(() -> CapacityCalculator.transactWriteItems(new long[101]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("TransactWriteItems takes at most 100 items, was 101");
    assertThatThrownBy(() -> CapacityCalculator.transactGetItems(new long[101]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("TransactGetItems takes at most 100 items, was 101");
  }

  @Test
  void batchWriteItem_anyNumberOfItems_chunkedIntoRequestsOf25() {
    long[] sizes = new long[60];
    Arrays.fill(sizes, 1500);
    CapacityEstimate e = CapacityCalculator.batchWriteItem(sizes);
    assertThat(e.writeUnits()).isEqualTo(120.0);
    assertThat(e.requests()).isEqualTo(3);
    assertThat(e.chargedBytes()).isEqualTo(90_000);
    assertThat(e.rule()).isEqualTo("BatchWriteItem: 60 items each rounded up to 1 KB = 120 units, in 3 requests");
    assertThat(CapacityCalculator.batchWriteItem(new long[25]).requests()).isEqualTo(1);
    assertThat(CapacityCalculator.batchWriteItem().requests()).isZero();
  }

  @Test
  void batchGetItem_anyNumberOfKeys_chunkedBy100KeysAnd16Mb() {
    assertThat(CapacityCalculator.batchGetItem(EVENTUAL, new long[250]).requests()).isEqualTo(3);
    assertThat(CapacityCalculator.batchGetItem(EVENTUAL, new long[100]).requests()).isEqualTo(1);
    long[] large = new long[100];
    Arrays.fill(large, 400_000);
    // 41 items of 400,000 bytes fill 16,400,000 of the 16,777,216-byte response; the 42nd starts a new request
    CapacityEstimate e = CapacityCalculator.batchGetItem(STRONG, large);
    assertThat(e.requests()).isEqualTo(3);
    assertThat(e.readUnits()).isEqualTo(100 * 98.0);
    assertThat(e.readUnitsBeforeFactor()).isEqualTo(9800);
    assertThat(e.rule()).endsWith(", in 3 requests");
  }

  @Test
  void details_singleItemAndPagedOperations_exposeBytesUnitsAndPages() {
    CapacityEstimate get = CapacityCalculator.getItem(5000, EVENTUAL);
    assertThat(get.chargedBytes()).isEqualTo(5000);
    assertThat(get.readUnitsBeforeFactor()).isEqualTo(2);
    assertThat(get.readUnits()).isEqualTo(1.0);
    assertThat(get.pages()).isZero();
    assertThat(get.requests()).isEqualTo(1);
    CapacityEstimate put = CapacityCalculator.putItem(1500, 3000, WriteMode.TRANSACTIONAL);
    assertThat(put.chargedBytes()).isEqualTo(3000);
    assertThat(put.writeUnitsBeforeFactor()).isEqualTo(3);
    assertThat(put.writeUnits()).isEqualTo(6.0);
    long[] items = new long[300];
    Arrays.fill(items, 4000);
    CapacityEstimate query = CapacityCalculator.query(STRONG, items);
    assertThat(query.pages()).isEqualTo(2);
    assertThat(query.requests()).isEqualTo(2);
    assertThat(query.chargedBytes()).isEqualTo(1_200_000);
  }

  @Test
  void plus_sumsDetails() {
    CapacityEstimate e = CapacityCalculator.getItem(5000, STRONG).plus(CapacityCalculator.getItem(100, EVENTUAL));
    assertThat(e.readUnits()).isEqualTo(2.5);
    assertThat(e.readUnitsBeforeFactor()).isEqualTo(3);
    assertThat(e.chargedBytes()).isEqualTo(5100);
    assertThat(e.requests()).isEqualTo(2);
  }

  @Test
  void builder_badFactorOrNegativeCount_rejected() {
    assertThatThrownBy(() -> CapacityEstimate.builder("X").readUnits(1, 3))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("factor must be 0.5, 1 or 2, was 3.0");
    assertThatThrownBy(() -> CapacityEstimate.builder("X").chargedBytes(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("chargedBytes must be >= 0, was -1");
    assertThatThrownBy(() -> CapacityEstimate.builder("X").requests(-2))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("requests must be >= 0, was -2");
  }

  @Test
  void plus_sumsUnitsAndJoinsRules() {
    CapacityEstimate e = CapacityCalculator.putItem(100, 0, WriteMode.STANDARD)
        .plus(CapacityCalculator.globalIndexWrite(0, 100, false));
    assertThat(e.writeUnits()).isEqualTo(2.0);
    assertThat(e.operation()).isEqualTo("PutItem + GSIWrite");
  }
}
