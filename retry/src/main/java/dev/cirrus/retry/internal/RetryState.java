package dev.cirrus.retry.internal;

import dev.cirrus.retry.GiveUpReason;
import java.util.ArrayList;
import java.util.List;

/**
 * Mutable state of one call through a policy. Touched by one thread at a time (the sync loop, the async
 * chain whose stages are ordered by their futures, or the SDK's retry stage), so it needs no locking.
 */
public final class RetryState {
  final String key;
  final boolean idempotent;
  /** Read only when a deadline or listeners need it: a clock read costs 20-70 ns on virtualised hosts. */
  final long startNanos;
  long firstFailureNanos;
  int attempts;
  long previousDelayNanos;
  int acquiredCost;
  /** Tokens paid for the retry just scheduled; refunded if that retry never starts (cancel, interrupt). */
  int pendingRetryCost;
  /** Allocated on the first failure: the success path allocates nothing but this state. */
  List<Throwable> failures = List.of();
  GiveUpReason reason;
  int budgetRequired;
  int budgetAvailable;

  public RetryState(String key, boolean idempotent, long startNanos) {
    this.key = key;
    this.idempotent = idempotent;
    this.startNanos = startNanos;
  }

  public int attempts() {
    return attempts;
  }

  public GiveUpReason reason() {
    return reason;
  }

  public List<Throwable> failures() {
    return failures;
  }

  void addFailure(Throwable t) {
    if (failures.isEmpty()) {
      failures = new ArrayList<>(4);
    }
    failures.add(t);
  }

  public int pendingRetryCost() {
    return pendingRetryCost;
  }

  public String key() {
    return key;
  }
}
