package dev.cirrus.dynamo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/**
 * Checks a table definition against DynamoDB's index limits before it is sent, so that a definition fails with a
 * clear message instead of a ValidationException, or a limit that bites only later is known up front.
 *
 * <p>Rules (sources: "Quotas in Amazon DynamoDB", secondary indexes; the CreateTable and UpdateTable API
 * references; "Item collection size limit"):
 * <ul>
 *   <li>at most {@value #MAX_LOCAL_SECONDARY_INDEXES} local secondary indexes per table, created only with the
 *       table: UpdateTable cannot add one later;</li>
 *   <li>a local secondary index has the table's partition key and a sort key;</li>
 *   <li>{@value #DEFAULT_GLOBAL_SECONDARY_INDEX_QUOTA} global secondary indexes per table by default (a quota,
 *       raisable through Service Quotas: a warning, with the quota as an argument);</li>
 *   <li>at most {@value #MAX_PROJECTED_NON_KEY_ATTRIBUTES} non-key attributes projected, summed over all of a
 *       table's secondary indexes (an attribute projected into two indexes counts twice); non-key attributes are
 *       named only with projection type INCLUDE;</li>
 *   <li>index names 3 to 255 characters of {@code [a-zA-Z0-9_.-]}, unique within the table;</li>
 *   <li>on a table with local secondary indexes every item collection (the items with one partition key value
 *       and their index entries) is limited to 10 GB (a warning; {@link CapacityPlanner} checks a workload's
 *       largest collection);</li>
 *   <li>one UpdateTable creates or deletes at most one global secondary index.</li>
 * </ul>
 *
 * <p>This class is stateless and thread-safe.
 */
public final class TableDefinitionCheck {
  /** Local secondary indexes a table may have. */
  public static final int MAX_LOCAL_SECONDARY_INDEXES = 5;
  /** Default quota of global secondary indexes per table. */
  public static final int DEFAULT_GLOBAL_SECONDARY_INDEX_QUOTA = 20;
  /** Non-key attributes projected, summed over all secondary indexes of a table. */
  public static final int MAX_PROJECTED_NON_KEY_ATTRIBUTES = 100;
  private static final Pattern INDEX_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

  private TableDefinitionCheck() {
  }

  /**
   * Checks a CreateTable request with the default global secondary index quota.
   *
   * @param request the request to check
   * @return the errors, warnings and notes
   * @throws NullPointerException if {@code request} is null
   */
  public static TableDefinitionReport check(CreateTableRequest request) {
    return check(request, DEFAULT_GLOBAL_SECONDARY_INDEX_QUOTA);
  }

  /**
   * Checks a CreateTable request.
   *
   * @param request the request to check
   * @param globalIndexQuota the account's quota of global secondary indexes per table, at least 1
   * @return the errors, warnings and notes
   * @throws IllegalArgumentException if {@code globalIndexQuota} is below 1
   */
  public static TableDefinitionReport check(CreateTableRequest request, int globalIndexQuota) {
    Objects.requireNonNull(request, "request");
    checkQuota(globalIndexQuota);
    Findings f = new Findings();
    List<LocalSecondaryIndex> lsis = request.localSecondaryIndexes();
    if (lsis.size() > MAX_LOCAL_SECONDARY_INDEXES) {
      f.errors.add("a table may have at most " + MAX_LOCAL_SECONDARY_INDEXES + " local secondary indexes, was "
          + lsis.size());
    }
    String partitionKey = partitionKey(request.keySchema());
    for (LocalSecondaryIndex lsi : lsis) {
      f.index(lsi.indexName(), lsi.projection());
      checkLocalKeys(lsi.indexName(), lsi.keySchema(), partitionKey, f);
    }
    request.globalSecondaryIndexes().forEach(gsi -> f.index(gsi.indexName(), gsi.projection()));
    f.checkProjected();
    f.checkGlobalCount(request.globalSecondaryIndexes().size(), globalIndexQuota);
    if (lsis.isEmpty()) {
      f.notes.add("no local secondary index: they can be created only with the table, UpdateTable cannot add one");
    } else {
      f.warnings.add("with local secondary indexes every item collection (the items of one partition key value and"
          + " their index entries) is limited to 10 GB; writes past it fail with"
          + " ItemCollectionSizeLimitExceededException");
    }
    return f.report();
  }

  /**
   * Checks an UpdateTable request against the table it changes, with the default global secondary index quota.
   *
   * @param table the table as DescribeTable returns it
   * @param update the update to check
   * @return the errors, warnings and notes
   * @throws NullPointerException if an argument is null
   */
  public static TableDefinitionReport checkUpdate(TableDescription table, UpdateTableRequest update) {
    return checkUpdate(table, update, DEFAULT_GLOBAL_SECONDARY_INDEX_QUOTA);
  }

  /**
   * Checks an UpdateTable request against the table it changes.
   *
   * @param table the table as DescribeTable returns it
   * @param update the update to check
   * @param globalIndexQuota the account's quota of global secondary indexes per table, at least 1
   * @return the errors, warnings and notes
   * @throws IllegalArgumentException if {@code globalIndexQuota} is below 1
   */
  public static TableDefinitionReport checkUpdate(TableDescription table, UpdateTableRequest update,
      int globalIndexQuota) {
    Objects.requireNonNull(table, "table");
    Objects.requireNonNull(update, "update");
    checkQuota(globalIndexQuota);
    Findings f = new Findings();
    Set<String> existing = new HashSet<>();
    for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
      existing.add(gsi.indexName());
    }
    Set<String> deleted = new HashSet<>();
    int created = 0;
    int changes = 0;
    for (GlobalSecondaryIndexUpdate u : update.globalSecondaryIndexUpdates()) {
      if (u.delete() != null) {
        changes++;
        if (!existing.contains(u.delete().indexName())) {
          f.errors.add("index " + u.delete().indexName() + " cannot be deleted: the table has no such index");
        }
        deleted.add(u.delete().indexName());
      }
      if (u.create() != null) {
        changes++;
        created++;
        f.index(u.create().indexName(), u.create().projection());
      }
    }
    if (changes > 1) {
      f.errors.add("one UpdateTable may create or delete at most 1 global secondary index, was " + changes);
    }
    for (LocalSecondaryIndexDescription lsi : table.localSecondaryIndexes()) {
      f.index(lsi.indexName(), lsi.projection());
    }
    int remaining = 0;
    for (GlobalSecondaryIndexDescription gsi : table.globalSecondaryIndexes()) {
      if (!deleted.contains(gsi.indexName())) {
        remaining++;
        f.index(gsi.indexName(), gsi.projection());
      }
    }
    f.checkProjected();
    f.checkGlobalCount(remaining + created, globalIndexQuota);
    return f.report();
  }

  private static void checkLocalKeys(String index, List<KeySchemaElement> keys, String tablePartitionKey,
      Findings f) {
    String partition = partitionKey(keys);
    if (tablePartitionKey != null && !tablePartitionKey.equals(partition)) {
      f.errors.add("local secondary index " + index + " must have the table's partition key " + tablePartitionKey
          + ", had " + partition);
    }
    if (keys.stream().noneMatch(k -> k.keyType() == KeyType.RANGE)) {
      f.errors.add("local secondary index " + index + " must have a sort key");
    }
  }

  private static String partitionKey(List<KeySchemaElement> keys) {
    return keys.stream().filter(k -> k.keyType() == KeyType.HASH).map(KeySchemaElement::attributeName)
        .findFirst().orElse(null);
  }

  private static void checkQuota(int quota) {
    if (quota < 1) {
      throw new IllegalArgumentException("globalIndexQuota must be >= 1, was " + quota);
    }
  }

  /** What one check found, and the running projected-attribute count. */
  private static final class Findings {
    final List<String> errors = new ArrayList<>();
    final List<String> warnings = new ArrayList<>();
    final List<String> notes = new ArrayList<>();
    final Set<String> names = new HashSet<>();
    int projected;

    void index(String name, Projection projection) {
      if (name == null || !INDEX_NAME.matcher(name).matches()) {
        errors.add("index name " + name + " must be 3 to 255 characters of a-z, A-Z, 0-9, '_', '-' and '.'");
      } else if (!names.add(name)) {
        errors.add("index name " + name + " is used twice; index names are unique within a table");
      }
      if (projection == null) {
        return;
      }
      int nonKey = projection.nonKeyAttributes().size();
      if (nonKey > 0 && projection.projectionType() != ProjectionType.INCLUDE) {
        errors.add("index " + name + " names non-key attributes with projection type "
            + projection.projectionTypeAsString() + "; they may be named only with INCLUDE");
      }
      projected += nonKey;
    }

    void checkProjected() {
      if (projected > MAX_PROJECTED_NON_KEY_ATTRIBUTES) {
        errors.add("the secondary indexes project " + projected + " non-key attributes in all, at most "
            + MAX_PROJECTED_NON_KEY_ATTRIBUTES + " allowed (an attribute projected into two indexes counts twice)");
      }
    }

    void checkGlobalCount(int globals, int quota) {
      if (globals > quota) {
        warnings.add("the table would have " + globals + " global secondary indexes, over the quota of " + quota
            + " per table (request an increase through Service Quotas)");
      }
    }

    TableDefinitionReport report() {
      return new TableDefinitionReport(errors, warnings, notes);
    }
  }
}
