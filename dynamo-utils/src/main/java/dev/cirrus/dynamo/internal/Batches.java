package dev.cirrus.dynamo.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;

/**
 * What batch writes and gets do alike around the re-send loop: cut the elements into batches, run the batches
 * with bounded parallelism and sum their outcomes, and sum a response's consumed capacity.
 */
public final class Batches {
  private Batches() {
  }

  /**
   * The summed outcomes of one call's batches.
   *
   * @param done elements processed
   * @param requests requests sent
   * @param resends requests that were re-sends
   * @param capacityUnits capacity consumed
   * @param unprocessed the elements not processed, in batch order
   * @param error the first batch's last error (the other batches' distinct ones suppressed in it), or null
   * @param <E> the request element
   */
  public record Totals<E>(long done, long requests, long resends, double capacityUnits, List<E> unprocessed,
                          Throwable error) {
  }

  /**
   * Cuts the elements, in order, into batches of at most {@code maxCount} elements and at most {@code maxBytes}
   * bytes; a new batch starts where the next element would break either limit.
   *
   * @param items the elements
   * @param maxCount elements per batch
   * @param bytes each element's size
   * @param maxBytes bytes per batch
   * @param <T> the element
   * @return the batches, none of them empty unless an element alone is over {@code maxBytes}
   */
  public static <T> List<List<T>> split(Collection<T> items, int maxCount, ToLongFunction<? super T> bytes,
      long maxBytes) {
    List<List<T>> batches = new ArrayList<>();
    List<T> current = new ArrayList<>();
    long currentBytes = 0;
    for (T item : items) {
      long size = bytes.applyAsLong(item);
      if (current.size() == maxCount || currentBytes + size > maxBytes) {
        batches.add(current);
        current = new ArrayList<>();
        currentBytes = 0;
      }
      current.add(item);
      currentBytes += size;
    }
    if (!current.isEmpty()) {
      batches.add(current);
    }
    return batches;
  }

  /**
   * Runs each batch through the re-send loop, at most {@code parallelism} at a time ({@link Parallel}), and sums
   * the outcomes; a batch never started because the caller was interrupted counts as wholly unprocessed.
   *
   * @param batches the batches
   * @param resender the re-send loop
   * @param parallelism batches in flight at once
   * @param send sends one request and returns its reply
   * @param <E> the request element
   * @return the summed outcomes
   */
  public static <E> Totals<E> run(List<List<E>> batches, Resender<E> resender, int parallelism,
      Function<List<E>, Resender.Reply<E>> send) {
    List<Callable<Resender.Outcome<E>>> tasks = new ArrayList<>(batches.size());
    for (List<E> batch : batches) {
      tasks.add(() -> resender.run(batch, send));
    }
    long done = 0;
    long requests = 0;
    long resends = 0;
    double capacity = 0;
    List<E> unprocessed = new ArrayList<>();
    Throwable error = null;
    for (Resender.Outcome<E> o : Parallel.run(tasks, parallelism, i -> Resender.notRun(batches.get(i)))) {
      done += o.done();
      requests += o.requests();
      resends += o.resends();
      capacity += o.capacityUnits();
      unprocessed.addAll(o.unprocessed());
      if (o.lastError() != null && error == null) {
        error = o.lastError();
      } else if (o.lastError() != null && o.lastError() != error) {
        error.addSuppressed(o.lastError());
      }
    }
    return new Totals<>(done, requests, resends, capacity, unprocessed, error);
  }

  /**
   * Sums the capacity units of a response's consumed capacity (an absent value counts as 0).
   *
   * @param consumed the response's consumed capacity, empty if it has none
   * @return the units
   */
  public static double capacityUnits(List<ConsumedCapacity> consumed) {
    double units = 0;
    for (ConsumedCapacity c : consumed) {
      units += c.capacityUnits() == null ? 0 : c.capacityUnits();
    }
    return units;
  }
}
