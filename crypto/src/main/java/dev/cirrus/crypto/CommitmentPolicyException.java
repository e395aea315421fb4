package dev.cirrus.crypto;

/**
 * A well-formed message uses an algorithm suite that the configured {@link CommitmentPolicy} forbids
 * (a non-committing legacy suite under {@link CommitmentPolicy#REQUIRE_ENCRYPT_REQUIRE_DECRYPT}).
 *
 * <p>The suite id is public (it is the third and fourth byte of the message), so naming it reveals
 * nothing. Instances are immutable once thrown and safe to share between threads.
 */
public final class CommitmentPolicyException extends CryptoException {
  private static final long serialVersionUID = 1L;

  /** The suite found in the message. */
  private final AlgorithmSuite suite;
  /** The policy that forbids the suite. */
  private final CommitmentPolicy policy;

  /**
   * Creates the exception.
   *
   * @param suite the suite found in the message
   * @param policy the policy that forbids it
   */
  public CommitmentPolicyException(AlgorithmSuite suite, CommitmentPolicy policy) {
    super(
        "message uses non-committing algorithm suite " + AlgorithmSuite.hex(suite.id())
            + " which commitment policy " + policy
            + " forbids; configure REQUIRE_ENCRYPT_ALLOW_DECRYPT only to read legacy messages",
        null);
    this.suite = suite;
    this.policy = policy;
  }

  /**
   * The suite found in the message.
   *
   * @return the suite found in the message
   */
  public AlgorithmSuite suite() {
    return suite;
  }

  /**
   * The policy in force.
   *
   * @return the policy in force
   */
  public CommitmentPolicy policy() {
    return policy;
  }
}
