package dev.cirrus.crypto;

import java.util.Objects;
import java.util.Optional;

/**
 * A branch key could not be obtained or used: it does not exist, its stored item is malformed or failed
 * authentication, its KMS key is not allowed, or KMS or the store could not be reached. Names the branch key
 * id and, where known, the version; never key bytes.
 *
 * <p>Instances are immutable once thrown and safe to share between threads.
 */
public class BranchKeyException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** Why a branch key failed. */
  public enum Reason {
    /** No such branch key id, or no such version of it. */
    NOT_FOUND,
    /** The stored item lacks attributes, has unexpected values or failed KMS authentication. */
    MALFORMED,
    /** The KMS key protecting the branch key is not one this store or keyring may use, or KMS refused it. */
    ACCESS_DENIED,
    /** KMS or the store did not answer, failed or throttled after retries: may succeed later. */
    UNAVAILABLE,
    /** A conditional write lost to a concurrent one (for example two rotations at once). */
    CONFLICT
  }

  private final String branchKeyId;
  private final String version;
  private final Reason reason;

  /**
   * Creates the exception; the message is built from the arguments.
   *
   * @param reason why
   * @param branchKeyId the branch key id
   * @param version the version, or null if not known
   * @param detail what happened, without key material
   * @param cause the underlying failure, may be null
   */
  public BranchKeyException(
      Reason reason, String branchKeyId, String version, String detail, Throwable cause) {
    super(message(reason, branchKeyId, version, detail), cause);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.branchKeyId = Objects.requireNonNull(branchKeyId, "branchKeyId");
    this.version = version;
  }

  private static String message(Reason reason, String branchKeyId, String version, String detail) {
    return "branch key "
        + branchKeyId
        + (version == null ? "" : " version " + version)
        + ": "
        + reason.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
        + (detail == null || detail.isEmpty() ? "" : ": " + detail);
  }

  /**
   * The branch key id.
   *
   * @return the id
   */
  public String branchKeyId() {
    return branchKeyId;
  }

  /**
   * The version, where known.
   *
   * @return the version, or empty
   */
  public Optional<String> version() {
    return Optional.ofNullable(version);
  }

  /**
   * Why the branch key failed.
   *
   * @return the reason
   */
  public Reason reason() {
    return reason;
  }

  /**
   * True only for {@link Reason#UNAVAILABLE}.
   *
   * @return whether the same call may succeed later
   */
  @Override
  public boolean retryable() {
    return reason == Reason.UNAVAILABLE;
  }
}
