package dev.cirrus.s3.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The ranges of a download that are fetched into buffers, in object order: which are in flight, which is the
 * next to fetch, and (by taking them oldest first) which are handed to the writer. The window is what bounds
 * memory: no more ranges are in flight than the limit given to {@link #fill}, and each holds one buffer. Used by
 * the writing thread only.
 */
final class RangeWindow {
  /** Starts fetching one range. */
  interface Fetch {
    CompletableFuture<PartBuffer> start(long offset, long length);
  }

  /** Waits for a range in flight. */
  interface Await {
    PartBuffer await(CompletableFuture<PartBuffer> range);
  }

  private final long firstOffset;
  private final long end;
  private final long rangeSize;
  private final int count;
  private final Fetch fetch;
  private final Deque<CompletableFuture<PartBuffer>> inFlight = new ArrayDeque<>();
  private int next;

  /**
   * {@code count} ranges of {@code rangeSize} bytes from {@code firstOffset}, the last one ending at {@code end}
   * (shorter if need be).
   */
  RangeWindow(long firstOffset, long end, long rangeSize, int count, Fetch fetch) {
    this.firstOffset = firstOffset;
    this.end = end;
    this.rangeSize = rangeSize;
    this.count = count;
    this.fetch = fetch;
  }

  /** Starts the next ranges until {@code limit} are in flight or none is left to start. */
  void fill(int limit) {
    while (next < count && inFlight.size() < limit) {
      long offset = firstOffset + next * rangeSize;
      inFlight.addLast(fetch.start(offset, Math.min(rangeSize, end - offset)));
      next++;
    }
  }

  /** Whether a range is left to take. */
  boolean hasNext() {
    return next < count || !inFlight.isEmpty();
  }

  /**
   * Waits for the oldest range in flight and takes it out of the window; if the wait throws, the range stays in
   * it, for {@link #abandon} to release.
   */
  PartBuffer take(Await await) {
    PartBuffer b = await.await(inFlight.peekFirst());
    inFlight.pollFirst();
    return b;
  }

  /**
   * Gives up the ranges in flight without waiting for them: one stalled inside a sync client would otherwise hold
   * up a failure or a cancellation until the server answers. Each returns its buffer to the pool when it ends;
   * the future completes when all have.
   */
  CompletableFuture<Void> abandon(BufferPool pool) {
    List<CompletableFuture<Void>> ends = new ArrayList<>();
    for (CompletableFuture<PartBuffer> f : inFlight) {
      ends.add(f.handle((b, failure) -> {
        if (b != null) {
          pool.release(b);
        }
        return null;
      }));
    }
    return CompletableFuture.allOf(ends.toArray(new CompletableFuture<?>[0]));
  }
}
