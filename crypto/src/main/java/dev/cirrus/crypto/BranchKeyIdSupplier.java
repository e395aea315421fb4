package dev.cirrus.crypto;

import java.util.Map;

/**
 * Chooses the branch key for a message from its encryption context, for multi-tenant use: for example the
 * value of a {@code tenant} entry mapped to that tenant's branch key id.
 *
 * <p>Implementations MUST be thread-safe and fast (called once per message).
 */
@FunctionalInterface
public interface BranchKeyIdSupplier {
  /**
   * The branch key id for a message.
   *
   * @param encryptionContext the message's encryption context; immutable
   * @return the branch key id, not empty
   * @throws IllegalArgumentException if the context does not name a tenant the supplier knows
   */
  String branchKeyId(Map<String, String> encryptionContext);
}
