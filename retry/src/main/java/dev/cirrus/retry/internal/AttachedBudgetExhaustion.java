package dev.cirrus.retry.internal;

import dev.cirrus.retry.RetryBudgetExhaustedException;

/**
 * The budget refusal attached to the SDK's exception as a suppressed exception. Its last failure is that
 * very exception, so it reports no cause: otherwise exception -> suppressed -> cause -> exception is a cycle,
 * and loggers or error reporters that walk causes and suppressed exceptions without cycle detection would
 * never finish.
 */
public final class AttachedBudgetExhaustion extends RetryBudgetExhaustedException {
  private static final long serialVersionUID = 1L;

  public AttachedBudgetExhaustion(RetryBudgetExhaustedException e) {
    super(e.attempts(), e.failures(), e.elapsed(), e.requiredTokens(), e.availableTokens(), e.capacity());
    setStackTrace(e.getStackTrace());
  }

  @Override
  public synchronized Throwable getCause() {
    return null;
  }

  @Override
  public Throwable lastFailure() {
    return failures().isEmpty() ? null : failures().get(failures().size() - 1);
  }
}
