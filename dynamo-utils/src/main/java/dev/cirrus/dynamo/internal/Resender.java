package dev.cirrus.dynamo.internal;

import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.ErrorClassifier;
import dev.cirrus.retry.ErrorKind;
import dev.cirrus.retry.RetryPolicy;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Function;

/**
 * The re-send loop shared by batch writes and gets: send the pending elements, keep what comes back
 * unprocessed, back off (throttling backoff from cirrus-retry) and send again, up to {@code maxAttempts}
 * requests per batch. Unprocessed elements are DynamoDB's partial form of throttling, so they back off like
 * throttling errors.
 *
 * @param <E> the request element (WriteRequest or key map)
 */
public final class Resender<E> {
  /** One request's answer: the elements still unprocessed and the capacity consumed. */
  public record Reply<E>(List<E> unprocessed, double capacityUnits) {
  }

  /** The outcome of one batch. */
  public record Outcome<E>(long done, long requests, long resends, double capacityUnits, List<E> unprocessed,
                           Throwable lastError) {
  }

  private final int maxAttempts;
  private final Backoff backoff;
  private final ErrorClassifier classifier;
  private final DoubleSupplier random;
  private final RetryPolicy.Sleeper sleeper;

  /** Creates the loop with its policy parts. */
  public Resender(int maxAttempts, Backoff backoff, ErrorClassifier classifier, DoubleSupplier random,
      RetryPolicy.Sleeper sleeper) {
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.classifier = classifier;
    this.random = random;
    this.sleeper = sleeper;
  }

  /** The outcome of a batch that was never sent because the caller was interrupted: all of it pending. */
  public static <E> Outcome<E> notRun(List<E> batch) {
    return new Outcome<>(0, 0, 0, 0, batch, new InterruptedException("interrupted before the batch was sent"));
  }

  /** Runs one batch to completion or exhaustion; never throws for service errors. */
  public Outcome<E> run(List<E> batch, Function<List<E>, Reply<E>> send) {
    List<E> pending = batch;
    long done = 0;
    long requests = 0;
    long resends = 0;
    double capacity = 0;
    Throwable lastError = null;
    long previousDelay = 0;
    for (int attempt = 1; ; attempt++) {
      requests++;
      try {
        Reply<E> reply = send.apply(pending);
        capacity += reply.capacityUnits();
        done += pending.size() - reply.unprocessed().size();
        pending = reply.unprocessed();
        lastError = null;
        if (pending.isEmpty()) {
          return new Outcome<>(done, requests, resends, capacity, List.of(), null);
        }
      } catch (RuntimeException e) {
        if (lastError != null && lastError != e) {
          e.addSuppressed(lastError);
        }
        lastError = e;
        ErrorKind kind = classifier.classify(e);
        if (!kind.isRetryable()) {
          return new Outcome<>(done, requests, resends, capacity, pending, e);
        }
      }
      if (attempt >= maxAttempts) {
        return new Outcome<>(done, requests, resends, capacity, pending, lastError);
      }
      long delay = backoff.delayNanos(attempt, previousDelay, random.getAsDouble());
      previousDelay = delay;
      try {
        if (delay > 0) {
          sleeper.sleep(delay);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Outcome<>(done, requests, resends, capacity, pending, e);
      }
      resends++;
    }
  }
}
