package dev.cirrus.crypto;

import dev.cirrus.crypto.internal.FrameWorkers;
import dev.cirrus.crypto.internal.Ranges;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * Whether, and on how many threads, {@link CirrusCrypto} encrypts and decrypts the frames of one message
 * in parallel. Set with {@link CirrusCrypto.Builder#parallelFrames}; the default is {@link #off()}.
 *
 * <p>{@code byte[]} messages: a message of at least {@link #minFrames()} frames is split into contiguous
 * chunks of at least 8 frames, at most {@link #maxThreads()} chunks; the calling thread runs one chunk and
 * the executor the others, each writing its own slice of the output. The output is byte for byte what the
 * sequential path writes (frame IVs depend only on the sequence number), and decrypt returns no plaintext
 * unless every frame's tag (and the signature of a signed message, checked after all frames) verified: a
 * bad frame anywhere fails the whole call with the one {@link InvalidCiphertextException} and the partial
 * plaintext is zeroed. Signatures are computed and verified on the calling thread, over the bytes in order.
 *
 * <p>Streams: an encrypting stream (of unknown length, or declared to need at least {@code minFrames}
 * frames) and a decrypting stream group regular frames into batches of about 64 KiB of plaintext (at least
 * one frame), keep up to {@code 2 × maxThreads} batches in flight and write or release them strictly in
 * order; decrypted plaintext is released a batch at a time, only after every tag in the batch verified and
 * every earlier batch was released (a batch with a bad frame releases nothing). A decrypting stream reads
 * that many batches ahead of what it released. Extra memory per stream: about {@code 2 × maxThreads × 2 ×
 * max(64 KiB, frame length)}; a decrypting stream keeps the plaintext in flight within its {@code
 * maxBufferedBytes} (fewer batches, down to sequential). {@code flush()} on an encrypting stream writes
 * the frames in flight.
 *
 * <p>Executor: a task the executor rejects ({@code RejectedExecutionException}), or has not started by
 * the time the caller finished its own chunk, is run by the caller; a call never loses frames, never
 * waits on a task that was not started, and returns only after every chunk finished. Without {@link
 * Builder#executor}, a pool shared by all instances is used: min(available processors, 4) daemon threads
 * named {@code cirrus-crypto-frames-N}, created on first use, idle threads ending after 30 seconds.
 *
 * <p>Off by default: on the shared 2-vCPU machine of {@code docs/benchmarks.md}, two threads made 1 MiB
 * {@code byte[]} encrypt up to 1.6x and decrypt 1.3x faster when the second core was idle, but were slower
 * than one thread while other processes kept the cores busy, and streams were slower in both cases. A
 * second thread also takes a core from whatever else the process runs. Turn it on for large {@code
 * byte[]} messages where cores are idle, and measure ({@code ParallelFramesBenchmark}).
 *
 * <p>This class is immutable and thread-safe; the executor must be safe to call from any thread.
 */
public final class ParallelFrames {
  /** Default {@link #minFrames()}: 16. */
  public static final int DEFAULT_MIN_FRAMES = 16;
  /** Largest {@link #maxThreads()}: 64. */
  public static final int MAX_THREADS = 64;

  private static final ParallelFrames OFF = new ParallelFrames(null, 1, DEFAULT_MIN_FRAMES);

  private final Executor executor;
  private final int maxThreads;
  private final int minFrames;

  private ParallelFrames(Executor executor, int maxThreads, int minFrames) {
    this.executor = executor;
    this.maxThreads = maxThreads;
    this.minFrames = minFrames;
  }

  /**
   * Sequential: every frame on the calling thread.
   *
   * @return the sequential setting, {@code maxThreads() == 1}
   */
  public static ParallelFrames off() {
    return OFF;
  }

  /**
   * Returns a new builder: shared pool, {@code maxThreads} = min(available processors, 4), {@code
   * minFrames} = 16.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Threads per message, the caller included; 1 means sequential.
   *
   * @return the most threads one message uses
   */
  public int maxThreads() {
    return maxThreads;
  }

  /**
   * Fewest frames for which a message is split; smaller messages run sequentially.
   *
   * @return the frame count from which frames run in parallel
   */
  public int minFrames() {
    return minFrames;
  }

  /**
   * Whether frames may run on more than one thread.
   *
   * @return {@code maxThreads() > 1}
   */
  public boolean isEnabled() {
    return maxThreads > 1;
  }

  /** The internal runner for this setting. */
  FrameWorkers workers() {
    return maxThreads == 1 ? FrameWorkers.SEQUENTIAL : new FrameWorkers(executor, maxThreads, minFrames);
  }

  @Override
  public String toString() {
    return "ParallelFrames[maxThreads=" + maxThreads + ", minFrames=" + minFrames
        + (executor == null ? ", shared pool]" : ", executor=" + executor + "]");
  }

  /** Builds {@link ParallelFrames}. Not thread-safe. */
  public static final class Builder {
    private Executor executor;
    private int maxThreads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4));
    private int minFrames = DEFAULT_MIN_FRAMES;

    private Builder() {}

    /**
     * The executor chunks run on. By default the shared pool described in {@link ParallelFrames}. Its
     * tasks are short and never block; it may reject them (the caller then runs them).
     *
     * @param executor the executor
     * @return this builder
     */
    public Builder executor(Executor executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Threads per message, the caller included. By default min(available processors, 4).
     *
     * @param maxThreads the most threads one message uses; 1 for sequential
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 64
     */
    public Builder maxThreads(int maxThreads) {
      this.maxThreads = (int) Ranges.between("maxThreads", maxThreads, 1, MAX_THREADS);
      return this;
    }

    /**
     * Fewest frames for which a message is split. By default 16.
     *
     * @param minFrames the frame count from which frames run in parallel
     * @return this builder
     * @throws IllegalArgumentException if not between 16 and 2147483647
     */
    public Builder minFrames(int minFrames) {
      this.minFrames = (int) Ranges.between("minFrames", minFrames, DEFAULT_MIN_FRAMES, Integer.MAX_VALUE);
      return this;
    }

    /**
     * Builds the setting.
     *
     * @return a new immutable {@link ParallelFrames}
     */
    public ParallelFrames build() {
      return new ParallelFrames(executor, maxThreads, minFrames);
    }
  }
}
