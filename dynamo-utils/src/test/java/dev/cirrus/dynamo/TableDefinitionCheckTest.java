package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

class TableDefinitionCheckTest {
  private static final List<KeySchemaElement> TABLE_KEYS = keys("pk", "sk");
  private static final String ITEM_COLLECTION_WARNING = "with local secondary indexes every item collection (the"
      + " items of one partition key value and their index entries) is limited to 10 GB; writes past it fail with"
      + " ItemCollectionSizeLimitExceededException";

  @Test
  void check_plainTable_validWithNoteThatLsisCannotBeAddedLater() {
    TableDefinitionReport r = TableDefinitionCheck.check(table(List.of(), List.of()));
    assertThat(r.valid()).isTrue();
    assertThat(r.errors()).isEmpty();
    assertThat(r.warnings()).isEmpty();
    assertThat(r.notes()).containsExactly(
        "no local secondary index: they can be created only with the table, UpdateTable cannot add one");
  }

  @Test
  void check_fiveLsis_validWithItemCollectionWarning() {
    TableDefinitionReport r = TableDefinitionCheck.check(table(lsis(5), List.of()));
    assertThat(r.valid()).isTrue();
    assertThat(r.warnings()).containsExactly(ITEM_COLLECTION_WARNING);
    assertThat(r.notes()).isEmpty();
  }

  @Test
  void check_sixLsis_error() {
    TableDefinitionReport r = TableDefinitionCheck.check(table(lsis(6), List.of()));
    assertThat(r.valid()).isFalse();
    assertThat(r.errors()).containsExactly("a table may have at most 5 local secondary indexes, was 6");
  }

  @Test
  void check_lsiWithOtherPartitionKeyOrNoSortKey_errors() {
    LocalSecondaryIndex otherPk = LocalSecondaryIndex.builder().indexName("byOther").keySchema(keys("other", "x"))
        .projection(keysOnly()).build();
    LocalSecondaryIndex noSort = LocalSecondaryIndex.builder().indexName("noSort").keySchema(keys("pk", null))
        .projection(keysOnly()).build();
    assertThat(TableDefinitionCheck.check(table(List.of(otherPk, noSort), List.of())).errors()).containsExactly(
        "local secondary index byOther must have the table's partition key pk, had other",
        "local secondary index noSort must have a sort key");
  }

  @Test
  void check_twentyOneGsis_warnsOverDefaultQuotaButNotOverRaisedQuota() {
    CreateTableRequest request = table(List.of(), gsis(21, 0));
    assertThat(TableDefinitionCheck.check(request).warnings()).containsExactly("the table would have 21 global"
        + " secondary indexes, over the quota of 20 per table (request an increase through Service Quotas)");
    assertThat(TableDefinitionCheck.check(request, 25).warnings()).isEmpty();
    assertThat(TableDefinitionCheck.check(table(List.of(), gsis(20, 0))).warnings()).isEmpty();
  }

  @Test
  void check_projectedAttributesOver100AcrossIndexes_error() {
    assertThat(TableDefinitionCheck.check(table(List.of(), gsis(2, 50))).valid()).isTrue();
    assertThat(TableDefinitionCheck.check(table(List.of(), gsis(3, 34))).errors()).containsExactly(
        "the secondary indexes project 102 non-key attributes in all, at most 100 allowed (an attribute projected"
            + " into two indexes counts twice)");
  }

  @Test
  void check_nonKeyAttributesWithoutInclude_error() {
    GlobalSecondaryIndex all = GlobalSecondaryIndex.builder().indexName("all").keySchema(keys("g", null))
        .projection(Projection.builder().projectionType(ProjectionType.ALL).nonKeyAttributes("a").build()).build();
    assertThat(TableDefinitionCheck.check(table(List.of(), List.of(all))).errors()).containsExactly(
        "index all names non-key attributes with projection type ALL; they may be named only with INCLUDE");
  }

  @Test
  void check_badOrDuplicateIndexNames_errors() {
    GlobalSecondaryIndex shortName = gsi("ab", 0);
    GlobalSecondaryIndex twice = gsi("byStatus", 0);
    assertThat(TableDefinitionCheck.check(table(List.of(), List.of(shortName, twice, twice))).errors())
        .containsExactly("index name ab must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'",
            "index name byStatus is used twice; index names are unique within a table");
  }

  @Test
  void check_badQuota_rejected() {
    assertThatThrownBy(() -> TableDefinitionCheck.check(table(List.of(), List.of()), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("globalIndexQuota must be >= 1, was 0");
  }

  @Test
  void checkUpdate_oneCreate_validAndCountsTowardQuota() {
    TableDescription existing = described(20);
    UpdateTableRequest update = UpdateTableRequest.builder().tableName("t")
        .globalSecondaryIndexUpdates(create("byNew", 0)).build();
    assertThat(TableDefinitionCheck.checkUpdate(existing, update).valid()).isTrue();
    assertThat(TableDefinitionCheck.checkUpdate(existing, update).warnings()).containsExactly("the table would"
        + " have 21 global secondary indexes, over the quota of 20 per table (request an increase through Service"
        + " Quotas)");
    assertThat(TableDefinitionCheck.checkUpdate(described(3), update).warnings()).isEmpty();
  }

  @Test
  void checkUpdate_twoChangesOrMissingOrExistingIndex_errors() {
    UpdateTableRequest update = UpdateTableRequest.builder().tableName("t").globalSecondaryIndexUpdates(
        create("gsi0", 0),
        GlobalSecondaryIndexUpdate.builder().delete(DeleteGlobalSecondaryIndexAction.builder().indexName("gone")
            .build()).build()).build();
    assertThat(TableDefinitionCheck.checkUpdate(described(1), update).errors()).containsExactly(
        "index gone cannot be deleted: the table has no such index",
        "one UpdateTable may create or delete at most 1 global secondary index, was 2",
        "index name gsi0 is used twice; index names are unique within a table");
  }

  @Test
  void checkUpdate_newIndexPushesProjectionsOver100_error() {
    UpdateTableRequest update = UpdateTableRequest.builder().tableName("t")
        .globalSecondaryIndexUpdates(create("wide", 60)).build();
    TableDescription existing = TableDescription.builder().tableName("t").keySchema(TABLE_KEYS)
        .globalSecondaryIndexes(GlobalSecondaryIndexDescription.builder().indexName("old")
            .keySchema(keys("g", null)).projection(include(50)).build()).build();
    assertThat(TableDefinitionCheck.checkUpdate(existing, update).errors()).containsExactly(
        "the secondary indexes project 110 non-key attributes in all, at most 100 allowed (an attribute projected"
            + " into two indexes counts twice)");
  }

  private static CreateTableRequest table(List<LocalSecondaryIndex> lsis, List<GlobalSecondaryIndex> gsis) {
    return CreateTableRequest.builder().tableName("t").keySchema(TABLE_KEYS).localSecondaryIndexes(lsis)
        .globalSecondaryIndexes(gsis).build();
  }

  private static List<LocalSecondaryIndex> lsis(int n) {
    return IntStream.range(0, n).mapToObj(i -> LocalSecondaryIndex.builder().indexName("lsi" + i)
        .keySchema(keys("pk", "s" + i)).projection(keysOnly()).build()).toList();
  }

  private static List<GlobalSecondaryIndex> gsis(int n, int projectedEach) {
    return IntStream.range(0, n).mapToObj(i -> gsi("gsi" + i, projectedEach)).toList();
  }

  private static GlobalSecondaryIndex gsi(String name, int projected) {
    return GlobalSecondaryIndex.builder().indexName(name).keySchema(keys("g", null))
        .projection(projected == 0 ? keysOnly() : include(projected)).build();
  }

  private static GlobalSecondaryIndexUpdate create(String name, int projected) {
    return GlobalSecondaryIndexUpdate.builder().create(CreateGlobalSecondaryIndexAction.builder().indexName(name)
        .keySchema(keys("n", null)).projection(projected == 0 ? keysOnly() : include(projected)).build()).build();
  }

  private static TableDescription described(int gsiCount) {
    List<GlobalSecondaryIndexDescription> gsis = new ArrayList<>();
    for (int i = 0; i < gsiCount; i++) {
      gsis.add(GlobalSecondaryIndexDescription.builder().indexName("gsi" + i).keySchema(keys("g", null))
          .projection(keysOnly()).build());
    }
    return TableDescription.builder().tableName("t").keySchema(TABLE_KEYS).globalSecondaryIndexes(gsis).build();
  }

  private static Projection keysOnly() {
    return Projection.builder().projectionType(ProjectionType.KEYS_ONLY).build();
  }

  private static Projection include(int attributes) {
    return Projection.builder().projectionType(ProjectionType.INCLUDE)
        .nonKeyAttributes(IntStream.range(0, attributes).mapToObj(i -> "a" + i).toList()).build();
  }

  private static List<KeySchemaElement> keys(String partition, String sort) {
    List<KeySchemaElement> keys = new ArrayList<>();
    keys.add(KeySchemaElement.builder().attributeName(partition).keyType(KeyType.HASH).build());
    if (sort != null) {
      keys.add(KeySchemaElement.builder().attributeName(sort).keyType(KeyType.RANGE).build());
    }
    return keys;
  }
}
