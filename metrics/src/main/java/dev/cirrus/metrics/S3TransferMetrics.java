package dev.cirrus.metrics;

import dev.cirrus.metrics.internal.Count;
import dev.cirrus.metrics.internal.Meters;
import dev.cirrus.metrics.internal.NanoTimer;
import dev.cirrus.metrics.internal.TransferOutcome;
import dev.cirrus.s3.Download;
import dev.cirrus.s3.DownloadResult;
import dev.cirrus.s3.TransferListener;
import dev.cirrus.s3.Upload;
import dev.cirrus.s3.UploadResult;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * Meters for the transfers of an {@code S3Transfers}: a {@link #listener() progress listener} to give its builder,
 * and {@link #track(Upload)} / {@link #track(Download)} for the outcome of each started transfer (the progress
 * events carry no outcome, so transfers are counted where the application holds their result).
 *
 * <p>Meters, each tagged {@code name}, and {@code direction} = {@code upload} or {@code download} where shown:
 * <ul>
 *   <li>{@code cirrus.s3.transfers.started} (function counter, direction): tracked transfers started;</li>
 *   <li>{@code cirrus.s3.transfers} (function timer, direction, {@code outcome} = {@code succeeded},
 *       {@code failed} or {@code cancelled}): tracked transfers ended, and their time from {@code track} to the
 *       end;</li>
 *   <li>{@code cirrus.s3.transfers.active} (gauge, direction): tracked transfers started and not ended;</li>
 *   <li>{@code cirrus.s3.transfer.bytes} (function counter, direction, base unit bytes): the object sizes of the
 *       succeeded transfers;</li>
 *   <li>{@code cirrus.s3.uploads.left.open} (function counter): failed or cancelled uploads whose multipart
 *       upload could not be aborted, and keeps its parts billed until aborted or removed by a lifecycle rule;</li>
 *   <li>{@code cirrus.s3.transfer.parts} (function counter), from the listener: parts (uploads) and ranges
 *       (downloads) acknowledged, a single PutObject counting one.</li>
 * </ul>
 * Part retries are counted by the transfers' {@code RetryPolicy}: give it a {@link RetryMetrics} listener.
 * Buckets and object keys are never tags.
 *
 * <p>Events are counted from creation, whether or not a registry is bound yet. Instances are threadsafe; one may
 * serve several {@code S3Transfers}, whose transfers it then adds up.
 */
public final class S3TransferMetrics implements MeterBinder {
  static final String STARTED = "cirrus.s3.transfers.started";
  private static final String[] DIRECTIONS = {"upload", "download"};
  private static final int UPLOAD = 0;
  private static final int DOWNLOAD = 1;

  private final String name;
  private final LongSupplier nanoTicker;
  private final Count[] started = {new Count(), new Count()};
  private final AtomicInteger[] active = {new AtomicInteger(), new AtomicInteger()};
  private final Count[] bytes = {new Count(), new Count()};
  private final NanoTimer[][] ended = new NanoTimer[2][TransferOutcome.values().length];
  private final Count uploadsLeftOpen = new Count();
  private final Count parts = new Count();
  private final TransferListener listener = p -> parts.increment();

  /**
   * Creates meters tagged {@code name} that time transfers by {@code System.nanoTime()}.
   *
   * @param name the name tag, for example {@code "exports"}; unique among the transfers of a registry
   * @throws NullPointerException if {@code name} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public S3TransferMetrics(String name) {
    this(name, System::nanoTime);
  }

  /**
   * Creates meters tagged {@code name} that time transfers by {@code nanoTicker}.
   *
   * @param name the name tag, for example {@code "exports"}; unique among the transfers of a registry
   * @param nanoTicker a monotonic nanosecond source, such as the one given to {@code S3Transfers.Builder}
   * @throws NullPointerException if {@code name} or {@code nanoTicker} is null
   * @throws IllegalArgumentException if {@code name} is blank
   */
  public S3TransferMetrics(String name, LongSupplier nanoTicker) {
    this.name = Meters.requireName(name);
    this.nanoTicker = Objects.requireNonNull(nanoTicker, "nanoTicker");
    for (NanoTimer[] byOutcome : ended) {
      for (int i = 0; i < byOutcome.length; i++) {
        byOutcome[i] = new NanoTimer();
      }
    }
  }

  static S3TransferMetrics bound(MeterRegistry registry, String name) {
    Meters.requireRegistry(registry);
    S3TransferMetrics metrics = new S3TransferMetrics(name);
    metrics.bindTo(registry);
    return metrics;
  }

  static TransferListener boundListener(MeterRegistry registry, String name) {
    return bound(registry, name).listener();
  }

  /**
   * Returns the progress listener to give {@code S3Transfers.Builder.listener(..)}; the same instance each call.
   * It counts one part per event and returns at once.
   *
   * @return the listener, threadsafe
   */
  public TransferListener listener() {
    return listener;
  }

  /**
   * Counts an upload as started and records its outcome when its result completes. Call it once per upload, right
   * after starting it: {@code metrics.track(transfers.startUpload(bucket, key, file)).join()}.
   *
   * @param upload the running upload
   * @return {@code upload}
   * @throws NullPointerException if {@code upload} is null
   */
  public Upload track(Upload upload) {
    Objects.requireNonNull(upload, "upload");
    long start = begin(UPLOAD);
    upload.result().whenComplete((UploadResult r, Throwable e) -> {
      if (e != null && TransferOutcome.leftUploadOpen(e)) {
        uploadsLeftOpen.increment();
      }
      end(UPLOAD, start, r == null ? -1 : r.sizeBytes(), e);
    });
    return upload;
  }

  /**
   * Counts a download as started and records its outcome when its result completes. Call it once per download,
   * right after starting it: {@code metrics.track(transfers.startDownload(bucket, key, file)).join()}.
   *
   * @param download the running download
   * @return {@code download}
   * @throws NullPointerException if {@code download} is null
   */
  public Download track(Download download) {
    Objects.requireNonNull(download, "download");
    long start = begin(DOWNLOAD);
    download.result().whenComplete((DownloadResult r, Throwable e) ->
        end(DOWNLOAD, start, r == null ? -1 : r.sizeBytes(), e));
    return download;
  }

  private long begin(int direction) {
    started[direction].increment();
    active[direction].incrementAndGet();
    return nanoTicker.getAsLong();
  }

  private void end(int direction, long start, long sizeBytes, Throwable failure) {
    TransferOutcome outcome = failure == null ? TransferOutcome.SUCCEEDED : TransferOutcome.ofFailure(failure);
    ended[direction][outcome.ordinal()].record(nanoTicker.getAsLong() - start);
    if (failure == null) {
      bytes[direction].add(sizeBytes);
    }
    active[direction].decrementAndGet();
  }

  /**
   * Registers the meters with {@code registry}.
   *
   * @param registry the registry
   * @throws NullPointerException if {@code registry} is null
   * @throws IllegalStateException if transfer meters of the same name are bound to {@code registry} already
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Meters.requireRegistry(registry);
    Meters.requireUnbound(registry, STARTED, name, "transfer metrics");
    Tags tags = Tags.of(Meters.nameTag(name));
    for (int d = 0; d < DIRECTIONS.length; d++) {
      Tags dir = tags.and("direction", DIRECTIONS[d]);
      started[d].register(registry, STARTED, dir, "tracked transfers started", null);
      bytes[d].register(registry, "cirrus.s3.transfer.bytes", dir, "object sizes of succeeded transfers", "bytes");
      Gauge.builder("cirrus.s3.transfers.active", active[d], AtomicInteger::get).tags(dir)
          .description("tracked transfers started and not ended").register(registry);
      for (TransferOutcome outcome : TransferOutcome.values()) {
        ended[d][outcome.ordinal()].register(registry, "cirrus.s3.transfers",
            dir.and("outcome", Meters.tagValue(outcome)), "tracked transfers ended, and their time");
      }
    }
    uploadsLeftOpen.register(registry, "cirrus.s3.uploads.left.open", tags,
        "failed or cancelled uploads whose multipart upload was not aborted", null);
    parts.register(registry, "cirrus.s3.transfer.parts", tags, "parts and ranges acknowledged", null);
  }

  @Override
  public String toString() {
    return "S3TransferMetrics{name=" + name + ", parts=" + parts.sum() + "}";
  }
}
