package dev.cirrus.s3.internal;

import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
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

/** {@link S3Transport} over a sync client: each call is the client's own. */
final class SyncS3Transport implements S3Transport {
  private static final String OCTETS = "application/octet-stream";

  private final S3Client s3;

  SyncS3Transport(S3Client s3) {
    this.s3 = s3;
  }

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
    return s3.uploadPart(request, RequestBody.fromContentProvider(body::newInputStream, body.length(), OCTETS));
  }

  @Override
  public PutObjectResponse putObject(PutObjectRequest request, PartBuffer body) {
    return s3.putObject(request, RequestBody.fromContentProvider(body::newInputStream, body.length(), OCTETS));
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
}
