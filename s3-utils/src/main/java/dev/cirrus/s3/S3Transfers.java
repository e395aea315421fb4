package dev.cirrus.s3;

import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.internal.DownloadSession;
import dev.cirrus.s3.internal.S3Transport;
import dev.cirrus.s3.internal.TransferChecks;
import dev.cirrus.s3.internal.TransferConfig;
import dev.cirrus.s3.internal.TransferExecutor;
import dev.cirrus.s3.internal.UploadSession;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Multipart uploads and parallel ranged downloads with bounded memory that never leave an upload behind, over
 * an SDK v2 {@link S3Client} or {@link S3AsyncClient}.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li><b>Memory</b>: an upload holds at most {@code parallelism} part buffers, so at most
 *       {@code parallelism × part size} bytes (for unknown lengths, × the size of the part being read, see
 *       {@link PartPlan}); a download at most {@code parallelism × range size} plus one 256 KiB copy buffer. The
 *       bound is enforced by a buffer pool that blocks the reader, and reported as
 *       {@link UploadResult#peakBufferBytes()} and {@link DownloadResult#peakBufferBytes()}.
 *   <li><b>Download requests</b>: the first request is {@code GET ?partNumber=1}. Its headers give the ETag, the
 *       size and the part layout, and its body is the first range, streamed straight into the destination. A
 *       single-part object therefore costs one GET; a multipart object one GET per part (ranges aligned to the
 *       parts when they are uniform and at most 64 MiB, otherwise the rest in {@code downloadRangeSizeBytes}
 *       ranges) plus one HEAD for the object's checksum when it is verified.
 *   <li><b>No orphaned parts</b>: on any fatal failure or {@link Upload#cancel() cancellation}, no new part
 *       starts, parts in flight are interrupted and awaited, and then AbortMultipartUpload is called (with
 *       retry), so no part lands after the abort. The {@link MultipartUploadFailedException} carries the upload
 *       id, the parts done, whether the abort succeeded, and the cause.
 *   <li><b>Integrity</b>: every part (and single PutObject) carries a {@link PartChecksum} that S3 checks on
 *       receipt (CRC32C by default; Content-MD5 optionally). After CompleteMultipartUpload the composite checksum
 *       S3 reports is compared with the one computed from the parts sent. Downloads read every range with
 *       {@code If-Match} on the ETag (a replaced object fails with {@link ObjectChangedException}; versions are
 *       never mixed) and compare S3's whole-object checksum when the layout allows.
 *   <li><b>Retry</b>: each request (part, range, create, complete, abort) is retried on its own with the
 *       {@link RetryPolicy}, so a {@code 503 SlowDown} or a reset connection costs one part, not the upload.
 *       Composition: {@code retryPolicy(S3 client(request))} — the client SHOULD be built with
 *       {@code AwsRetryStrategy.doNotRetry()}, otherwise the two retry layers multiply.
 * </ul>
 *
 * <p>Defaults: {@link PartSizePolicy#defaults()} (8 MiB parts), parallelism 4, single-request threshold equal to
 * the preferred part size, CRC32C, no Content-MD5, object checksum verification on, {@code RetryPolicy} with 6
 * attempts, 8 MiB download ranges, a private pool of daemon threads (closed by {@link #close()}).
 *
 * <p>This class is threadsafe; one instance serves any number of concurrent transfers. It does not close the
 * S3 client.
 */
public final class S3Transfers implements AutoCloseable {
  private final TransferConfig cfg;
  private final boolean ownsExecutor;

  private S3Transfers(TransferConfig cfg, boolean ownsExecutor) {
    this.cfg = cfg;
    this.ownsExecutor = ownsExecutor;
  }

  /**
   * Returns a builder for the given client.
   *
   * @param s3 the client every request goes through; not closed by this class
   * @return a builder for the given client
   * @throws NullPointerException if s3 is null
   */
  public static Builder builder(S3Client s3) {
    return new Builder(S3Transport.of(Objects.requireNonNull(s3, "s3")));
  }

  /**
   * Returns a builder for the given async client. Transfers keep every guarantee of the sync client: each
   * request is awaited on a transfer thread (at most {@code parallelism} in flight per transfer), an interrupt
   * or {@link Upload#cancel()} cancels the request's future, and response bodies are read through a blocking
   * stream that {@link Download#cancel()} aborts. The client MUST be a plain {@code S3AsyncClient}: one built with
   * {@code multipartEnabled(true)} or on the CRT would split or reassemble the parts Cirrus sends and reads
   * itself. Like the sync client it SHOULD be built with {@code AwsRetryStrategy.doNotRetry()}.
   *
   * @param s3 the async client every request goes through; not closed by this class
   * @return a builder for the given client
   * @throws NullPointerException if s3 is null
   */
  public static Builder builder(S3AsyncClient s3) {
    return new Builder(S3Transport.of(Objects.requireNonNull(s3, "s3")));
  }

  /**
   * Returns the part-size policy.
   *
   * @return the part-size policy
   */
  public PartSizePolicy partSizePolicy() {
    return cfg.policy();
  }

  /**
   * Returns the parallelism.
   *
   * @return the parallelism
   */
  public int parallelism() {
    return cfg.parallelism();
  }

  /**
   * Starts uploading a file of known length; parts are read in parallel by offset.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param file the local file
   * @return the running upload
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the file is larger than the policy's maxObjectSizeBytes
   * @throws java.io.UncheckedIOException if the file's size cannot be read
   * @throws java.util.concurrent.RejectedExecutionException if this instance is closed
   */
  public Upload startUpload(String bucket, String key, Path file) {
    check(bucket, key);
    Objects.requireNonNull(file, "file");
    return UploadSession.startFile(cfg, bucket, key, file);
  }

  /**
   * Starts uploading a stream of unknown length, read on a transfer thread until it ends. The caller MUST NOT
   * use the stream until the upload finishes; it is not closed. Cancellation cannot interrupt a blocked
   * {@code read}.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param in the source, read until it ends
   * @return the running upload
   * @throws NullPointerException if an argument is null
   * @throws java.util.concurrent.RejectedExecutionException if this instance is closed
   */
  public Upload startUpload(String bucket, String key, InputStream in) {
    check(bucket, key);
    Objects.requireNonNull(in, "in");
    return UploadSession.startStream(cfg, bucket, key, in);
  }

  /**
   * Starts uploading a channel of unknown length; like {@link #startUpload(String, String, InputStream)}.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param in the source, read until it ends
   * @return the running upload
   * @throws NullPointerException if an argument is null
   * @throws java.util.concurrent.RejectedExecutionException if this instance is closed
   */
  public Upload startUpload(String bucket, String key, ReadableByteChannel in) {
    check(bucket, key);
    Objects.requireNonNull(in, "in");
    return UploadSession.startChannel(cfg, bucket, key, in);
  }

  /**
   * Uploads a file and waits.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param file the local file
   * @return the outcome
   * @throws MultipartUploadFailedException if the upload fails (after aborting it)
   * @throws IllegalArgumentException if the file is larger than maxObjectSizeBytes
   */
  public UploadResult upload(String bucket, String key, Path file) {
    return startUpload(bucket, key, file).join();
  }

  /**
   * Uploads a stream of unknown length and waits.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param in the source, read until it ends
   * @return the outcome
   * @throws MultipartUploadFailedException if the upload fails (after aborting it)
   */
  public UploadResult upload(String bucket, String key, InputStream in) {
    return startUpload(bucket, key, in).join();
  }

  /**
   * Opens a stream the caller writes the object into; see {@link MultipartOutputStream} for the protocol
   * (callers MUST end it with {@code complete()} to store the object; {@code close()} without it aborts).
   *
   * @param bucket the bucket name
   * @param key the object key
   * @return the stream to write the object into
   * @throws NullPointerException if an argument is null
   */
  public MultipartOutputStream openOutputStream(String bucket, String key) {
    check(bucket, key);
    return UploadSession.openOutputStream(cfg, bucket, key);
  }

  /**
   * Continues an interrupted multipart upload of {@code file}: lists the parts S3 has, keeps each whose size and
   * checksum (the listed flexible checksum, else the ETag when it is a plain MD5) match the file, uploads the
   * others, and completes. The file MUST be the same as the one the upload started with, and the upload MUST
   * have used this policy's part sizes; a part that does not match is uploaded again. On failure the upload is
   * aborted like any other.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param uploadId the multipart upload id
   * @param file the local file
   * @return the running upload
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the file is larger than maxObjectSizeBytes
   * @throws java.util.concurrent.RejectedExecutionException if this instance is closed
   */
  public Upload resumeUpload(String bucket, String key, String uploadId, Path file) {
    check(bucket, key);
    Objects.requireNonNull(uploadId, "uploadId");
    Objects.requireNonNull(file, "file");
    return UploadSession.resumeFile(cfg, bucket, key, uploadId, file);
  }

  /**
   * Downloads an object to a file: part 1 streamed, the other parts (or ranges) fetched in parallel, see the
   * class documentation. The bytes go to a temporary sibling file that replaces {@code file} only on success.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param file the local file
   * @return the outcome
   * @throws ObjectChangedException if the object was replaced during the download
   * @throws DownloadFailedException if the download fails; no file is left behind
   */
  public DownloadResult download(String bucket, String key, Path file) {
    check(bucket, key);
    Objects.requireNonNull(file, "file");
    return DownloadSession.toFile(cfg, bucket, key, file);
  }

  /**
   * Starts downloading an object to a file, like {@link #download(String, String, Path)}, on a transfer thread;
   * the returned {@link Download} can be cancelled.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param file the local file
   * @return the running download
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the key is not a valid S3 key
   * @throws java.util.concurrent.RejectedExecutionException if this instance is closed
   */
  public Download startDownload(String bucket, String key, Path file) {
    check(bucket, key);
    Objects.requireNonNull(file, "file");
    return DownloadSession.startToFile(cfg, bucket, key, file);
  }

  /**
   * Downloads an object into a stream, in order: part 1 streamed, the other parts (or ranges) fetched in
   * parallel, see the class documentation. The stream is not closed.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param out the destination stream (not closed)
   * @return the outcome
   * @throws ObjectChangedException if the object was replaced during the download
   * @throws DownloadFailedException if the download fails; the stream may hold a prefix of the object
   */
  public DownloadResult download(String bucket, String key, OutputStream out) {
    check(bucket, key);
    Objects.requireNonNull(out, "out");
    return DownloadSession.toStream(cfg, bucket, key, out);
  }

  /**
   * Returns these transfers with per-transfer request options (encryption, metadata, content headers, storage
   * class, tags, ACL, checksum algorithm, object lock, expected bucket owner, requester-pays) and server-side copy.
   *
   * @return the transfers with request options, sharing this instance's client, pool and settings
   */
  public TransfersWithOptions withOptions() {
    return new TransfersWithOptions(cfg);
  }

  /**
   * Returns byte-range downloads (offset and length, into a stream or an array) over this instance.
   *
   * @return byte-range downloads over this instance's client, settings and threads
   */
  public RangeDownloads ranges() {
    return new RangeDownloads(cfg);
  }

  /**
   * Shuts down the private thread pool, if any. Does not close the client and does not wait. A transfer still
   * running needs new tasks for its next parts or ranges, so it then fails (an upload is aborted, with
   * {@link MultipartUploadFailedException}) with a {@link TransfersClosedException} ("transfers closed") as the
   * cause; a transfer started afterwards throws it. Callers SHOULD {@link Upload#join() join} their transfers first.
   */
  @Override
  public void close() {
    if (ownsExecutor) {
      cfg.executor().shutdown();
    }
  }

  private static void check(String bucket, String key) {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    S3Keys.validate(key);
  }

  /** Builds {@link S3Transfers}; {@link #build()} copies the settings. This class is not threadsafe. */
  public static final class Builder {
    private final S3Transport s3;
    private PartSizePolicy policy = PartSizePolicy.defaults();
    private int parallelism = 4;
    private long singleRequestThresholdBytes = -1; // unset: TransferConfig takes the preferred part size
    private PartChecksum checksum = PartChecksum.CRC32C;
    private boolean contentMd5;
    private boolean verifyObjectChecksum = true;
    private RetryPolicy retry = RetryPolicy.builder().maxAttempts(6).maxElapsed(Duration.ofMinutes(5)).build();
    private ExecutorService executor;
    private TransferListener listener = TransferListener.NONE;
    private LongSupplier nanoTicker = System::nanoTime;
    private long downloadRangeSizeBytes = PartSizePolicy.DEFAULT_PREFERRED_PART_SIZE_BYTES;

    private Builder(S3Transport s3) {
      this.s3 = s3;
    }

    /**
     * Sets the part-size policy. By default {@link PartSizePolicy#defaults()}.
     *
     * @param policy the part-size policy
     * @return this builder
     */
    public Builder partSizePolicy(PartSizePolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Sets how many parts or ranges are in flight (and buffered) at once. By default 4.
     *
     * @param parallelism the number of parts in flight
     * @return this builder
     * @throws IllegalArgumentException if not between 1 and 256
     */
    public Builder parallelism(int parallelism) {
      this.parallelism = TransferChecks.parallelism(parallelism);
      return this;
    }

    /**
     * Sets the size below which one PutObject is used instead of a multipart upload; checked against the
     * policy's preferred part size in {@link #build()}. By default the policy's preferred part size (8 MiB with
     * {@link PartSizePolicy#defaults()}), so a smaller part size lowers it too. Objects above
     * {@link PartSizePolicy#MAX_SINGLE_REQUEST_BYTES} always use a multipart upload
     * ({@link PartSizePolicy#requiresMultipart(long)}).
     *
     * @param bytes the size in bytes
     * @return this builder
     * @throws IllegalArgumentException if negative or above {@link PartSizePolicy#MAX_SINGLE_REQUEST_BYTES}
     */
    public Builder singleRequestThresholdBytes(long bytes) {
      this.singleRequestThresholdBytes = TransferChecks.singleRequestThresholdBytes(bytes);
      return this;
    }

    /**
     * Sets the per-part checksum. By default {@link PartChecksum#CRC32C}.
     *
     * @param checksum the per-part checksum
     * @return this builder
     */
    public Builder partChecksum(PartChecksum checksum) {
      this.checksum = Objects.requireNonNull(checksum, "checksum");
      return this;
    }

    /**
     * Sets whether each part also carries Content-MD5. By default false.
     *
     * @param contentMd5 true to send Content-MD5
     * @return this builder
     */
    public Builder contentMd5(boolean contentMd5) {
      this.contentMd5 = contentMd5;
      return this;
    }

    /**
     * Sets whether S3's whole-object checksum is compared after a transfer. By default true.
     *
     * @param verify true to compare
     * @return this builder
     */
    public Builder verifyObjectChecksum(boolean verify) {
      this.verifyObjectChecksum = verify;
      return this;
    }

    /**
     * Sets the per-request retry policy. By default 6 attempts within 5 minutes, cirrus-retry's backoffs.
     *
     * @param retry the per-request retry policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy retry) {
      this.retry = Objects.requireNonNull(retry, "retry");
      return this;
    }

    /**
     * Sets the executor for part and range tasks. It MUST be able to run at least {@code parallelism + 1} tasks
     * at once (an unbounded or cached pool is right). By default a private cached pool of daemon threads.
     *
     * @param executor the executor for transfer tasks
     * @return this builder
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Objects.requireNonNull(executor, "executor");
      return this;
    }

    /**
     * Sets the progress listener. By default none.
     *
     * @param listener the progress listener
     * @return this builder
     */
    public Builder listener(TransferListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Sets the clock for progress rates, in nanoseconds. By default {@link System#nanoTime()}.
     *
     * @param nanoTicker the clock, in nanoseconds
     * @return this builder
     */
    public Builder nanoTicker(LongSupplier nanoTicker) {
      this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
      return this;
    }

    /**
     * Sets the range size of downloads when the object's parts cannot be followed. By default 8 MiB.
     *
     * @param bytes the size in bytes
     * @return this builder
     * @throws IllegalArgumentException if not between 1 MiB and 5 GiB
     */
    public Builder downloadRangeSizeBytes(long bytes) {
      this.downloadRangeSizeBytes = TransferChecks.downloadRangeSizeBytes(bytes);
      return this;
    }

    /**
     * Builds the instance.
     *
     * @return the instance
     * @throws IllegalArgumentException if singleRequestThresholdBytes was set above the policy's preferred part
     *     size
     */
    public S3Transfers build() {
      if (executor != null) {
        return new S3Transfers(config(executor), false);
      }
      ExecutorService pool = TransferExecutor.privatePool();
      try {
        return new S3Transfers(config(pool), true);
      } catch (RuntimeException e) {
        pool.shutdown();
        throw e;
      }
    }

    /** The settings, built once; the single-request threshold is checked against the policy here. */
    private TransferConfig config(ExecutorService executor) {
      return new TransferConfig(s3, policy, parallelism, singleRequestThresholdBytes, checksum, contentMd5,
          verifyObjectChecksum, retry, executor, listener, nanoTicker, downloadRangeSizeBytes);
    }
  }
}
