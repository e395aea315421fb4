package dev.cirrus.s3.internal;

import dev.cirrus.s3.ChecksumCheck;
import dev.cirrus.s3.MultipartOutputStream;
import dev.cirrus.s3.MultipartUploadFailedException;
import dev.cirrus.s3.PartChecksum;
import dev.cirrus.s3.PartPlan;
import dev.cirrus.s3.TransferProgress;
import dev.cirrus.s3.Upload;
import dev.cirrus.s3.UploadResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * One upload, and its coordinator: the producer (a {@link FileProducer}, a {@link StreamProducer}, or the caller's
 * writes to an {@link OutputStreamUpload}) fills part buffers from the pool and hands each to a part task; part
 * tasks send it through the {@link PartUploader} and record it in the {@link PartLedger}; the multipart requests
 * go through {@link MultipartCalls}. Which of cancel, Complete and Abort may happen when is decided by the
 * {@link UploadState}; the result future and the view callers get are a {@link TransferOutcome}, as for a
 * download. Any failure or cancellation stops the
 * producer, waits until no part request is running, and only then aborts, so that no part can land after the
 * abort. Threadsafe.
 */
public final class UploadSession implements Upload, PartSink {
  private static final Logger LOG = LoggerFactory.getLogger(UploadSession.class);

  private final String bucket;
  private final String key;
  private final long totalBytes;
  private final int parallelism;
  private final PartChecksum checksum;
  private final Executor executor;
  private final LongSupplier nanoTicker;
  private final BufferPool pool;
  private final UploadState state = new UploadState();
  private final MultipartCalls calls;
  private final PartUploader parts;
  private final ObjectVerifier verifier;
  private final PartLedger ledger;
  private final TransferOutcome<UploadResult> outcome = new TransferOutcome<>(this::cancel, () -> { });
  private final long startNanos;
  private final AtomicLong largestBuffer = new AtomicLong();
  private volatile String uploadId;
  /** The caller's stream, for an OutputStream upload: a stop must reach it even while its writer is away. */
  private volatile OutputStreamUpload out;

  private UploadSession(TransferConfig cfg, String bucket, String key, long totalBytes, long firstBufferBytes) {
    this.bucket = bucket;
    this.key = key;
    this.totalBytes = totalBytes;
    this.parallelism = cfg.parallelism();
    this.checksum = cfg.checksum();
    this.executor = cfg.executor();
    this.nanoTicker = cfg.nanoTicker();
    this.pool = new BufferPool(cfg.parallelism(), firstBufferBytes);
    this.startNanos = cfg.nanoTicker().getAsLong();
    this.calls = new MultipartCalls(cfg.s3(), cfg.retry(), cfg.checksum(), bucket, key);
    this.parts = new PartUploader(cfg.s3(), cfg.retry(), cfg.checksum(), cfg.contentMd5(), bucket, key, state);
    this.verifier = new ObjectVerifier(calls, cfg.checksum(), cfg.verifyObjectChecksum(), bucket, key);
    this.ledger = new PartLedger(new ProgressEvents(cfg.listener(), bucket, key, totalBytes, cfg.nanoTicker(),
        startNanos));
  }

  // ---------------------------------------------------------------- entry points

  public static UploadSession startFile(TransferConfig cfg, String bucket, String key, Path file) {
    long size = fileSize(file);
    PartPlan plan = cfg.policy().planFor(size);
    UploadSession s = new UploadSession(cfg, bucket, key, size, plan.largestPartSizeBytes());
    FileProducer producer = new FileProducer(s, file, plan, cfg.singleRequestThresholdBytes());
    cfg.executor().execute(() -> s.runProducer(() -> producer.run(Map.of())));
    return s;
  }

  public static UploadSession resumeFile(TransferConfig cfg, String bucket, String key, String uploadId,
      Path file) {
    long size = fileSize(file);
    PartPlan plan = cfg.policy().planFor(size);
    UploadSession s = new UploadSession(cfg, bucket, key, size, plan.largestPartSizeBytes());
    s.uploadId = uploadId;
    FileProducer producer = new FileProducer(s, file, plan, cfg.singleRequestThresholdBytes());
    cfg.executor().execute(() -> s.runProducer(() -> producer.run(s.calls.listParts(uploadId))));
    return s;
  }

  public static UploadSession startStream(TransferConfig cfg, String bucket, String key, InputStream in) {
    return startFiller(cfg, bucket, key, StreamProducer.of(in));
  }

  public static UploadSession startChannel(TransferConfig cfg, String bucket, String key,
      ReadableByteChannel in) {
    return startFiller(cfg, bucket, key, StreamProducer.of(in));
  }

  private static UploadSession startFiller(TransferConfig cfg, String bucket, String key,
      StreamProducer.Filler f) {
    PartPlan plan = cfg.policy().planForUnknownLength();
    UploadSession s = new UploadSession(cfg, bucket, key, -1, plan.firstPartSizeBytes());
    StreamProducer producer = new StreamProducer(s, f, plan, cfg.singleRequestThresholdBytes());
    cfg.executor().execute(() -> s.runProducer(producer::run));
    return s;
  }

  public static MultipartOutputStream openOutputStream(TransferConfig cfg, String bucket, String key) {
    PartPlan plan = cfg.policy().planForUnknownLength();
    UploadSession s = new UploadSession(cfg, bucket, key, -1, plan.firstPartSizeBytes());
    OutputStreamUpload out = new OutputStreamUpload(s, s, plan, cfg.executor(), cfg.singleRequestThresholdBytes());
    s.out = out;
    return out;
  }

  /** Lets an OutputStream upload abort at once when it stops while the writer is between calls. */
  private void stopReachesIdleWriter() {
    OutputStreamUpload o = out;
    if (o != null) {
      o.abortIfIdle();
    }
  }

  private static long fileSize(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the size of " + file, e);
    }
  }

  // ---------------------------------------------------------------- Upload

  @Override
  public String bucket() {
    return bucket;
  }

  @Override
  public String key() {
    return key;
  }

  @Override
  public Optional<String> uploadId() {
    return Optional.ofNullable(uploadId);
  }

  @Override
  public TransferProgress progress() {
    return new TransferProgress(bucket, key, ledger.bytes(), ledger.count(), totalBytes,
        Duration.ofNanos(nanoTicker.getAsLong() - startNanos));
  }

  @Override
  public boolean cancel() {
    if (!state.cancel()) {
      return false;
    }
    pool.wakeUp();
    stopReachesIdleWriter();
    return true;
  }

  @Override
  public CompletableFuture<UploadResult> result() {
    return outcome.view();
  }

  @Override
  public UploadResult join() {
    return outcome.join(MultipartUploadFailedException.class);
  }

  /** Peak buffer bytes held so far, for tests and benchmarks. */
  public long peakBufferBytes() {
    return pool.peakAllocatedBytes();
  }

  /** Part-buffer bytes handed out and not yet returned to the pool, for tests. */
  public long bufferBytesInUse() {
    return pool.inUseBytes();
  }

  // ---------------------------------------------------------------- PartSink: what the producers do

  private interface Body {
    void run() throws Exception;
  }

  private void runProducer(Body body) {
    state.enter();
    try {
      body.run();
    } catch (Throwable t) {
      state.fail(t);
      abortAndFail();
    } finally {
      state.leave();
    }
  }

  @Override
  public PartBuffer acquire(long size) throws InterruptedException {
    throwIfStopped();
    PartBuffer b = pool.acquire(size, this::stopped);
    largestBuffer.accumulateAndGet(size, Math::max);
    if (stopped()) {
      pool.release(b);
      throwIfStopped();
    }
    return b;
  }

  @Override
  public void release(PartBuffer buffer) {
    pool.release(buffer);
  }

  @Override
  public boolean stopped() {
    return state.stopped();
  }

  @Override
  public boolean multipartStarted() {
    return uploadId != null;
  }

  @Override
  public boolean recordFailure(Throwable cause) {
    return state.fail(cause);
  }

  @Override
  public Throwable failure() {
    return state.failure();
  }

  @Override
  public void markCancelled() {
    state.markCancelled();
  }

  @Override
  public boolean done() {
    return outcome.isDone();
  }

  @Override
  public void create() {
    // Not interruptible: an interrupt that lands after S3 created the upload would lose its id, and an upload
    // whose id we never learn cannot be aborted. A cancellation is seen before each attempt and, once the id is
    // known, by the caller's next step, which aborts.
    uploadId = state.uninterruptibly(() -> calls.create(state));
  }

  @Override
  public void submit(int partNumber, PartBuffer buf, PartReader reader, Part existing) {
    state.partSubmitted();
    try {
      executor.execute(() -> runPart(partNumber, buf, reader, existing));
    } catch (RuntimeException e) {
      pool.release(buf);
      state.partDone();
      throw e;
    }
  }

  /** A part task: fills the buffer if it has a reader, uploads it and records it; releases the buffer. */
  private void runPart(int partNumber, PartBuffer buf, PartReader reader, Part existing) {
    state.enter();
    try {
      if (stopped()) {
        return;
      }
      if (reader != null) {
        reader.read(buf);
      }
      ledger.record(parts.upload(uploadId, partNumber, buf, existing));
    } catch (Throwable t) {
      if (!stopped()) {
        LOG.debug("part {} of s3://{}/{} failed", partNumber, bucket, key, t);
      }
      state.fail(t);
    } finally {
      pool.release(buf);
      state.leave();
      state.partDone();
    }
    if (stopped()) {
      stopReachesIdleWriter(); // after partDone(): the abort waits for this part's task to be over
    }
  }

  @Override
  public void putSingle(PartBuffer buf) {
    try {
      PartUploader.Put put = parts.putObject(buf);
      ledger.recordSingle(put.length());
      String actual = verifier.reported(put.response().checksumCRC32C(), put.response().checksumCRC32());
      ChecksumCheck check = verifier.check(put.checksum(), actual);
      settle();
      outcome.complete(new UploadResult(bucket, key, Optional.empty(), put.response().eTag(), put.length(), 0,
          Optional.ofNullable(put.checksum()),
          check, pool.peakAllocatedBytes(), bound()));
    } finally {
      pool.release(buf);
    }
  }

  private long bound() {
    return parallelism * largestBuffer.get();
  }

  /** DONE: the result completes next; no buffer is handed out any more. */
  private void settle() {
    state.settle();
    pool.close();
  }

  // ---------------------------------------------------------------- complete

  /** What S3 stored: the object's ETag and the checksum it reports. */
  private record Stored(String eTag, String checksum) {}

  @Override
  public void finish(int partCount) {
    state.awaitParts();
    if (!state.beginComplete()) {
      abortAndFail();
      return;
    }
    List<CompletedPart> completed = ledger.completedParts();
    if (completed.size() != partCount || completed.get(completed.size() - 1).partNumber() != partCount) {
      state.fail(new IllegalStateException(
          "expected parts 1.." + partCount + " to be acknowledged, have " + ledger.numbers()));
      abortAndFail();
      return;
    }
    String id = uploadId;
    String expected = checksum == PartChecksum.NONE ? null : ledger.composite(checksum.name(), partCount);
    Stored stored = sendComplete(id, completed, expected);
    if (stored != null) {
      completeWith(id, partCount, expected, stored);
    }
  }

  /**
   * Sends CompleteMultipartUpload. If it fails, the object may be there anyway (a lost response): then the upload
   * is still aborted (see below) and what is there is returned; otherwise the upload is aborted and failed.
   *
   * @return what S3 stored, or null once the result has failed
   */
  private Stored sendComplete(String id, List<CompletedPart> completed, String expected) {
    try {
      CompleteMultipartUploadResponse r = state.uninterruptibly(() -> calls.complete(id, completed));
      return new Stored(r.eTag(), verifier.reported(r.checksumCRC32C(), r.checksumCRC32()));
    } catch (Throwable t) {
      HeadObjectResponse written = verifier.writtenDespite(t, completed, expected, id);
      if (written == null) {
        state.fail(t);
        abortAndFail();
        return null;
      }
      // The object may be an earlier upload of the same bytes while this Complete never ran: the upload must
      // still go. After a Complete that did run, S3 answers NoSuchUpload.
      try {
        calls.abort(id);
      } catch (NoSuchUploadException completedIndeed) {
        LOG.debug("upload {} of s3://{}/{} was completed", id, bucket, key);
      } catch (Throwable abortFailure) {
        abortFailure.addSuppressed(t);
        settle();
        outcome.completeExceptionally(new MultipartUploadFailedException(bucket, key, id, ledger.numbers(), false,
            false, abortFailure));
        return null;
      }
      return new Stored(written.eTag(), verifier.reported(written.checksumCRC32C(), written.checksumCRC32()));
    }
  }

  /** Compares checksums and completes the result (failed if S3's checksum of the object differs). */
  private void completeWith(String id, int partCount, String expected, Stored stored) {
    String reported = stored.checksum();
    String actual = expected == null || reported == null || !reported.contains("-") ? null : reported;
    // (a full-object checksum, without "-N", is not comparable with the composite computed here)
    ChecksumCheck check;
    try {
      check = verifier.check(expected, actual);
    } catch (IllegalStateException e) {
      settle();
      outcome.completeExceptionally(new MultipartUploadFailedException(bucket, key, id, ledger.numbers(), false,
          true, e));
      return;
    }
    settle();
    outcome.complete(new UploadResult(bucket, key, Optional.of(id), stored.eTag(), ledger.bytes(), partCount,
        Optional.ofNullable(expected), check,
        pool.peakAllocatedBytes(), bound()));
  }

  // ---------------------------------------------------------------- abort

  /** Stops everything, waits until no part request runs, aborts, and fails the result. */
  @Override
  public MultipartUploadFailedException abortAndFail() {
    MultipartUploadFailedException earlier = outcome.earlierFailure(MultipartUploadFailedException.class);
    if (earlier != null) {
      return earlier;
    }
    state.recordCancellation();
    state.interruptOthers();
    pool.wakeUp();
    state.awaitParts();
    boolean wasInterrupted = Thread.interrupted();
    Throwable cause = state.failure();
    String id = uploadId;
    boolean aborted = id == null || abort(id, cause);
    if (wasInterrupted) {
      Thread.currentThread().interrupt();
    }
    settle();
    MultipartUploadFailedException e = new MultipartUploadFailedException(bucket, key, id, ledger.numbers(),
        state.cancelled(), aborted, cause);
    if (!outcome.completeExceptionally(e)) {
      earlier = outcome.earlierFailure(MultipartUploadFailedException.class);
      return earlier != null ? earlier : e;
    }
    return e;
  }

  /** Sends AbortMultipartUpload; returns false if it failed (then added to {@code cause} as suppressed). */
  private boolean abort(String id, Throwable cause) {
    try {
      calls.abort(id);
    } catch (NoSuchUploadException gone) {
      LOG.debug("upload {} of s3://{}/{} was already gone", id, bucket, key);
    } catch (Throwable t) {
      if (cause != null && cause != t) {
        cause.addSuppressed(t);
      }
      LOG.warn("could not abort upload {} of s3://{}/{}", id, bucket, key, t);
      return false;
    }
    return true;
  }
}
