package dev.cirrus.s3.internal;

import dev.cirrus.retry.RetryBudget;
import dev.cirrus.retry.RetryPolicy;
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
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.zip.Checksum;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.Part;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One upload: the producer (file reader, stream reader or the caller's OutputStream writes) fills part buffers
 * from the pool and hands each to a part task; part tasks checksum, upload with retry and record the part.
 * Any failure or cancellation stops the producer, waits until no part request is running, and only then aborts,
 * so that no part can land after the abort.
 */
public final class UploadSession implements Upload {
  private static final Logger LOG = LoggerFactory.getLogger(UploadSession.class);
  private static final String OCTETS = "application/octet-stream";

  final TransferConfig cfg;
  private final String bucket;
  private final String key;
  private final String retryKey;
  private final long totalBytes;
  final BufferPool pool;
  final CompletableFuture<UploadResult> result = new CompletableFuture<>();
  /**
   * What callers get from result(): completing, obtruding or timing it out (orTimeout) cannot reach the session's
   * own outcome, and cancelling it cancels the upload.
   */
  private final CompletableFuture<UploadResult> view = new CompletableFuture<>() {
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
      // refused once finished or once Complete was sent: the future then reports the real outcome
      return UploadSession.this.cancel() && super.cancel(mayInterruptIfRunning);
    }
  };
  private final ConcurrentSkipListMap<Integer, CompletedPart> completed = new ConcurrentSkipListMap<>();
  private final ConcurrentSkipListMap<Integer, byte[]> partChecksums = new ConcurrentSkipListMap<>();
  final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicLong bytesDone = new AtomicLong();
  private final Set<Thread> running = new HashSet<>();
  private final long startNanos;
  private final ProgressEvents events;
  private int pending;
  /** Set (under {@code running}) once CompleteMultipartUpload may be sent; cancel() then refuses. */
  private boolean completing;
  private long largestBuffer;
  volatile String uploadId;
  volatile boolean cancelled;

  private UploadSession(TransferConfig cfg, String bucket, String key, long totalBytes, long firstBufferBytes) {
    this.cfg = cfg;
    this.bucket = bucket;
    this.key = key;
    this.retryKey = bucket + "/" + key;
    this.totalBytes = totalBytes;
    this.pool = new BufferPool(cfg.parallelism, firstBufferBytes);
    this.startNanos = cfg.nanoTicker.getAsLong();
    this.events = new ProgressEvents(cfg.listener, bucket, key, totalBytes, cfg.nanoTicker, startNanos);
    result.whenComplete((r, t) -> {
      if (t == null) {
        view.complete(r);
      } else {
        view.completeExceptionally(t instanceof CompletionException && t.getCause() != null ? t.getCause() : t);
      }
    });
  }

  /** Reads part sources; returns true at end of input. */
  private interface Filler {
    boolean fill(PartBuffer buffer) throws IOException;

    boolean atEnd() throws IOException;
  }

  // ---------------------------------------------------------------- entry points

  public static UploadSession startFile(TransferConfig cfg, String bucket, String key, Path file) {
    long size = fileSize(file);
    PartPlan plan = cfg.policy.planFor(size);
    UploadSession s = new UploadSession(cfg, bucket, key, size, plan.largestPartSizeBytes());
    cfg.executor.execute(() -> s.runProducer(() -> s.uploadFile(file, plan, Map.of())));
    return s;
  }

  public static UploadSession resumeFile(TransferConfig cfg, String bucket, String key, String uploadId,
      Path file) {
    long size = fileSize(file);
    PartPlan plan = cfg.policy.planFor(size);
    UploadSession s = new UploadSession(cfg, bucket, key, size, plan.largestPartSizeBytes());
    s.uploadId = uploadId;
    cfg.executor.execute(() -> s.runProducer(() -> s.uploadFile(file, plan, s.listParts())));
    return s;
  }

  public static UploadSession startStream(TransferConfig cfg, String bucket, String key, InputStream in) {
    Filler f = new Filler() {
      @Override
      public boolean fill(PartBuffer b) throws IOException {
        return b.fill(in);
      }

      @Override
      public boolean atEnd() throws IOException {
        return in.read() < 0;
      }
    };
    return startFiller(cfg, bucket, key, f);
  }

  public static UploadSession startChannel(TransferConfig cfg, String bucket, String key,
      ReadableByteChannel in) {
    Filler f = new Filler() {
      @Override
      public boolean fill(PartBuffer b) throws IOException {
        return b.fill(in);
      }

      @Override
      public boolean atEnd() throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        int n;
        do {
          n = in.read(one);
        } while (n == 0);
        return n < 0;
      }
    };
    return startFiller(cfg, bucket, key, f);
  }

  private static UploadSession startFiller(TransferConfig cfg, String bucket, String key, Filler f) {
    PartPlan plan = cfg.policy.planForUnknownLength();
    UploadSession s = new UploadSession(cfg, bucket, key, -1, plan.firstPartSizeBytes());
    cfg.executor.execute(() -> s.runProducer(() -> s.uploadStream(f, plan)));
    return s;
  }

  public static MultipartOutputStream openOutputStream(TransferConfig cfg, String bucket, String key) {
    PartPlan plan = cfg.policy.planForUnknownLength();
    UploadSession s = new UploadSession(cfg, bucket, key, -1, plan.firstPartSizeBytes());
    OutputStreamUpload out = new OutputStreamUpload(s, plan);
    s.out = out;
    return out;
  }

  /** The caller's stream, for an OutputStream upload: a stop must reach it even while its writer is away. */
  private volatile OutputStreamUpload out;

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
    return new TransferProgress(bucket, key, bytesDone.get(), completed.size(), totalBytes,
        Duration.ofNanos(cfg.nanoTicker.getAsLong() - startNanos));
  }

  @Override
  public boolean cancel() {
    synchronized (running) {
      if (result.isDone() || completing) {
        return false;
      }
      cancelled = true;
      for (Thread t : running) {
        t.interrupt();
      }
    }
    pool.wakeUp();
    stopReachesIdleWriter();
    return true;
  }

  @Override
  public CompletableFuture<UploadResult> result() {
    return view;
  }

  @Override
  public UploadResult join() {
    try {
      return result.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof MultipartUploadFailedException) {
        throw (MultipartUploadFailedException) e.getCause();
      }
      throw e;
    }
  }

  /** Peak buffer bytes held so far, for tests and benchmarks. */
  public long peakBufferBytes() {
    return pool.peakAllocatedBytes();
  }

  /** Part-buffer bytes handed out and not yet returned to the pool, for tests. */
  public long bufferBytesInUse() {
    return pool.inUseBytes();
  }

  // ---------------------------------------------------------------- producers

  private interface Body {
    void run() throws Exception;
  }

  private void runProducer(Body body) {
    Thread me = Thread.currentThread();
    synchronized (running) {
      running.add(me);
    }
    try {
      body.run();
    } catch (Throwable t) {
      failure.compareAndSet(null, t);
      abortAndFail();
    } finally {
      synchronized (running) {
        running.remove(me);
      }
      Thread.interrupted();
    }
  }

  private void uploadFile(Path file, PartPlan plan, Map<Integer, Part> existing) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = plan.objectSizeBytes().orElseThrow();
      if (uploadId == null && size < cfg.singleRequestThresholdBytes) {
        PartBuffer buf = acquire(size);
        try {
          buf.readFully(ch, 0, size);
        } catch (Throwable t) {
          pool.release(buf);
          throw t;
        }
        putSingle(buf);
        return;
      }
      if (uploadId == null) {
        create();
      }
      for (int n = 1; n <= plan.partCount(); n++) {
        long offset = plan.partOffsetBytes(n);
        long len = plan.partSizeBytes(n);
        PartBuffer buf = acquire(len);
        submit(n, buf, b -> b.readFully(ch, offset, len), existing.get(n));
      }
      finish(plan.partCount());
    }
  }

  private void uploadStream(Filler in, PartPlan plan) throws Exception {
    int n = 1;
    PartBuffer buf = acquire(plan.partSizeBytes(1));
    try {
      boolean eof = in.fill(buf);
      if (eof && buf.length() < cfg.singleRequestThresholdBytes) {
        PartBuffer single = buf;
        buf = null;
        putSingle(single);
        return;
      }
      create();
      while (true) {
        PartBuffer full = buf;
        buf = null;
        submit(n, full, null, null);
        if (eof) {
          break;
        }
        if (n == plan.partCount()) {
          if (!in.atEnd()) {
            throw new IllegalStateException("stream is longer than the " + plan.capacityBytes()
                + " bytes 10,000 parts can hold (raise unknownLengthCapacityBytes)");
          }
          break;
        }
        buf = acquire(plan.partSizeBytes(n + 1));
        eof = in.fill(buf);
        if (eof && buf.length() == 0) {
          pool.release(buf);
          buf = null;
          break;
        }
        n++;
      }
    } catch (Throwable t) {
      if (buf != null) {
        pool.release(buf); // a failed read or Create must not keep a part buffer out of the pool
      }
      throw t;
    }
    finish(n);
  }

  private Map<Integer, Part> listParts() {
    Map<Integer, Part> parts = new HashMap<>();
    Integer marker = null;
    while (true) {
      Integer m = marker;
      ListPartsResponse page = cfg.retry.call(retryKey, () -> cfg.s3.listParts(
          r -> r.bucket(bucket).key(key).uploadId(uploadId).partNumberMarker(m)));
      for (Part p : page.parts()) {
        parts.put(p.partNumber(), p);
      }
      if (!Boolean.TRUE.equals(page.isTruncated()) || page.nextPartNumberMarker() == null) {
        return parts;
      }
      marker = page.nextPartNumberMarker();
    }
  }

  // ---------------------------------------------------------------- steps

  PartBuffer acquire(long size) throws InterruptedException {
    throwIfStopped();
    PartBuffer b = pool.acquire(size, this::stopped);
    synchronized (this) {
      largestBuffer = Math.max(largestBuffer, size);
    }
    if (stopped()) {
      pool.release(b);
      throwIfStopped();
    }
    return b;
  }

  boolean stopped() {
    return cancelled || failure.get() != null;
  }

  void throwIfStopped() {
    if (stopped()) {
      throw new CancellationException("upload stopped");
    }
  }

  void create() {
    CreateMultipartUploadRequest.Builder req = CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
    if (cfg.checksum != PartChecksum.NONE) {
      req.checksumAlgorithm(algorithm());
    }
    CreateMultipartUploadRequest built = req.build();
    // Not interruptible: an interrupt that lands after S3 created the upload would lose its id, and an upload
    // whose id we never learn cannot be aborted. A cancellation is seen before each attempt and, once the id is
    // known, by the caller's next step, which aborts.
    uploadId = uninterruptibly(() -> cfg.retry.call(retryKey, () -> {
      throwIfStopped();
      return cfg.s3.createMultipartUpload(built);
    })).uploadId();
  }

  /**
   * Runs a request whose response must not be lost to an interrupt (Create, Complete): the thread leaves the set
   * that cancel() interrupts and a pending interrupt is held back until the request is over.
   */
  private <T> T uninterruptibly(java.util.function.Supplier<T> request) {
    Thread me = Thread.currentThread();
    boolean registered;
    synchronized (running) {
      registered = running.remove(me);
    }
    boolean interrupted = Thread.interrupted();
    try {
      return request.get();
    } finally {
      if (registered) {
        synchronized (running) {
          running.add(me);
        }
      }
      if (interrupted) {
        me.interrupt();
      }
    }
  }

  private ChecksumAlgorithm algorithm() {
    return cfg.checksum == PartChecksum.CRC32C ? ChecksumAlgorithm.CRC32_C : ChecksumAlgorithm.CRC32;
  }

  private interface Reader {
    void read(PartBuffer b) throws IOException;
  }

  /** Hands the buffer to a part task; the task releases it. */
  void submit(int partNumber, PartBuffer buf, Reader reader, Part existing) {
    synchronized (running) {
      pending++;
    }
    try {
      cfg.executor.execute(() -> runPart(partNumber, buf, reader, existing));
    } catch (RuntimeException e) {
      pool.release(buf);
      partDone();
      throw e;
    }
  }

  private void runPart(int partNumber, PartBuffer buf, Reader reader, Part existing) {
    Thread me = Thread.currentThread();
    synchronized (running) {
      running.add(me);
    }
    try {
      if (stopped()) {
        return;
      }
      if (reader != null) {
        reader.read(buf);
      }
      long len = buf.length();
      byte[] crc = null;
      if (cfg.checksum != PartChecksum.NONE) {
        Checksum c = Checksums.newChecksum(cfg.checksum.name());
        buf.update(c);
        crc = Checksums.int4(c.getValue());
      }
      byte[] md5 = null;
      if (cfg.contentMd5 || existing != null) {
        MessageDigest md = Checksums.md5();
        buf.update(md);
        md5 = md.digest();
      }
      if (existing != null && matches(existing, len, crc, md5)) {
        record(partNumber, existing.eTag(), crc, len);
        return;
      }
      UploadPartRequest.Builder req = UploadPartRequest.builder().bucket(bucket).key(key).uploadId(uploadId)
          .partNumber(partNumber).contentLength(len);
      if (crc != null) {
        String b64 = Checksums.base64(crc);
        req.checksumAlgorithm(algorithm());
        if (cfg.checksum == PartChecksum.CRC32C) {
          req.checksumCRC32C(b64);
        } else {
          req.checksumCRC32(b64);
        }
      }
      if (cfg.contentMd5) {
        req.contentMD5(Checksums.base64(md5));
      }
      UploadPartRequest built = req.build();
      UploadPartResponse r = cfg.retry.call(retryKey, () -> {
        throwIfStopped();
        return cfg.s3.uploadPart(built, buf);
      });
      record(partNumber, r.eTag(), crc, len);
    } catch (Throwable t) {
      if (!stopped()) {
        LOG.debug("part {} of s3://{}/{} failed", partNumber, bucket, key, t);
      }
      failure.compareAndSet(null, t);
    } finally {
      pool.release(buf);
      synchronized (running) {
        running.remove(me);
      }
      Thread.interrupted();
      partDone();
    }
    if (stopped()) {
      stopReachesIdleWriter(); // after partDone(): the abort waits for this part's task to be over
    }
  }

  private boolean matches(Part p, long len, byte[] crc, byte[] md5) {
    if (p.size() == null || p.size() != len) {
      return false;
    }
    String listed = cfg.checksum == PartChecksum.CRC32C ? p.checksumCRC32C()
        : cfg.checksum == PartChecksum.CRC32 ? p.checksumCRC32() : null;
    if (listed != null && crc != null) {
      return listed.equals(Checksums.base64(crc));
    }
    String etag = p.eTag() == null ? "" : p.eTag().replace("\"", "");
    return etag.matches("[0-9a-fA-F]{32}") && etag.equalsIgnoreCase(Checksums.hex(md5));
  }

  private void record(int partNumber, String eTag, byte[] crc, long len) {
    CompletedPart.Builder part = CompletedPart.builder().partNumber(partNumber).eTag(eTag);
    if (crc != null) {
      if (cfg.checksum == PartChecksum.CRC32C) {
        part.checksumCRC32C(Checksums.base64(crc));
      } else {
        part.checksumCRC32(Checksums.base64(crc));
      }
      partChecksums.put(partNumber, crc);
    }
    completed.put(partNumber, part.build());
    bytesDone.addAndGet(len);
    notifyListener(len, 1);
  }

  private void notifyListener(long bytes, int parts) {
    events.advance(bytes, parts);
  }

  private void partDone() {
    synchronized (running) {
      pending--;
      running.notifyAll();
    }
  }

  private void awaitParts() {
    boolean interrupted = false;
    synchronized (running) {
      while (pending > 0) {
        try {
          running.wait();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  void putSingle(PartBuffer buf) {
    try {
      long len = buf.length();
      PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(key).contentLength(len);
      String b64 = null;
      if (cfg.checksum != PartChecksum.NONE) {
        Checksum c = Checksums.newChecksum(cfg.checksum.name());
        buf.update(c);
        b64 = Checksums.base64(Checksums.int4(c.getValue()));
        req.checksumAlgorithm(algorithm());
        if (cfg.checksum == PartChecksum.CRC32C) {
          req.checksumCRC32C(b64);
        } else {
          req.checksumCRC32(b64);
        }
      }
      if (cfg.contentMd5) {
        MessageDigest md = Checksums.md5();
        buf.update(md);
        req.contentMD5(Checksums.base64(md.digest()));
      }
      PutObjectRequest built = req.build();
      PutObjectResponse r = cfg.retry.call(retryKey, () -> {
        throwIfStopped();
        return cfg.s3.putObject(built, buf);
      });
      bytesDone.addAndGet(len);
      notifyListener(len, 0);
      String actual = cfg.checksum == PartChecksum.CRC32C ? r.checksumCRC32C() : r.checksumCRC32();
      ChecksumCheck check = check(b64, actual);
      pool.close();
      result.complete(new UploadResult(bucket, key, null, r.eTag(), len, 0, b64, check,
          pool.peakAllocatedBytes(), bound()));
    } finally {
      pool.release(buf);
    }
  }

  private ChecksumCheck check(String expected, String actual) {
    if (!cfg.verifyObjectChecksum || expected == null) {
      return ChecksumCheck.DISABLED;
    }
    if (actual == null) {
      return ChecksumCheck.NOT_AVAILABLE;
    }
    if (!actual.equals(expected)) {
      throw new IllegalStateException("S3 reports checksum " + actual + " for s3://" + bucket + "/" + key
          + " but the bytes sent give " + expected + "; the object was written and does not match");
    }
    return ChecksumCheck.VERIFIED;
  }

  private long bound() {
    synchronized (this) {
      return cfg.parallelism * largestBuffer;
    }
  }

  /** Waits for the part tasks, then completes (or aborts if anything failed). */
  void finish(int partCount) {
    awaitParts();
    synchronized (running) {
      completing = !stopped();
    }
    if (!completing) {
      abortAndFail();
      return;
    }
    List<CompletedPart> parts = new ArrayList<>(completed.values());
    if (parts.size() != partCount || parts.get(parts.size() - 1).partNumber() != partCount) {
      failure.compareAndSet(null, new IllegalStateException(
          "expected parts 1.." + partCount + " to be acknowledged, have " + completed.keySet()));
      abortAndFail();
      return;
    }
    String id = uploadId;
    String expected = null;
    if (cfg.checksum != PartChecksum.NONE && partChecksums.size() == partCount) {
      expected = Checksums.composite(cfg.checksum.name(), partChecksums.values().toArray(new byte[0][]));
    }
    String eTag;
    String reported;
    try {
      CompleteMultipartUploadResponse r = uninterruptibly(() -> cfg.retry.call(retryKey,
          () -> cfg.s3.completeMultipartUpload(c -> c.bucket(bucket).key(key).uploadId(id)
              .multipartUpload(m -> m.parts(parts)))));
      eTag = r.eTag();
      reported = cfg.checksum == PartChecksum.CRC32C ? r.checksumCRC32C() : r.checksumCRC32();
    } catch (Throwable t) {
      HeadObjectResponse written = writtenDespite(t, parts, expected);
      if (written == null) {
        failure.compareAndSet(null, t);
        abortAndFail();
        return;
      }
      eTag = written.eTag();
      reported = cfg.checksum == PartChecksum.CRC32C ? written.checksumCRC32C() : written.checksumCRC32();
      // The object may be an earlier upload of the same bytes while this Complete never ran: the upload must
      // still go. After a Complete that did run, S3 answers NoSuchUpload.
      try {
        abortRetry().call(retryKey, () -> cfg.s3.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(id)));
      } catch (NoSuchUploadException completedIndeed) {
        LOG.debug("upload {} of s3://{}/{} was completed", id, bucket, key);
      } catch (Throwable abortFailure) {
        abortFailure.addSuppressed(t);
        pool.close();
        result.completeExceptionally(new MultipartUploadFailedException(bucket, key, id,
            List.copyOf(completed.keySet()), false, false, abortFailure));
        return;
      }
    }
    String actual = expected == null || reported == null || !reported.contains("-") ? null : reported;
    // (a full-object checksum, without "-N", is not comparable with the composite computed here)
    ChecksumCheck check;
    try {
      check = check(expected, actual);
    } catch (IllegalStateException e) {
      pool.close();
      result.completeExceptionally(new MultipartUploadFailedException(bucket, key, id,
          List.copyOf(completed.keySet()), false, true, e));
      return;
    }
    pool.close();
    result.complete(new UploadResult(bucket, key, id, eTag, bytesDone.get(), partCount, expected, check,
        pool.peakAllocatedBytes(), bound()));
  }

  /**
   * After CompleteMultipartUpload failed: returns the object's HEAD if S3 did complete it anyway (a lost or
   * unreadable response; its retry then gets NoSuchUpload), else null. The object counts as this upload only if
   * its ETag is the multipart ETag of exactly these parts (MD5 of the parts' MD5s, "-N"), or, when the part ETags
   * are not MD5s (SSE-KMS), if it reports the composite checksum of exactly these parts.
   */
  private HeadObjectResponse writtenDespite(Throwable completeFailure, List<CompletedPart> parts,
      String expectedChecksum) {
    String expectedETag = multipartETag(parts);
    if (expectedETag == null && expectedChecksum == null) {
      return null;
    }
    HeadObjectResponse head;
    try {
      head = cfg.retry.call(retryKey, () -> cfg.s3.headObject(h -> h.bucket(bucket).key(key)
          .checksumMode(ChecksumMode.ENABLED)));
    } catch (RuntimeException e) {
      completeFailure.addSuppressed(e);
      return null;
    }
    String eTag = head.eTag() == null ? "" : head.eTag().replace("\"", "");
    String checksum = cfg.checksum == PartChecksum.CRC32C ? head.checksumCRC32C() : head.checksumCRC32();
    boolean ours = expectedETag != null ? eTag.equalsIgnoreCase(expectedETag)
        : expectedChecksum.equals(checksum);
    if (ours) {
      LOG.info("CompleteMultipartUpload of upload {} of s3://{}/{} failed ({}) but the object is there with "
          + "ETag {}: completed", uploadId, bucket, key, completeFailure.toString(), eTag);
      return head;
    }
    return null;
  }

  /** The ETag S3 gives a multipart object of these parts, or null if a part's ETag is not an MD5. */
  static String multipartETag(List<CompletedPart> parts) {
    MessageDigest md = Checksums.md5();
    for (CompletedPart p : parts) {
      String e = p.eTag() == null ? "" : p.eTag().replace("\"", "");
      if (!e.matches("[0-9a-fA-F]{32}")) {
        return null;
      }
      md.update(java.util.HexFormat.of().parseHex(e));
    }
    return Checksums.hex(md.digest()) + "-" + parts.size();
  }

  /** Stops everything, waits until no part request runs, aborts, and fails the result. */
  MultipartUploadFailedException abortAndFail() {
    MultipartUploadFailedException earlier = earlierFailure();
    if (earlier != null) {
      return earlier;
    }
    failure.compareAndSet(null, cancelled ? new CancellationException("cancelled") : null);
    synchronized (running) {
      for (Thread t : running) {
        if (t != Thread.currentThread()) {
          t.interrupt();
        }
      }
    }
    pool.wakeUp();
    awaitParts();
    boolean wasInterrupted = Thread.interrupted();
    boolean aborted = true;
    Throwable cause = failure.get();
    String id = uploadId;
    if (id != null) {
      try {
        abortRetry().call(retryKey, () -> cfg.s3.abortMultipartUpload(a -> a.bucket(bucket).key(key).uploadId(id)));
      } catch (NoSuchUploadException gone) {
        LOG.debug("upload {} of s3://{}/{} was already gone", id, bucket, key);
      } catch (Throwable t) {
        aborted = false;
        if (cause != null && cause != t) {
          cause.addSuppressed(t);
        }
        LOG.warn("could not abort upload {} of s3://{}/{}", id, bucket, key, t);
      }
    }
    if (wasInterrupted) {
      Thread.currentThread().interrupt();
    }
    pool.close();
    MultipartUploadFailedException e = new MultipartUploadFailedException(bucket, key, id,
        List.copyOf(completed.keySet()), cancelled, aborted, cause);
    if (!result.completeExceptionally(e)) {
      earlier = earlierFailure();
      return earlier != null ? earlier : e;
    }
    return e;
  }

  /**
   * The policy for AbortMultipartUpload: the configured one, but with a budget of its own. The failure being
   * cleaned up is often what drained a shared budget (a throttling storm); an abort refused a retry for that
   * reason would leave the parts billed.
   */
  private RetryPolicy abortRetry() {
    if (cfg.retry.budget().isEmpty()) {
      return cfg.retry;
    }
    // enough for every attempt at the default transient cost (14), the larger of the two default costs
    return cfg.retry.toBuilder().budget(RetryBudget.ofCapacity(14 * Math.max(1, cfg.retry.maxAttempts())))
        .build();
  }

  private MultipartUploadFailedException earlierFailure() {
    if (!result.isDone()) {
      return null;
    }
    try {
      result.join();
      return null;
    } catch (CompletionException | CancellationException ex) {
      return ex.getCause() instanceof MultipartUploadFailedException
          ? (MultipartUploadFailedException) ex.getCause() : null;
    }
  }
}
