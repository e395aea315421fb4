package dev.cirrus.s3.internal;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
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
    Objects.requireNonNull(s3, "s3");
    String octets = "application/octet-stream";
    return new S3Transport() {
      @Override
      public ResponseInputStream<GetObjectResponse> getObject(Consumer<GetObjectRequest.Builder> request) {
        return s3.getObject(request);
      }

      @Override
      public HeadObjectResponse headObject(Consumer<HeadObjectRequest.Builder> request) {
        return s3.headObject(request);
      }

      @Override
      public ListPartsResponse listParts(Consumer<ListPartsRequest.Builder> request) {
        return s3.listParts(request);
      }

      @Override
      public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
        return s3.createMultipartUpload(request);
      }

      @Override
      public UploadPartResponse uploadPart(UploadPartRequest request, PartBuffer body) {
        return s3.uploadPart(request, RequestBody.fromContentProvider(body::newInputStream, body.length(), octets));
      }

      @Override
      public PutObjectResponse putObject(PutObjectRequest request, PartBuffer body) {
        return s3.putObject(request, RequestBody.fromContentProvider(body::newInputStream, body.length(), octets));
      }

      @Override
      public CompleteMultipartUploadResponse completeMultipartUpload(
          Consumer<CompleteMultipartUploadRequest.Builder> request) {
        return s3.completeMultipartUpload(request);
      }

      @Override
      public AbortMultipartUploadResponse abortMultipartUpload(
          Consumer<AbortMultipartUploadRequest.Builder> request) {
        return s3.abortMultipartUpload(request);
      }

      @Override
      public CopyObjectResponse copyObject(CopyObjectRequest request) {
        return s3.copyObject(request);
      }

      @Override
      public UploadPartCopyResponse uploadPartCopy(UploadPartCopyRequest request) {
        return s3.uploadPartCopy(request);
      }

      @Override
      public GetObjectTaggingResponse getObjectTagging(Consumer<GetObjectTaggingRequest.Builder> request) {
        return s3.getObjectTagging(request);
      }
    };
  }

  /**
   * Over an async client: the calling thread waits for the future. Request bodies are views of the part buffer
   * (no copy); response bodies are read through {@link AsyncResponseTransformer#toBlockingInputStream()}, whose
   * {@code abort()} cancels the request.
   */
  static S3Transport of(S3AsyncClient s3) {
    Objects.requireNonNull(s3, "s3");
    return new S3Transport() {
      @Override
      public ResponseInputStream<GetObjectResponse> getObject(Consumer<GetObjectRequest.Builder> request) {
        return await(s3.getObject(request, AsyncResponseTransformer.toBlockingInputStream()));
      }

      @Override
      public HeadObjectResponse headObject(Consumer<HeadObjectRequest.Builder> request) {
        return await(s3.headObject(request));
      }

      @Override
      public ListPartsResponse listParts(Consumer<ListPartsRequest.Builder> request) {
        return await(s3.listParts(request));
      }

      @Override
      public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
        return await(s3.createMultipartUpload(request));
      }

      @Override
      public UploadPartResponse uploadPart(UploadPartRequest request, PartBuffer body) {
        return await(s3.uploadPart(request.toBuilder().contentLength(body.length()).build(),
            AsyncRequestBody.fromRemainingByteBuffersUnsafe(body.byteBuffers())));
      }

      @Override
      public PutObjectResponse putObject(PutObjectRequest request, PartBuffer body) {
        return await(s3.putObject(request.toBuilder().contentLength(body.length()).build(),
            AsyncRequestBody.fromRemainingByteBuffersUnsafe(body.byteBuffers())));
      }

      @Override
      public CompleteMultipartUploadResponse completeMultipartUpload(
          Consumer<CompleteMultipartUploadRequest.Builder> request) {
        return await(s3.completeMultipartUpload(request));
      }

      @Override
      public AbortMultipartUploadResponse abortMultipartUpload(
          Consumer<AbortMultipartUploadRequest.Builder> request) {
        return await(s3.abortMultipartUpload(request));
      }

      @Override
      public CopyObjectResponse copyObject(CopyObjectRequest request) {
        return await(s3.copyObject(request));
      }

      @Override
      public UploadPartCopyResponse uploadPartCopy(UploadPartCopyRequest request) {
        return await(s3.uploadPartCopy(request));
      }

      @Override
      public GetObjectTaggingResponse getObjectTagging(Consumer<GetObjectTaggingRequest.Builder> request) {
        return await(s3.getObjectTagging(request));
      }
    };
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
