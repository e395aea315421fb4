package dev.cirrus.dynamo;

import java.util.List;

/**
 * What {@link TableDefinitionCheck} found in a table definition or update.
 *
 * <p>Instances are immutable (the lists are copied) and thread-safe.
 *
 * @param errors what DynamoDB would reject, each naming the index or value and the limit; empty if none
 * @param warnings what DynamoDB accepts but that limits the table later (quotas, the 10 GB item-collection limit);
 *     empty if none
 * @param notes facts about the definition that cannot be changed later, for example that local secondary indexes
 *     can be created only with the table; empty if none
 */
public record TableDefinitionReport(List<String> errors, List<String> warnings, List<String> notes) {

  /**
   * Copies the lists.
   *
   * @param errors what DynamoDB would reject
   * @param warnings what DynamoDB accepts but that limits the table later
   * @param notes facts about the definition that cannot be changed later
   */
  public TableDefinitionReport {
    errors = List.copyOf(errors);
    warnings = List.copyOf(warnings);
    notes = List.copyOf(notes);
  }

  /** {@return whether DynamoDB would accept the definition: no errors (warnings and notes allowed)} */
  public boolean valid() {
    return errors.isEmpty();
  }
}
