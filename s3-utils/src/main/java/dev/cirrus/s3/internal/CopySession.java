package dev.cirrus.s3.internal;

import dev.cirrus.s3.CopyFailedException;
import dev.cirrus.s3.CopyOptions;
import dev.cirrus.s3.CopyResult;
import dev.cirrus.s3.PartChecksum;
import dev.cirrus.s3.PartPlan;
import dev.cirrus.s3.PartSizePolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.TaggingDirective;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;

/**
 * One server-side copy: a HEAD of the source (its ETag is then required of every copy request), then one
 * CopyObject up to the threshold, else CreateMultipartUpload, parallel UploadPartCopy parts (at most
 * {@code parallelism} in flight, each retried on its own) and Complete. On any failure no new part starts, the
 * parts in flight are awaited, and the upload is aborted (with retry) before {@link CopyFailedException} is
 * thrown. With metadata kept (COPY), a multipart copy carries the source's metadata, content headers and tags to
 * CreateMultipartUpload, since UploadPartCopy copies bytes only. Used by one calling thread.
 */
public final class CopySession {
  private static final Logger LOG = LoggerFactory.getLogger(CopySession.class);

  private final TransferConfig cfg;
  private final String sourceBucket;
  private final String sourceKey;
  private final String bucket;
  private final String key;
  private final CopyOptions options;
  private final UploadRequestApplier target;
  private final String retryKey;
  private final long startNanos;
  private final ConcurrentSkipListMap<Integer, CompletedPart> completed = new ConcurrentSkipListMap<>();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  /** Set once the source's size is known, before any part is copied. */
  private volatile ProgressEvents progress;
  private volatile String uploadId;

  private CopySession(TransferConfig cfg, String sourceBucket, String sourceKey, String bucket, String key,
      CopyOptions options) {
    this.cfg = cfg;
    this.sourceBucket = sourceBucket;
    this.sourceKey = sourceKey;
    this.bucket = bucket;
    this.key = key;
    this.options = options;
    this.target = new UploadRequestApplier(options.target(), PartChecksum.NONE);
    this.retryKey = bucket + "/" + key;
    this.startNanos = cfg.nanoTicker().getAsLong();
  }

  /**
   * Copies {@code s3://sourceBucket/sourceKey} to {@code s3://bucket/key} and waits.
   *
   * @throws CopyFailedException if the copy fails, after aborting its multipart upload
   */
  public static CopyResult copy(TransferConfig cfg, String sourceBucket, String sourceKey, String bucket,
      String key, CopyOptions options) {
    return new CopySession(cfg, sourceBucket, sourceKey, bucket, key, options).run();
  }

  private CopyResult run() {
    HeadObjectResponse head;
    try {
      head = headSource();
    } catch (RuntimeException e) {
      throw fail(e, true);
    }
    long size = head.contentLength();
    progress = new ProgressEvents(cfg.listener(), bucket, key, size, cfg.nanoTicker(), startNanos);
    if (size <= options.multipartThresholdBytes() && !PartSizePolicy.requiresMultipart(size)) {
      return single(head.eTag(), size);
    }
    return multipart(head, size);
  }

  private HeadObjectResponse headSource() {
    return cfg.retry().call(retryKey, () -> cfg.s3().headObject(h -> {
      h.bucket(sourceBucket).key(sourceKey);
      if (options.sourceIfMatch() != null) {
        h.ifMatch(options.sourceIfMatch());
      }
      UploadRequestApplier.setCustomerKey(h, options.sourceSseCustomerKey(), "");
      if (options.expectedSourceBucketOwner() != null) {
        h.expectedBucketOwner(options.expectedSourceBucketOwner());
      }
      if (options.target().requesterPays()) {
        h.requestPayer("requester");
      }
    }));
  }

  private CopyResult single(String sourceETag, long size) {
    CopyObjectRequest.Builder b = CopyObjectRequest.builder().sourceBucket(sourceBucket).sourceKey(sourceKey)
        .destinationBucket(bucket).destinationKey(key).copySourceIfMatch(sourceETag)
        .metadataDirective(options.metadataDirective());
    if (!options.target().tags().isEmpty()) {
      b.taggingDirective(TaggingDirective.REPLACE);
    }
    target.copyTarget(b, false);
    source(b);
    CopyObjectRequest request = b.build();
    String eTag;
    try {
      eTag = cfg.retry().call(retryKey, () -> cfg.s3().copyObject(request)).copyObjectResult().eTag();
    } catch (RuntimeException e) {
      throw fail(e, true);
    }
    progress.advance(size, 1);
    return new CopyResult(sourceBucket, sourceKey, bucket, key, sourceETag, eTag, size, 0, null);
  }

  private CopyResult multipart(HeadObjectResponse head, long size) {
    PartPlan plan = cfg.policy().planFor(size);
    try {
      create(head);
    } catch (RuntimeException e) {
      throw fail(e, true);
    }
    copyParts(plan, head.eTag(), size);
    if (failure.get() != null) {
      throw fail(failure.get(), abort());
    }
    List<CompletedPart> parts = new ArrayList<>(completed.values());
    String eTag;
    try {
      String id = uploadId;
      eTag = cfg.retry().call(retryKey, () -> cfg.s3().completeMultipartUpload(c -> {
        c.bucket(bucket).key(key).uploadId(id).multipartUpload(m -> m.parts(parts));
        target.complete(c, target.explicitAlgorithm() != null);
      })).eTag();
    } catch (RuntimeException e) {
      throw fail(e, abort());
    }
    return new CopyResult(sourceBucket, sourceKey, bucket, key, head.eTag(), eTag, size, parts.size(), uploadId);
  }

  private void create(HeadObjectResponse head) {
    CreateMultipartUploadRequest.Builder c = CreateMultipartUploadRequest.builder().bucket(bucket).key(key);
    if (options.metadataDirective() == MetadataDirective.COPY) {
      c.metadata(head.metadata()).contentType(head.contentType()).contentEncoding(head.contentEncoding())
          .contentDisposition(head.contentDisposition()).contentLanguage(head.contentLanguage())
          .cacheControl(head.cacheControl()).expires(head.expires());
      Integer tags = head.tagCount();
      if (options.target().tags().isEmpty() && tags != null && tags > 0) {
        c.tagging(sourceTagging());
      }
    }
    target.copyTarget(c, true);
    CreateMultipartUploadRequest request = c.build();
    uploadId = cfg.retry().call(retryKey, () -> cfg.s3().createMultipartUpload(request)).uploadId();
  }

  private String sourceTagging() {
    Map<String, String> tags = new java.util.LinkedHashMap<>();
    cfg.retry().call(retryKey, () -> cfg.s3().getObjectTagging(t -> {
      t.bucket(sourceBucket).key(sourceKey);
      if (options.expectedSourceBucketOwner() != null) {
        t.expectedBucketOwner(options.expectedSourceBucketOwner());
      }
      if (options.target().requesterPays()) {
        t.requestPayer("requester");
      }
    })).tagSet().forEach(tag -> tags.put(tag.key(), tag.value()));
    return UploadRequestApplier.tagging(tags);
  }

  /** Runs the parts, at most {@code parallelism} at once, and waits for every one started. */
  private void copyParts(PartPlan plan, String sourceETag, long size) {
    Semaphore permits = new Semaphore(cfg.parallelism());
    List<Future<?>> started = new ArrayList<>();
    boolean interrupted = false;
    try {
      for (int n = 1; n <= plan.partCount() && failure.get() == null; n++) {
        permits.acquire();
        int partNumber = n;
        started.add(cfg.executor().submit(() -> {
          try {
            copyPart(plan, partNumber, sourceETag, size);
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          } finally {
            permits.release();
          }
        }));
      }
    } catch (InterruptedException e) {
      interrupted = true;
      failure.compareAndSet(null, new CancellationException("copy interrupted"));
      started.forEach(f -> f.cancel(true));
    } catch (RuntimeException e) {
      failure.compareAndSet(null, e); // RejectedExecutionException: the pool was shut down
    }
    interrupted |= awaitAll(started);
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static boolean awaitAll(List<Future<?>> started) {
    boolean interrupted = false;
    for (Future<?> f : started) {
      while (true) {
        try {
          f.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the parts must be over before the abort, or one could land after it
        } catch (CancellationException | java.util.concurrent.ExecutionException e) {
          break;
        }
      }
    }
    return interrupted;
  }

  private void copyPart(PartPlan plan, int partNumber, String sourceETag, long size) {
    if (failure.get() != null) {
      return;
    }
    long offset = plan.partOffsetBytes(partNumber);
    long length = plan.partSizeBytes(partNumber);
    UploadPartCopyRequest.Builder b = UploadPartCopyRequest.builder().sourceBucket(sourceBucket)
        .sourceKey(sourceKey).destinationBucket(bucket).destinationKey(key).uploadId(uploadId)
        .partNumber(partNumber).copySourceRange("bytes=" + offset + "-" + (offset + length - 1))
        .copySourceIfMatch(sourceETag);
    target.common(b);
    source(b);
    UploadPartCopyRequest request = b.build();
    UploadPartCopyResponse r = cfg.retry().call(retryKey, () -> {
      if (failure.get() != null) {
        throw new CancellationException("copy stopped");
      }
      return cfg.s3().uploadPartCopy(request);
    });
    CompletedPart.Builder part = CompletedPart.builder().partNumber(partNumber).eTag(r.copyPartResult().eTag());
    if (target.explicitAlgorithm() != null) {
      String member = "Checksum" + target.explicitAlgorithm();
      SdkFields.setAll(part, Map.of(member, SdkFields.get(r.copyPartResult(), member)));
    }
    completed.put(partNumber, part.build());
    progress.advance(length, 1);
  }

  /** The source's SSE-C key and owner on a copy request. */
  private void source(SdkPojo b) {
    UploadRequestApplier.setCustomerKey(b, options.sourceSseCustomerKey(), "CopySource");
    if (options.expectedSourceBucketOwner() != null) {
      SdkFields.setAll(b, Map.of("ExpectedSourceBucketOwner", options.expectedSourceBucketOwner()));
    }
  }

  /** Aborts the upload with retry; returns whether none is left open. */
  private boolean abort() {
    String id = uploadId;
    try {
      cfg.retry().call(retryKey, () -> cfg.s3().abortMultipartUpload(a -> {
        a.bucket(bucket).key(key).uploadId(id);
        target.abort(a);
      }));
      return true;
    } catch (NoSuchUploadException gone) {
      return true;
    } catch (RuntimeException e) {
      LOG.warn("abort of copy upload {} to s3://{}/{} failed", id, bucket, key, e);
      Throwable f = failure.get();
      if (f != null && f != e) {
        f.addSuppressed(e);
      }
      return false;
    }
  }

  private CopyFailedException fail(Throwable cause, boolean aborted) {
    return new CopyFailedException(sourceBucket, sourceKey, bucket, key, uploadId, List.copyOf(completed.keySet()),
        aborted, cause);
  }
}
