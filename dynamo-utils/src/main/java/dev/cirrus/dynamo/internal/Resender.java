package dev.cirrus.dynamo.internal;

import dev.cirrus.dynamo.BatchListener;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.ErrorClassifier;
import dev.cirrus.retry.RetryExecution;
import dev.cirrus.retry.RetryPolicy;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The re-send loop shared by batch writes and gets: send the pending elements, keep what comes back
 * unprocessed, back off and send again, up to {@code maxAttempts} requests per batch. The decisions are a
 * {@link RetryExecution}'s, one per batch, under a {@link RetryPolicy} built from this loop's parts: one backoff
 * for throttles and transient errors, no server {@code Retry-After} hint, no budget, rate limiter, deadline or
 * listener. Unprocessed elements are DynamoDB's partial form of throttling
 * ({@link RetryExecution#onThrottled()}); an exception is classified by the classifier.
 *
 * @param <E> the request element (WriteRequest or key map)
 */
public final class Resender<E> {
  private static final Logger LOG = LoggerFactory.getLogger(BatchListener.class);

  /**
   * One request's answer: the elements still unprocessed, the capacity DynamoDB reported consumed, and what
   * {@code CapacityCalculator} computes for the processed elements (for the listener).
   */
  public record Reply<E>(List<E> unprocessed, double capacityUnits, double computedCapacityUnits) {
    /** An answer without computed capacity (0). */
    public Reply(List<E> unprocessed, double capacityUnits) {
      this(unprocessed, capacityUnits, 0);
    }
  }

  /** The outcome of one batch. */
  public record Outcome<E>(long done, long requests, long resends, double capacityUnits, List<E> unprocessed,
                           Throwable lastError) {
  }

  private final RetryPolicy policy;
  /** Null: no listener. */
  private final BatchListener listener;
  private final BatchListener.Operation operation;
  private final String tableName;

  /**
   * Creates the loop with its policy parts.
   *
   * @throws IllegalArgumentException if {@code maxAttempts < 1}
   * @throws NullPointerException if an argument is null
   */
  public Resender(int maxAttempts, Backoff backoff, ErrorClassifier classifier, DoubleSupplier random,
      RetryPolicy.Sleeper sleeper) {
    this(maxAttempts, backoff, classifier, random, sleeper, null, BatchListener.Operation.WRITE, "");
  }

  /**
   * Creates the loop with its policy parts, telling {@code listener} (null: none) of each request of
   * {@code operation} on {@code tableName}.
   */
  public Resender(int maxAttempts, Backoff backoff, ErrorClassifier classifier, DoubleSupplier random,
      RetryPolicy.Sleeper sleeper, BatchListener listener, BatchListener.Operation operation, String tableName) {
    this.policy = RetryPolicy.builder().maxAttempts(maxAttempts).backoff(backoff).classifier(classifier)
        .random(random).sleeper(sleeper).honourRetryAfter(false).build();
    this.listener = listener;
    this.operation = operation;
    this.tableName = tableName;
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
    RetryExecution execution = policy.newExecution();
    execution.start(); // no rate limiter: the first request goes at once
    while (true) {
      execution.attemptStarting();
      requests++;
      List<E> sent = pending;
      if (requests > 1) {
        tell(l -> l.onResend(operation, tableName, sent.size()));
      }
      try {
        Reply<E> reply = send.apply(pending);
        tell(l -> l.onRequest(operation, tableName, sent.size(), reply.unprocessed().size(), reply.capacityUnits(),
            reply.computedCapacityUnits()));
        capacity += reply.capacityUnits();
        done += pending.size() - reply.unprocessed().size();
        pending = reply.unprocessed();
        lastError = null;
        if (pending.isEmpty()) {
          execution.onSuccess();
          return new Outcome<>(done, requests, resends, capacity, List.of(), null);
        }
      } catch (RuntimeException e) {
        tell(l -> l.onRequestFailed(operation, tableName, sent.size(), e));
        if (lastError != null && lastError != e) {
          e.addSuppressed(lastError);
        }
        lastError = e;
      }
      RetryExecution.Decision next = lastError == null ? execution.onThrottled() : execution.onFailure(lastError);
      if (next.givesUp()) {
        return new Outcome<>(done, requests, resends, capacity, pending, lastError);
      }
      try {
        if (next.delayNanos() > 0) {
          policy.sleeper().sleep(next.delayNanos());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        execution.onInterrupted(e);
        return new Outcome<>(done, requests, resends, capacity, pending, e);
      }
      resends++;
    }
  }

  private void tell(Consumer<BatchListener> event) {
    if (listener == null) {
      return;
    }
    try {
      event.accept(listener);
    } catch (RuntimeException e) {
      LOG.warn("BatchListener event failed", e);
    }
  }
}
