package dev.cirrus.s3.internal;

import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.S3AsyncClient;
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
 * {@link S3Transport} over an async client: the calling thread waits for the future. Request bodies are views of
 * the part buffer (no copy); response bodies are read through
 * {@link AsyncResponseTransformer#toBlockingInputStream()}, whose {@code abort()} cancels the request.
 */
final class AsyncS3Transport implements S3Transport {
  private final S3AsyncClient s3;

  AsyncS3Transport(S3AsyncClient s3) {
    this.s3 = s3;
  }

  @Override
  public ResponseInputStream<GetObjectResponse> getObject(Consumer<GetObjectRequest.Builder> request) {
    return S3Transport.await(s3.getObject(request, AsyncResponseTransformer.toBlockingInputStream()));
  }

  @Override
  public HeadObjectResponse headObject(Consumer<HeadObjectRequest.Builder> request) {
    return S3Transport.await(s3.headObject(request));
  }

  @Override
  public ListPartsResponse listParts(Consumer<ListPartsRequest.Builder> request) {
    return S3Transport.await(s3.listParts(request));
  }

  @Override
  public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
    return S3Transport.await(s3.createMultipartUpload(request));
  }

  @Override
  public UploadPartResponse uploadPart(UploadPartRequest request, PartBuffer body) {
    return S3Transport.await(s3.uploadPart(request.toBuilder().contentLength(body.length()).build(),
        AsyncRequestBody.fromRemainingByteBuffersUnsafe(body.byteBuffers())));
  }

  @Override
  public PutObjectResponse putObject(PutObjectRequest request, PartBuffer body) {
    return S3Transport.await(s3.putObject(request.toBuilder().contentLength(body.length()).build(),
        AsyncRequestBody.fromRemainingByteBuffersUnsafe(body.byteBuffers())));
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      Consumer<CompleteMultipartUploadRequest.Builder> request) {
    return S3Transport.await(s3.completeMultipartUpload(request));
  }

  @Override
  public AbortMultipartUploadResponse abortMultipartUpload(
      Consumer<AbortMultipartUploadRequest.Builder> request) {
    return S3Transport.await(s3.abortMultipartUpload(request));
  }

  @Override
  public CopyObjectResponse copyObject(CopyObjectRequest request) {
    return S3Transport.await(s3.copyObject(request));
  }

  @Override
  public UploadPartCopyResponse uploadPartCopy(UploadPartCopyRequest request) {
    return S3Transport.await(s3.uploadPartCopy(request));
  }

  @Override
  public GetObjectTaggingResponse getObjectTagging(Consumer<GetObjectTaggingRequest.Builder> request) {
    return S3Transport.await(s3.getObjectTagging(request));
  }
}
