package dev.cirrus.s3.internal;

import dev.cirrus.s3.DownloadOptions;
import dev.cirrus.s3.UploadOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
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
 * A transport that adds one transfer's request options to every request of it, through its
 * {@link UploadRequestApplier}, so the sessions build their requests as before. When the SDK computes the part
 * checksums (SHA1, SHA256, CRC64NVME), the values S3 acknowledged for each part are added to the parts of
 * CompleteMultipartUpload, which S3 requires. One instance per transfer; threadsafe.
 */
public final class OptionsTransport implements S3Transport {
  private final S3Transport delegate;
  private final UploadRequestApplier options;
  private final Map<Integer, String> sdkPartChecksums = new ConcurrentHashMap<>();

  private OptionsTransport(S3Transport delegate, UploadRequestApplier options) {
    this.delegate = delegate;
    this.options = options;
  }

  /** The settings of one upload with {@code options}: the transport that applies them, and their checksum. */
  public static TransferConfig forUpload(TransferConfig cfg, UploadOptions options) {
    UploadRequestApplier applier = new UploadRequestApplier(options, cfg.checksum());
    return cfg.withTransport(new OptionsTransport(cfg.s3(), applier), applier.partChecksum());
  }

  /** The settings of one download with {@code options}. */
  public static TransferConfig forDownload(TransferConfig cfg, DownloadOptions options) {
    UploadOptions.Builder b = UploadOptions.builder().requesterPays(options.requesterPays());
    if (options.sseCustomerKey() != null) {
      b.sseCustomerKey(options.sseCustomerKey());
    }
    if (options.expectedBucketOwner() != null) {
      b.expectedBucketOwner(options.expectedBucketOwner());
    }
    UploadRequestApplier applier = new UploadRequestApplier(b.build(), cfg.checksum());
    return cfg.withTransport(new OptionsTransport(cfg.s3(), applier), cfg.checksum());
  }

  @Override
  public ResponseInputStream<GetObjectResponse> getObject(Consumer<GetObjectRequest.Builder> request) {
    return delegate.getObject(request.andThen(options::common));
  }

  @Override
  public HeadObjectResponse headObject(Consumer<HeadObjectRequest.Builder> request) {
    return delegate.headObject(request.andThen(options::common));
  }

  @Override
  public ListPartsResponse listParts(Consumer<ListPartsRequest.Builder> request) {
    return delegate.listParts(request.andThen(options::common));
  }

  @Override
  public CreateMultipartUploadResponse createMultipartUpload(CreateMultipartUploadRequest request) {
    return delegate.createMultipartUpload(request.toBuilder().applyMutation(options::create).build());
  }

  @Override
  public UploadPartResponse uploadPart(UploadPartRequest request, PartBuffer body) {
    UploadPartResponse r = delegate.uploadPart(request.toBuilder().applyMutation(options::part).build(), body);
    if (options.sdkAlgorithm() != null) {
      Object value = SdkFields.get(r, checksumMember());
      if (value != null) {
        sdkPartChecksums.put(request.partNumber(), (String) value);
      }
    }
    return r;
  }

  @Override
  public PutObjectResponse putObject(PutObjectRequest request, PartBuffer body) {
    return delegate.putObject(request.toBuilder().applyMutation(options::put).build(), body);
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      Consumer<CompleteMultipartUploadRequest.Builder> request) {
    if (options.sdkAlgorithm() == null) {
      return delegate.completeMultipartUpload(request.andThen(b -> options.complete(b, options.checksummed())));
    }
    CompleteMultipartUploadRequest.Builder b = CompleteMultipartUploadRequest.builder();
    request.accept(b);
    CompleteMultipartUploadRequest built = b.build();
    List<CompletedPart> parts = new ArrayList<>();
    for (CompletedPart p : built.multipartUpload().parts()) {
      CompletedPart.Builder pb = p.toBuilder();
      String value = sdkPartChecksums.get(p.partNumber());
      if (value != null) {
        SdkFields.setAll(pb, Map.of(checksumMember(), value));
      }
      parts.add(pb.build());
    }
    CompleteMultipartUploadRequest patched = built.toBuilder().multipartUpload(m -> m.parts(parts))
        .applyMutation(x -> options.complete(x, true)).build();
    return delegate.completeMultipartUpload(x -> SdkFields.copy(patched, x));
  }

  @Override
  public AbortMultipartUploadResponse abortMultipartUpload(Consumer<AbortMultipartUploadRequest.Builder> request) {
    return delegate.abortMultipartUpload(request.andThen(options::abort));
  }

  @Override
  public CopyObjectResponse copyObject(CopyObjectRequest request) {
    return delegate.copyObject(request);
  }

  @Override
  public UploadPartCopyResponse uploadPartCopy(UploadPartCopyRequest request) {
    return delegate.uploadPartCopy(request);
  }

  @Override
  public GetObjectTaggingResponse getObjectTagging(Consumer<GetObjectTaggingRequest.Builder> request) {
    return delegate.getObjectTagging(request);
  }

  /** The response and part member of the SDK-computed algorithm: "ChecksumSHA256" etc. */
  private String checksumMember() {
    return "Checksum" + options.sdkAlgorithm().toString();
  }

}
