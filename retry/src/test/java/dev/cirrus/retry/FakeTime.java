package dev.cirrus.retry;

import java.util.ArrayList;
import java.util.List;

/** A ticker and a sleeper on one fake clock: sleeping advances time and is recorded. */
final class FakeTime implements RetryPolicy.Sleeper {
  long nanos = 1_000_000_000L;
  final List<Long> sleeps = new ArrayList<>();

  long now() {
    return nanos;
  }

  @Override
  public void sleep(long n) {
    sleeps.add(n);
    nanos += n;
  }

  RetryPolicy.Builder policy() {
    return RetryPolicy.builder().nanoTicker(this::now).sleeper(this).random(() -> 0.5);
  }
}
