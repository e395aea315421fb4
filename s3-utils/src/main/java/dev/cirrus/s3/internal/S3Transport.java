package dev.cirrus.s3.internal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingRequest;
import software.amazon.awssdk.services.s3.model.GetObjectTaggingResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartCopyResponse;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * The S3 requests transfers make, over a sync {@link S3Client} or an {@link S3AsyncClient}. Every method blocks
 * the calling transfer thread until S3 answered, with the sync client's semantics: an interrupt aborts the
 * request ({@link AbortedException}), service errors are thrown as they are, so retry, cancellation and abort
 * work the same over both. Threadsafe.
 */
public interface S3Transport {
  ResponseInputStream<GetObjectResponse> getObject(Consumer<GetObjectRequest.Builder> request);

  HeadObjectResponse headObject(Consumer<HeadObjectRequest.Builder> request);

  ListPartsResponse listParts(Consumer<ListPartsRequest.Builder> request);

  CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request);

  UploadPartResponse uploadPart(UploadPartRequest request, PartBuffer body);

  PutObjectResponse putObject(PutObjectRequest request, PartBuffer body);

  CompleteMultipartUploadResponse completeMultipartUpload(Consumer<CompleteMultipartUploadRequest.Builder> request);

  AbortMultipartUploadResponse abortMultipartUpload(Consumer<AbortMultipartUploadRequest.Builder> request);

  CopyObjectResponse copyObject(CopyObjectRequest request);

  UploadPartCopyResponse uploadPartCopy(UploadPartCopyRequest request);

  GetObjectTaggingResponse getObjectTagging(Consumer<GetObjectTaggingRequest.Builder> request);

  /** Over a sync client: each call is the client's own. */
  static S3Transport of(S3Client s3) {
    return new SyncS3Transport(Objects.requireNonNull(s3, "s3"));
  }

  /**
   * Over an async client: the calling thread waits for the future. Request bodies are views of the part buffer
   * (no copy); response bodies are read through {@link AsyncResponseTransformer#toBlockingInputStream()}, whose
   * {@code abort()} cancels the request.
   */
  static S3Transport of(S3AsyncClient s3) {
    return new AsyncS3Transport(Objects.requireNonNull(s3, "s3"));
  }

  /**
   * Waits like a sync call: an interrupt cancels the request and surfaces as {@link AbortedException} with the
   * interrupt status kept (what the sync client does); a failure is thrown as the SDK raised it.
   */
  static <T> T await(CompletableFuture<T> future) {
    try {
      return future.get();
    } catch (InterruptedException e) {
      if (!future.cancel(true)) {
        // answered just before the interrupt: a response body nobody will read must not hold its connection
        T answered = future.getNow(null);
        if (answered instanceof ResponseInputStream) {
          ((ResponseInputStream<?>) answered).abort();
        }
      }
      Thread.currentThread().interrupt();
      throw AbortedException.create("Thread was interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw SdkClientException.create(String.valueOf(cause), cause);
    }
  }
}
