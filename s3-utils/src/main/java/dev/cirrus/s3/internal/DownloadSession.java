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
 * One download: a GET of part 1 fixes the version (ETag) and the layout and its body, streamed by the calling
 * thread, is the first range; the other ranges are fetched in parallel with {@code If-Match} inside a sliding
 * window of {@code parallelism} ranges and written in order by the calling thread, which also keeps the running
 * checksums. The window is what bounds memory: at most parallelism range
 * buffers exist, and the pool enforces it.
 */
public final class DownloadSession implements Download {
  /** Part-aligned ranges are used only up to this size (or the configured range size, if larger). */
  static final long MAX_ALIGNED_RANGE_BYTES = 64L * 1024 * 1024;
  /** The copy buffer of the range streamed straight into the sink (the first part, or the whole object). */
  static final int COPY_BUFFER_BYTES = 256 * 1024;

  private final TransferConfig cfg;
  private final String bucket;
  private final String key;
  private final String retryKey;
  volatile boolean stopped;
  private volatile boolean cancelled;
  private volatile BufferPool pool;
  long written;
  /** The writing thread and the range threads; cancel() interrupts them, each leaves before moving on. */
  private final java.util.Set<Thread> running = new java.util.HashSet<>();
  /** Response bodies being read (guarded by {@code running}); cancel() aborts them so no read outlives it. */
  private final java.util.Set<ResponseInputStream<GetObjectResponse>> streams = new java.util.HashSet<>();
  private final CompletableFuture<DownloadResult> result = new CompletableFuture<>();
  private final CompletableFuture<DownloadResult> view = new CompletableFuture<>() {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      return DownloadSession.this.cancel() && super.cancel(mayInterruptIfRunning);
    }
  };

  DownloadSession(TransferConfig cfg, String bucket, String key) {
    this.cfg = cfg;
    this.bucket = bucket;
    this.key = key;
    this.retryKey = bucket + "/" + key;
    result.whenComplete((r, t) -> {
      rangesEnded.complete(CompletableFuture.completedFuture(null)); // no-op when a failure set it first
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
    abortStreams();
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

  /**
   * Completes when every range request this download started has ended and returned its buffer (after a
   * failure or a cancellation, those are not waited for by {@link #join()}), for tests.
   */
  public CompletableFuture<Void> rangesEnded() {
    return rangesEnded.thenCompose(f -> f);
  }

  private final CompletableFuture<CompletableFuture<Void>> rangesEnded = new CompletableFuture<>();

  /**
   * Runs a request on the executor and waits for it interruptibly, so that cancel() reaches a writer whose
   * request is stalled inside a sync client; an answer that comes after the writer left is discarded.
   */
  private <T> T offThread(java.util.function.Supplier<T> request, java.util.function.Consumer<T> discard) {
    CompletableFuture<T> f = CompletableFuture.supplyAsync(request, cfg.executor);
    try {
      return f.get();
    } catch (InterruptedException e) {
      f.thenAccept(discard);
      if (cancelled) {
        throw new java.util.concurrent.CancellationException("download cancelled");
      }
      Thread.currentThread().interrupt(); // not ours: the caller's, kept
      throw new CompletionException(e);
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof RuntimeException) {
        throw (RuntimeException) e.getCause();
      }
      throw new CompletionException(e.getCause());
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

  /** Where bytes go; both methods are called by the writing thread only, in object order. */
  private interface Sink {
    void write(PartBuffer b, long offset) throws IOException;

    void write(byte[] b, int off, int len, long offset) throws IOException;
  }

  private static Sink fileSink(FileChannel ch) {
    return new Sink() {
      @Override
      public void write(PartBuffer b, long offset) throws IOException {
        b.writeTo(ch, offset);
      }

      @Override
      public void write(byte[] b, int off, int len, long offset) throws IOException {
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b, off, len);
        long at = offset;
        while (buf.hasRemaining()) {
          at += ch.write(buf, at);
        }
      }
    };
  }

  private static Sink streamSink(OutputStream out) {
    return new Sink() {
      @Override
      public void write(PartBuffer b, long offset) throws IOException {
        b.writeTo(out);
      }

      @Override
      public void write(byte[] b, int off, int len, long offset) throws IOException {
        out.write(b, off, len);
      }
    };
  }

  /**
   * A local write failure while streaming: not an I/O failure of the request, so the retry policy (which treats
   * {@code IOException} as transient) must not retry it.
   */
  private static final class SinkFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SinkFailure(IOException cause) {
      super(cause);
    }
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
        r = s.run(fileSink(ch));
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
    return s.run(streamSink(out));
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
    // The first request is a GET of part 1. It fixes the version (ETag), tells the size and the part layout, and
    // its body is the first range: the whole object when the object has one part (or the server ignores
    // partNumber), so nothing waits for a HEAD and a single-part object costs one request.
    ResponseInputStream<GetObjectResponse> first;
    try {
      first = offThread(() -> cfg.retry.call(retryKey, () -> {
        if (stopped) {
          throw new java.util.concurrent.CancellationException("download stopped");
        }
        return open(cfg.s3.getObject(r -> r.bucket(bucket).key(key).partNumber(1)
            .checksumMode(ChecksumMode.ENABLED)));
      }), DownloadSession::abortQuietly);
    } catch (RuntimeException e) {
      if (cancelled) {
        throw failure(e, null);
      }
      if (status(e) == 416) {
        return emptyObject(start, e);
      }
      throw new DownloadFailedException("cannot read s3://" + bucket + "/" + key + ": " + e, bucket, key, null,
          0, e);
    }
    boolean firstHandedOver = false;
    try {
      GetObjectResponse resp = first.response();
      String eTag = resp.eTag();
      long firstLen = resp.contentLength() == null ? -1 : resp.contentLength();
      long size = totalSize(resp.contentRange(), firstLen);
      if (firstLen < 0 || size < firstLen) {
        throw new DownloadFailedException("s3://" + bucket + "/" + key + " answered part 1 with Content-Length "
            + resp.contentLength() + " and Content-Range " + resp.contentRange(), bucket, key, eTag, 0, null);
      }
      boolean multipartObject = eTag != null && eTag.contains("-");
      Integer parts = resp.partsCount();
      long rangeSize = Math.max(1, cfg.downloadRangeSizeBytes);
      boolean aligned;
      int ranges;
      if (firstLen == size) {
        // One response holds everything: the object's only part, or a server that ignored partNumber.
        aligned = !multipartObject || Integer.valueOf(1).equals(parts);
        ranges = 1;
        rangeSize = Math.max(size, 1);
      } else {
        aligned = parts != null && parts > 1 && firstLen > 0 && ceilDiv(size, firstLen) == parts
            && firstLen <= Math.max(MAX_ALIGNED_RANGE_BYTES, cfg.downloadRangeSizeBytes);
        if (aligned) {
          rangeSize = firstLen;
        }
        ranges = 1 + (int) ceilDiv(size - firstLen, rangeSize);
      }

      String algorithm = cfg.checksum == PartChecksum.NONE ? null : cfg.checksum.name();
      String reported = null;
      ChecksumType type = null;
      Integer objectParts = null;
      if (cfg.verifyObjectChecksum && algorithm != null) {
        if (!multipartObject && firstLen == size) {
          reported = cfg.checksum == PartChecksum.CRC32C ? resp.checksumCRC32C() : resp.checksumCRC32();
          type = resp.checksumType();
        } else if (multipartObject) {
          // A part's response carries the part's checksum, not the object's: the object's comes from HEAD, which
          // only multipart objects need (If-Match: the same version).
          HeadObjectResponse head;
          try {
            head = offThread(() -> cfg.retry.call(retryKey, () -> cfg.s3.headObject(
                r -> r.bucket(bucket).key(key).ifMatch(eTag).checksumMode(ChecksumMode.ENABLED))), h -> { });
          } catch (RuntimeException e) {
            throw failure(e, eTag);
          }
          reported = cfg.checksum == PartChecksum.CRC32C ? head.checksumCRC32C() : head.checksumCRC32();
          type = head.checksumType();
          objectParts = head.partsCount();
        }
      }
      boolean composite = reported != null && (reported.contains("-") || type == ChecksumType.COMPOSITE);
      String expected = reported;
      if (composite && !reported.contains("-") && objectParts != null) {
        expected = reported + "-" + objectParts;
      }
      // A multipart object's checksum without "-N" and without type FULL_OBJECT is ambiguous (moto 5.2.1 reports
      // composite values that way), so it is not compared.
      boolean fullObject = reported != null && !composite
          && (!multipartObject || type == ChecksumType.FULL_OBJECT);
      boolean checkable = reported != null
          && (fullObject || (composite && aligned && expected.endsWith("-" + ranges)));
      Checksum whole = checkable && !composite ? Checksums.newChecksum(algorithm) : null;
      List<byte[]> rangeSums = checkable && composite ? new ArrayList<>() : null;

      long bufferBytes = Math.min(rangeSize, Math.max(size - firstLen, 1));
      BufferPool pool = new BufferPool(cfg.parallelism, bufferBytes);
      this.pool = pool;
      Deque<CompletableFuture<PartBuffer>> window = new ArrayDeque<>();
      int done = 0;
      try {
        int i = 1;
        // The streamed first range is one of the parallelism requests in flight.
        for (; i < ranges && window.size() < cfg.parallelism - 1; i++) {
          window.addLast(submit(pool, firstLen + (i - 1) * rangeSize, rangeSize, size, eTag));
        }
        Checksum firstSum = rangeSums == null ? null : Checksums.newChecksum(algorithm);
        firstHandedOver = true;
        streamRange(sink, first, firstLen, eTag, whole, firstSum);
        if (firstSum != null) {
          rangeSums.add(Checksums.int4(firstSum.getValue()));
        }
        done++;
        notify(done, size, start);
        while (i < ranges || !window.isEmpty()) {
          if (i < ranges && window.size() < cfg.parallelism) {
            window.addLast(submit(pool, firstLen + (i - 1) * rangeSize, rangeSize, size, eTag));
            i++;
            continue;
          }
          PartBuffer b = next(window.peekFirst()); // still in the window if this throws: the catch releases it
          window.pollFirst();
          try {
            try {
              sink.write(b, written);
            } catch (IOException e) {
              throw new SinkFailure(e);
            }
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
        abortStreams();
        // Ranges still in flight are not waited for: one stalled inside a sync client (no body yet, so nothing
        // to abort) would hold up the failure or the cancellation until the server answers. Each returns its
        // buffer when it ends; nothing of theirs reaches the sink, which only this thread writes.
        List<CompletableFuture<Void>> ends = new ArrayList<>();
        for (CompletableFuture<PartBuffer> f : window) {
          ends.add(f.handle((b, failure) -> {
            if (b != null) {
              pool.release(b);
            }
            return null;
          }));
        }
        rangesEnded.complete(CompletableFuture.allOf(ends.toArray(new CompletableFuture<?>[0])));
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
      // one range is streamed without a buffer: the bound is then zero
      return new DownloadResult(bucket, key, eTag, size, ranges, rangeSize, aligned, check,
          pool.peakAllocatedBytes(), ranges == 1 ? 0 : cfg.parallelism * bufferBytes);
    } finally {
      if (!firstHandedOver) {
        abortQuietly(first);
      }
    }
  }

  /** A 416 for part 1: S3's answer for an empty object. Anything else is a failure. */
  private DownloadResult emptyObject(long start, RuntimeException partFailure) {
    HeadObjectResponse head;
    try {
      head = cfg.retry.call(retryKey, () -> cfg.s3.headObject(r -> r.bucket(bucket).key(key)));
    } catch (RuntimeException e) {
      e.addSuppressed(partFailure);
      throw new DownloadFailedException("cannot read s3://" + bucket + "/" + key + ": " + e, bucket, key, null,
          0, e);
    }
    if (head.contentLength() == null || head.contentLength() != 0) {
      throw new DownloadFailedException("cannot read s3://" + bucket + "/" + key + ": " + partFailure, bucket, key,
          head.eTag(), 0, partFailure);
    }
    notify(1, 0, start);
    ChecksumCheck check = !cfg.verifyObjectChecksum || cfg.checksum == PartChecksum.NONE ? ChecksumCheck.DISABLED
        : ChecksumCheck.NOT_AVAILABLE;
    return new DownloadResult(bucket, key, head.eTag(), 0, 1, 1, true, check, 0, 0);
  }

  /**
   * Streams the object's bytes from {@code written} up to {@code end} into the sink, in order, without a range
   * buffer. The first attempt reads {@code opened}; after a failure each retry asks for the bytes not yet written
   * ({@code Range} from {@code written}, {@code If-Match}), so nothing is fetched twice and no byte reaches the
   * sink twice.
   */
  private void streamRange(Sink sink, ResponseInputStream<GetObjectResponse> opened, long end, String eTag,
      Checksum whole, Checksum rangeSum) {
    byte[] buf = new byte[(int) Math.min(COPY_BUFFER_BYTES, Math.max(1, end - written))];
    java.util.concurrent.atomic.AtomicReference<ResponseInputStream<GetObjectResponse>> pending =
        new java.util.concurrent.atomic.AtomicReference<>(opened);
    try {
      cfg.retry.call(retryKey, () -> {
        ResponseInputStream<GetObjectResponse> in = pending.getAndSet(null);
        if (stopped) {
          abortQuietly(in);
          throw new java.util.concurrent.CancellationException("download stopped");
        }
        if (written >= end) {
          abortQuietly(in);
          return null;
        }
        if (in == null) {
          String range = "bytes=" + written + "-" + (end - 1);
          in = open(cfg.s3.getObject(r -> r.bucket(bucket).key(key).range(range).ifMatch(eTag)));
        }
        boolean complete = false;
        try {
          while (written < end) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, end - written));
            if (n < 0) {
              throw new IOException("response body ended at byte " + written + " of s3://" + bucket + "/" + key
                  + ", expected up to " + end);
            }
            try {
              sink.write(buf, 0, n, written);
            } catch (IOException e) {
              throw new SinkFailure(e);
            }
            if (whole != null) {
              whole.update(buf, 0, n);
            }
            if (rangeSum != null) {
              rangeSum.update(buf, 0, n);
            }
            written += n;
          }
          complete = true;
        } finally {
          forget(in);
          if (complete) {
            in.close(); // fully read: the connection goes back to the pool
          } else {
            abortQuietly(in);
          }
        }
        return null;
      });
    } finally {
      abortQuietly(pending.getAndSet(null));
    }
  }

  CompletableFuture<PartBuffer> submit(BufferPool pool, long offset, long rangeSize, long size,
      String eTag) {
    long len = Math.min(rangeSize, size - offset);
    return CompletableFuture.supplyAsync(() -> fetch(pool, offset, len, eTag), cfg.executor);
  }

  /** Registers a response body so that cancel() can abort it: a blocked read returns at once. */
  private ResponseInputStream<GetObjectResponse> open(ResponseInputStream<GetObjectResponse> in) {
    boolean abort;
    synchronized (running) {
      abort = stopped;
      if (!abort) {
        streams.add(in);
      }
    }
    if (abort) {
      abortQuietly(in);
      throw new java.util.concurrent.CancellationException("download stopped");
    }
    return in;
  }

  private void forget(ResponseInputStream<GetObjectResponse> in) {
    synchronized (running) {
      streams.remove(in);
    }
  }

  void abortStreams() {
    List<ResponseInputStream<GetObjectResponse>> open;
    synchronized (running) {
      open = new ArrayList<>(streams);
    }
    for (ResponseInputStream<GetObjectResponse> in : open) {
      abortQuietly(in);
    }
  }

  private static void abortQuietly(ResponseInputStream<GetObjectResponse> in) {
    if (in == null) {
      return;
    }
    try {
      in.abort();
    } catch (RuntimeException ignored) {
      // already closed or aborted
    }
    try {
      in.close();
    } catch (IOException | RuntimeException ignored) {
      // aborted: nothing left to release
    }
  }

  /** The object size from {@code Content-Range: bytes a-b/size}; without one the response is the object. */
  static long totalSize(String contentRange, long contentLength) {
    if (contentRange == null) {
      return contentLength;
    }
    int slash = contentRange.lastIndexOf('/');
    if (slash < 0 || slash == contentRange.length() - 1 || contentRange.charAt(slash + 1) == '*') {
      return contentLength;
    }
    try {
      return Long.parseLong(contentRange.substring(slash + 1).trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private static int status(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof AwsServiceException) {
        return ((AwsServiceException) c).statusCode();
      }
      if (c instanceof dev.cirrus.retry.RetriesExhaustedException) {
        Throwable last = ((dev.cirrus.retry.RetriesExhaustedException) c).lastFailure();
        if (last instanceof AwsServiceException) {
          return ((AwsServiceException) last).statusCode();
        }
      }
    }
    return -1;
  }

  /** Waits for the next range; interruptible, so that cancel() reaches a writer waiting here. */
  PartBuffer next(CompletableFuture<PartBuffer> f) {
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
        ResponseInputStream<GetObjectResponse> in = open(cfg.s3.getObject(
            r -> r.bucket(bucket).key(key).range(range).ifMatch(eTag)));
        boolean complete = false;
        try {
          b.readExactly(in, len);
          complete = true;
        } finally {
          forget(in);
          if (complete) {
            in.close();
          } else {
            abortQuietly(in);
          }
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

  DownloadFailedException failure(Throwable failure, String eTag) {
    Throwable t = failure instanceof SinkFailure ? failure.getCause() : failure;
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
