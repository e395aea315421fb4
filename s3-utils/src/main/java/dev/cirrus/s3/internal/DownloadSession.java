package dev.cirrus.s3.internal;

import dev.cirrus.s3.ChecksumCheck;
import dev.cirrus.s3.Download;
import dev.cirrus.s3.DownloadFailedException;
import dev.cirrus.s3.DownloadResult;
import dev.cirrus.s3.PartChecksum;
import dev.cirrus.s3.TransferProgress;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * One download: a GET of part 1 fixes the version (ETag) and the layout and its body, streamed by the calling
 * thread, is the first range; the other ranges are fetched in parallel with {@code If-Match} inside a sliding
 * window of {@code parallelism} ranges and written in order by the calling thread, which also keeps the running
 * checksums. The window is what bounds memory: at most parallelism range
 * buffers exist, and the pool enforces it.
 *
 * <p>The pieces: {@link DownloadStop} (the stop signal, the threads and bodies a cancellation reaches),
 * {@link RangeFetch} (the requests), {@link DownloadLayout} (the ranges), {@link DownloadChecksum} (the object
 * checksum check), {@link RangeWindow} (the ranges in flight) and {@link OrderedWriter} (the target).
 */
public final class DownloadSession implements Download {
  private final TransferConfig cfg;
  private final String bucket;
  private final String key;
  private final DownloadStop stop = new DownloadStop();
  private final RangeFetch fetch;
  private volatile BufferPool pool;
  /** The writer, once the download has one; its count of bytes written goes into failures. Writing thread only. */
  private OrderedWriter writer;
  private final CompletableFuture<CompletableFuture<Void>> rangesEnded = new CompletableFuture<>();
  private final TransferOutcome<DownloadResult> outcome;

  private DownloadSession(TransferConfig cfg, String bucket, String key) {
    this.cfg = cfg;
    this.bucket = bucket;
    this.key = key;
    this.fetch = new RangeFetch(cfg, bucket, key, stop);
    // no-op when a failure set rangesEnded first
    this.outcome = new TransferOutcome<>(this::cancel,
        () -> rangesEnded.complete(CompletableFuture.completedFuture(null)));
  }

  /** Starts a download to a file on the executor; see {@link Download}. */
  public static DownloadSession startToFile(TransferConfig cfg, String bucket, String key, Path file) {
    DownloadSession s = new DownloadSession(cfg, bucket, key);
    cfg.executor().execute(() -> {
      try {
        s.outcome.complete(s.runToFile(file));
      } catch (Throwable t) {
        s.outcome.completeExceptionally(t);
      }
    });
    return s;
  }

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public boolean cancel() {
    if (!stop.cancel(outcome::isDone)) {
      return false;
    }
    BufferPool p = pool;
    if (p != null) {
      p.wakeUp();
    }
    return true;
  }

  @Override
  public CompletableFuture<DownloadResult> result() {
    return outcome.view();
  }

  @Override
  public DownloadResult join() {
    return outcome.join(DownloadFailedException.class);
  }

  /**
   * Completes when every range request this download started has ended and returned its buffer (after a
   * failure or a cancellation, those are not waited for by {@link #join()}), for tests.
   */
  public CompletableFuture<Void> rangesEnded() {
    return rangesEnded.thenCompose(f -> f);
  }

  /** Part-buffer bytes handed out and not yet returned, for tests. */
  public long bufferBytesInUse() {
    BufferPool p = pool;
    return p == null ? 0 : p.inUseBytes();
  }

  /** The object size from {@code Content-Range: bytes a-b/size}; without one the response is the object. */
  static long totalSize(String contentRange, long contentLength) {
    return DownloadLayout.totalSize(contentRange, contentLength);
  }

  public static DownloadResult toFile(TransferConfig cfg, String bucket, String key, Path file) {
    return new DownloadSession(cfg, bucket, key).runToFile(file);
  }

  public static DownloadResult toStream(TransferConfig cfg, String bucket, String key, OutputStream out) {
    return new DownloadSession(cfg, bucket, key).run(OrderedWriter.Target.of(out));
  }

  private DownloadResult runToFile(Path file) {
    // A name of its own per download (CREATE_NEW, so never shared): two downloads to one target must never
    // write into one file. Created like any new file, so the target gets the usual permissions.
    Path temp = file.resolveSibling("." + file.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".cirrus-download");
    boolean done = false;
    try {
      DownloadResult r;
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        r = run(OrderedWriter.Target.of(ch));
        ch.force(false);
      }
      try {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
      }
      done = true;
      return r;
    } catch (IOException e) {
      throw new DownloadFailedException("cannot write " + file + ": " + e, bucket, key, null, written(), e);
    } finally {
      if (!done) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // best effort: the temporary file name says what it is
        }
      }
    }
  }

  private DownloadResult run(OrderedWriter.Target target) {
    boolean wasInterrupted = Thread.currentThread().isInterrupted();
    stop.enter();
    try {
      return runRegistered(target);
    } finally {
      stop.exit();
      if (stop.cancelled() && !wasInterrupted) {
        Thread.interrupted(); // cancel()'s interrupt is not left behind; anyone else's is kept
      }
    }
  }

  private DownloadResult runRegistered(OrderedWriter.Target target) {
    if (stop.stopped()) {
      throw failure(new CancellationException("download cancelled"), null);
    }
    long start = cfg.nanoTicker().getAsLong();
    // The first request is a GET of part 1. It fixes the version (ETag), tells the size and the part layout, and
    // its body is the first range: the whole object when the object has one part (or the server ignores
    // partNumber), so nothing waits for a HEAD and a single-part object costs one request.
    ResponseInputStream<GetObjectResponse> opened;
    try {
      opened = fetch.firstPart();
    } catch (RuntimeException e) {
      return firstPartFailed(e, start);
    }
    AtomicReference<ResponseInputStream<GetObjectResponse>> first = new AtomicReference<>(opened);
    try {
      GetObjectResponse resp = opened.response();
      DownloadLayout layout = DownloadLayout.of(resp, cfg.downloadRangeSizeBytes(), bucket, key);
      DownloadChecksum sums = DownloadChecksum.plan(cfg, layout, resp, () -> checksumHead(layout.eTag));
      return transfer(target, first, layout, sums, start);
    } finally {
      DownloadStop.abortQuietly(first.getAndSet(null)); // not handed over to the writer: nothing reads it
    }
  }

  private DownloadResult firstPartFailed(RuntimeException e, long start) {
    if (stop.cancelled()) {
      throw failure(e, null);
    }
    if (DownloadFailures.status(e) == 416) {
      return emptyObject(start, e);
    }
    throw new DownloadFailedException("cannot read s3://" + bucket + "/" + key + ": " + e, bucket, key, null,
        0, e);
  }

  private HeadObjectResponse checksumHead(String eTag) {
    try {
      return fetch.checksumHead(eTag);
    } catch (RuntimeException e) {
      throw failure(e, eTag);
    }
  }

  /** Streams the first range while the window fetches the others, and writes those in order. */
  private DownloadResult transfer(OrderedWriter.Target target,
      AtomicReference<ResponseInputStream<GetObjectResponse>> first, DownloadLayout layout, DownloadChecksum sums,
      long start) {
    long bufferBytes = layout.bufferBytes();
    BufferPool pool = new BufferPool(cfg.parallelism(), bufferBytes);
    this.pool = pool;
    OrderedWriter writer = new OrderedWriter(target, sums,
        (ranges, bytes) -> notify(ranges, bytes, layout.size, start));
    this.writer = writer;
    RangeWindow window = new RangeWindow(layout.firstLength, layout.size, layout.rangeSize, layout.ranges - 1,
        (offset, len) -> fetch.submit(pool, offset, len, layout.eTag));
    try {
      // The streamed first range is one of the parallelism requests in flight.
      window.fill(cfg.parallelism() - 1);
      writer.stream(fetch, first, layout.firstLength, layout.eTag);
      while (window.hasNext()) {
        window.fill(cfg.parallelism());
        writer.write(window.take(stop::await), pool);
      }
    } catch (Throwable t) {
      stop.stop();
      // Ranges still in flight are not waited for; nothing of theirs reaches the target, which only this
      // thread writes.
      rangesEnded.complete(window.abandon(pool));
      pool.close();
      throw failure(Futures.unwrap(t), layout.eTag);
    }
    pool.close();
    return finish(layout, sums, pool, bufferBytes);
  }

  private DownloadResult finish(DownloadLayout layout, DownloadChecksum sums, BufferPool pool, long bufferBytes) {
    long written = written();
    if (written != layout.size) {
      throw new DownloadFailedException("received " + written + " bytes of s3://" + bucket + "/" + key
          + ", expected " + layout.size, bucket, key, layout.eTag, written, null);
    }
    sums.verify(bucket, key, layout.eTag, written);
    // one range is streamed without a buffer: the bound is then zero
    return new DownloadResult(bucket, key, layout.eTag, layout.size, layout.ranges, layout.rangeSize,
        layout.aligned, sums.check(), pool.peakAllocatedBytes(),
        layout.ranges == 1 ? 0 : cfg.parallelism() * bufferBytes);
  }

  /** A 416 for part 1: S3's answer for an empty object. Anything else is a failure. */
  private DownloadResult emptyObject(long start, RuntimeException partFailure) {
    HeadObjectResponse head;
    try {
      head = fetch.head();
    } catch (RuntimeException e) {
      e.addSuppressed(partFailure);
      throw new DownloadFailedException("cannot read s3://" + bucket + "/" + key + ": " + e, bucket, key, null,
          0, e);
    }
    if (head.contentLength() == null || head.contentLength() != 0) {
      throw new DownloadFailedException("cannot read s3://" + bucket + "/" + key + ": " + partFailure, bucket, key,
          head.eTag(), 0, partFailure);
    }
    notify(1, 0, 0, start);
    ChecksumCheck check = !cfg.verifyObjectChecksum() || cfg.checksum() == PartChecksum.NONE ? ChecksumCheck.DISABLED
        : ChecksumCheck.NOT_AVAILABLE;
    return new DownloadResult(bucket, key, head.eTag(), 0, 1, 1, true, check, 0, 0);
  }

  private void notify(int done, long written, long size, long start) {
    try {
      cfg.listener().onProgress(new TransferProgress(bucket, key, written, done, size,
          Duration.ofNanos(cfg.nanoTicker().getAsLong() - start)));
    } catch (RuntimeException ignored) {
      // a listener's failure must not fail the transfer
    }
  }

  private long written() {
    OrderedWriter w = writer;
    return w == null ? 0 : w.written();
  }

  private DownloadFailedException failure(Throwable failure, String eTag) {
    return DownloadFailures.of(bucket, key, stop.cancelled(), failure, eTag, written());
  }
}
