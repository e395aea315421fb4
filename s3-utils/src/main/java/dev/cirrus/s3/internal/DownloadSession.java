package dev.cirrus.s3.internal;

import dev.cirrus.s3.ChecksumCheck;
import dev.cirrus.s3.Download;
import dev.cirrus.s3.DownloadFailedException;
import dev.cirrus.s3.DownloadResult;
import dev.cirrus.s3.ObjectChangedException;
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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.zip.Checksum;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * One download: HEAD fixes the version (ETag) and the layout, then ranges are fetched in parallel with
 * {@code If-Match} inside a sliding window of {@code parallelism} ranges and written in order by the calling
 * thread, which also keeps the running checksums. The window is what bounds memory: at most parallelism range
 * buffers exist, and the pool enforces it.
 */
public final class DownloadSession implements Download {
  /** Part-aligned ranges are used only up to this size (or the configured range size, if larger). */
  static final long MAX_ALIGNED_RANGE_BYTES = 64L * 1024 * 1024;

  private final TransferConfig cfg;
  private final String bucket;
  private final String key;
  private final String retryKey;
  private volatile boolean stopped;
  private volatile boolean cancelled;
  private volatile BufferPool pool;
  private long written;
  /** The writing thread and the range threads; cancel() interrupts them, each leaves before moving on. */
  private final java.util.Set<Thread> running = new java.util.HashSet<>();
  private final CompletableFuture<DownloadResult> result = new CompletableFuture<>();
  private final CompletableFuture<DownloadResult> view = new CompletableFuture<>() {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return DownloadSession.this.cancel() && super.cancel(mayInterruptIfRunning);
    }
  };

  private DownloadSession(TransferConfig cfg, String bucket, String key) {
    this.cfg = cfg;
    this.bucket = bucket;
    this.key = key;
    this.retryKey = bucket + "/" + key;
    result.whenComplete((r, t) -> {
      if (t == null) {
        view.complete(r);
      } else {
        view.completeExceptionally(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t);
      }
    });
  }

  /** Starts a download to a file on the executor; see {@link Download}. */
  public static DownloadSession startToFile(TransferConfig cfg, String bucket, String key, Path file) {
    DownloadSession s = new DownloadSession(cfg, bucket, key);
    cfg.executor.execute(() -> {
      try {
        s.result.complete(s.runToFile(file));
      } catch (Throwable t) {
        s.result.completeExceptionally(t);
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
    synchronized (running) {
      if (result.isDone()) {
        return false;
      }
      cancelled = true;
      stopped = true;
      for (Thread t : running) {
        t.interrupt();
      }
    }
    BufferPool p = pool;
    if (p != null) {
      p.wakeUp();
    }
    return true;
  }

  @Override
  public CompletableFuture<DownloadResult> result() {
    return view;
  }

  @Override
  public DownloadResult join() {
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof DownloadFailedException) {
        throw (DownloadFailedException) e.getCause();
      }
      throw e;
    }
  }

  /** Part-buffer bytes handed out and not yet returned, for tests. */
  public long bufferBytesInUse() {
    BufferPool p = pool;
    return p == null ? 0 : p.inUseBytes();
  }

  private boolean enter() {
    synchronized (running) {
      running.add(Thread.currentThread());
      return !stopped;
    }
  }

  private void leave() {
    synchronized (running) {
      running.remove(Thread.currentThread());
    }
    Thread.interrupted(); // an interrupt meant for this transfer must not reach the thread's next task
  }

  private interface Sink {
    void write(PartBuffer b, long offset) throws IOException;
  }

  public static DownloadResult toFile(TransferConfig cfg, String bucket, String key, Path file) {
    return new DownloadSession(cfg, bucket, key).runToFile(file);
  }

  private DownloadResult runToFile(Path file) {
    DownloadSession s = this;
    // A name of its own per download (CREATE_NEW, so never shared): two downloads to one target must never
    // write into one file. Created like any new file, so the target gets the usual permissions.
    Path temp = file.resolveSibling("." + file.getFileName() + "."
        + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong()) + ".cirrus-download");
    boolean done = false;
    try {
      DownloadResult r;
      try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        r = s.run((b, offset) -> b.writeTo(ch, offset));
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
      throw new DownloadFailedException("cannot write " + file + ": " + e, bucket, key, null, s.written, e);
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

  public static DownloadResult toStream(TransferConfig cfg, String bucket, String key, OutputStream out) {
    DownloadSession s = new DownloadSession(cfg, bucket, key);
    return s.run((b, offset) -> b.writeTo(out));
  }

  private DownloadResult run(Sink sink) {
    boolean wasInterrupted = Thread.currentThread().isInterrupted();
    enter();
    try {
      return runRegistered(sink);
    } finally {
      synchronized (running) {
        running.remove(Thread.currentThread());
      }
      if (cancelled && !wasInterrupted) {
        Thread.interrupted(); // cancel()'s interrupt is not left behind; anyone else's is kept
      }
    }
  }

  private DownloadResult runRegistered(Sink sink) {
    if (stopped) {
      throw failure(new java.util.concurrent.CancellationException("download cancelled"), null);
    }
    long start = cfg.nanoTicker.getAsLong();
    HeadObjectResponse head;
    try {
      head = cfg.retry.call(retryKey, () -> cfg.s3.headObject(
          r -> r.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED)));
    } catch (RuntimeException e) {
      throw new DownloadFailedException("cannot read s3://" + bucket + "/" + key + ": " + e, bucket, key, null,
          0, e);
    }
    long size = head.contentLength();
    String eTag = head.eTag();
    long rangeSize = Math.max(1, cfg.downloadRangeSizeBytes);
    boolean aligned = false;
    // The layout is only a hint (no If-Match here: moto 5.2.1 compares it with the part's ETag); every ranged
    // GET below carries If-Match, which is what keeps versions from mixing.
    if (size > 0 && eTag != null && eTag.contains("-")) {
      try {
        HeadObjectResponse first = cfg.retry.call(retryKey, () -> cfg.s3.headObject(
            r -> r.bucket(bucket).key(key).partNumber(1)));
        Integer parts = first.partsCount();
        long partLen = first.contentLength();
        if (parts != null && parts > 1 && partLen > 0 && partLen < size
            && ceilDiv(size, partLen) == parts
            && partLen <= Math.max(MAX_ALIGNED_RANGE_BYTES, cfg.downloadRangeSizeBytes)) {
          rangeSize = partLen;
          aligned = true;
        }
      } catch (RuntimeException e) {
        throw failure(e, eTag);
      }
    }
    int ranges = (int) ceilDiv(size, rangeSize);

    String algorithm = cfg.checksum == PartChecksum.NONE ? null : cfg.checksum.name();
    String reported = algorithm == null ? null
        : cfg.checksum == PartChecksum.CRC32C ? head.checksumCRC32C() : head.checksumCRC32();
    boolean composite = reported != null
        && (reported.contains("-") || head.checksumType() == ChecksumType.COMPOSITE);
    String expected = reported;
    if (composite && !reported.contains("-") && head.partsCount() != null) {
      expected = reported + "-" + head.partsCount();
    }
    // A multipart object's checksum without "-N" and without type FULL_OBJECT is ambiguous (moto 5.2.1 reports
    // composite values that way), so it is not compared.
    boolean multipartObject = eTag != null && eTag.contains("-");
    boolean fullObject = reported != null && !composite
        && (!multipartObject || head.checksumType() == ChecksumType.FULL_OBJECT);
    boolean checkable = cfg.verifyObjectChecksum && reported != null
        && (fullObject || (composite && aligned && expected.endsWith("-" + ranges)));
    Checksum whole = checkable && !composite ? Checksums.newChecksum(algorithm) : null;
    List<byte[]> rangeSums = checkable && composite ? new ArrayList<>() : null;

    BufferPool pool = new BufferPool(cfg.parallelism, Math.min(rangeSize, Math.max(size, 1)));
    this.pool = pool;
    Deque<CompletableFuture<PartBuffer>> window = new ArrayDeque<>();
    int done = 0;
    try {
      for (int i = 0; i < ranges || !window.isEmpty(); ) {
        if (i < ranges && window.size() < cfg.parallelism) {
          long offset = i * rangeSize;
          long len = Math.min(rangeSize, size - offset);
          window.addLast(CompletableFuture.supplyAsync(() -> fetch(pool, offset, len, eTag), cfg.executor));
          i++;
          continue;
        }
        PartBuffer b = next(window.peekFirst()); // still in the window if this throws: the catch releases it
        window.pollFirst();
        try {
          sink.write(b, written);
          if (whole != null) {
            b.update(whole);
          }
          if (rangeSums != null) {
            Checksum c = Checksums.newChecksum(algorithm);
            b.update(c);
            rangeSums.add(Checksums.int4(c.getValue()));
          }
          written += b.length();
        } finally {
          pool.release(b);
        }
        done++;
        notify(done, size, start);
      }
    } catch (Throwable t) {
      stopped = true;
      for (CompletableFuture<PartBuffer> f : window) {
        try {
          pool.release(f.join());
        } catch (RuntimeException ignored) {
          // that range failed too; the first failure is reported
        }
      }
      pool.close();
      throw failure(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t, eTag);
    }
    pool.close();
    if (written != size) {
      throw new DownloadFailedException("received " + written + " bytes of s3://" + bucket + "/" + key
          + ", expected " + size, bucket, key, eTag, written, null);
    }
    ChecksumCheck check = !cfg.verifyObjectChecksum || algorithm == null ? ChecksumCheck.DISABLED
        : checkable ? ChecksumCheck.VERIFIED : ChecksumCheck.NOT_AVAILABLE;
    if (checkable) {
      String actual = whole != null ? Checksums.base64(Checksums.int4(whole.getValue()))
          : Checksums.composite(algorithm, rangeSums.toArray(new byte[0][]));
      if (!actual.equals(expected)) {
        throw new DownloadFailedException("s3://" + bucket + "/" + key + " has checksum " + expected
            + " but the bytes received give " + actual, bucket, key, eTag, written, null);
      }
    }
    return new DownloadResult(bucket, key, eTag, size, ranges, rangeSize, aligned, check,
        pool.peakAllocatedBytes(), cfg.parallelism * Math.min(rangeSize, Math.max(size, 1)));
  }

  /** Waits for the next range; interruptible, so that cancel() reaches a writer waiting here. */
  private PartBuffer next(CompletableFuture<PartBuffer> f) {
    try {
      return f.get();
    } catch (InterruptedException e) {
      if (cancelled) {
        throw new java.util.concurrent.CancellationException("download cancelled");
      }
      Thread.currentThread().interrupt(); // not ours: the caller's, kept
      throw new CompletionException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new CompletionException(e.getCause());
    }
  }

  private PartBuffer fetch(BufferPool pool, long offset, long len, String eTag) {
    if (!enter()) {
      leave();
      throw new java.util.concurrent.CancellationException("download stopped");
    }
    try {
      return fetchRegistered(pool, offset, len, eTag);
    } finally {
      leave();
    }
  }

  private PartBuffer fetchRegistered(BufferPool pool, long offset, long len, String eTag) {
    PartBuffer b;
    try {
      b = pool.acquire(len, () -> stopped);
    } catch (InterruptedException e) {
      throw new CompletionException(e);
    }
    try {
      String range = "bytes=" + offset + "-" + (offset + len - 1);
      cfg.retry.call(retryKey, () -> {
        if (stopped) {
          throw new java.util.concurrent.CancellationException("download stopped");
        }
        try (ResponseInputStream<GetObjectResponse> in = cfg.s3.getObject(
            r -> r.bucket(bucket).key(key).range(range).ifMatch(eTag))) {
          b.readExactly(in, len);
        }
        return null;
      });
      return b;
    } catch (RuntimeException e) {
      pool.release(b);
      throw e;
    }
  }

  private void notify(int done, long size, long start) {
    try {
      cfg.listener.onProgress(new TransferProgress(bucket, key, written, done, size,
          Duration.ofNanos(cfg.nanoTicker.getAsLong() - start)));
    } catch (RuntimeException ignored) {
      // a listener's failure must not fail the transfer
    }
  }

  private DownloadFailedException failure(Throwable t, String eTag) {
    if (cancelled) {
      java.util.concurrent.CancellationException c = new java.util.concurrent.CancellationException(
          "download cancelled");
      if (t != null && !(t instanceof java.util.concurrent.CancellationException)) {
        c.addSuppressed(t); // e.g. the ClosedByInterruptException of the file being written
      }
      return new DownloadFailedException("download of s3://" + bucket + "/" + key + " cancelled after " + written
          + " bytes", bucket, key, eTag, written, c);
    }
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AwsServiceException && ((AwsServiceException) c).statusCode() == 412) {
        return new ObjectChangedException(bucket, key, eTag, written, t);
      }
      if (c instanceof dev.cirrus.retry.RetriesExhaustedException) {
        Throwable last = ((dev.cirrus.retry.RetriesExhaustedException) c).lastFailure();
        if (last instanceof AwsServiceException && ((AwsServiceException) last).statusCode() == 412) {
          return new ObjectChangedException(bucket, key, eTag, written, t);
        }
      }
    }
    if (t instanceof DownloadFailedException) {
      return (DownloadFailedException) t;
    }
    return new DownloadFailedException("download of s3://" + bucket + "/" + key + " failed after " + written
        + " bytes: " + t, bucket, key, eTag, written, t);
  }

  private static long ceilDiv(long a, long b) {
    return a == 0 ? 0 : 1 + (a - 1) / b;
  }
}
