package dev.cirrus.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.s3.PartChecksum;
import dev.cirrus.s3.SseCustomerKey;
import dev.cirrus.s3.UploadOptions;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.AbortMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.ListPartsRequest;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.StorageClass;
import software.amazon.awssdk.services.s3.model.UploadPartCopyRequest;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;

class UploadRequestApplierTest {
  private static final SseCustomerKey KEY = SseCustomerKey.of(new byte[32]);
  private static final Instant RETAIN = Instant.parse("2030-01-01T00:00:00Z");

  private static UploadOptions everything() {
    return UploadOptions.builder().sseCustomerKey(KEY).metadata(Map.of("a", "1")).contentType("text/plain")
        .contentEncoding("gzip").contentDisposition("inline").contentLanguage("en").cacheControl("no-cache")
        .expires(RETAIN).storageClass(StorageClass.GLACIER_IR).tags(Map.of("k", "v w")).acl(ObjectCannedACL.PRIVATE)
        .checksumAlgorithm(ChecksumAlgorithm.SHA1).expectedBucketOwner("123456789012").requesterPays(true)
        .objectLock(ObjectLockMode.GOVERNANCE, RETAIN).objectLockLegalHold(true).build();
  }

  @Test
  void create_everyOption_setsEveryMember() {
    UploadRequestApplier a = new UploadRequestApplier(everything(), PartChecksum.CRC32C);

    CreateMultipartUploadRequest r = CreateMultipartUploadRequest.builder().applyMutation(a::create).build();

    assertThat(r.sseCustomerAlgorithm()).isEqualTo("AES256");
    assertThat(r.sseCustomerKey()).isEqualTo(KEY.keyBase64());
    assertThat(r.sseCustomerKeyMD5()).isEqualTo(KEY.keyMd5Base64());
    assertThat(r.metadata()).containsExactly(Map.entry("a", "1"));
    assertThat(r.contentType()).isEqualTo("text/plain");
    assertThat(r.contentEncoding()).isEqualTo("gzip");
    assertThat(r.contentDisposition()).isEqualTo("inline");
    assertThat(r.contentLanguage()).isEqualTo("en");
    assertThat(r.cacheControl()).isEqualTo("no-cache");
    assertThat(r.expires()).isEqualTo(RETAIN);
    assertThat(r.storageClass()).isEqualTo(StorageClass.GLACIER_IR);
    assertThat(r.tagging()).isEqualTo("k=v%20w");
    assertThat(r.acl()).isEqualTo(ObjectCannedACL.PRIVATE);
    assertThat(r.checksumAlgorithmAsString()).isEqualTo("SHA1");
    assertThat(r.expectedBucketOwner()).isEqualTo("123456789012");
    assertThat(r.requestPayerAsString()).isEqualTo("requester");
    assertThat(r.objectLockModeAsString()).isEqualTo("GOVERNANCE");
    assertThat(r.objectLockRetainUntilDate()).isEqualTo(RETAIN);
    assertThat(r.objectLockLegalHoldStatusAsString()).isEqualTo("ON");
    assertThat(a.partChecksum()).isEqualTo(PartChecksum.NONE);
  }

  @Test
  void everyRequestType_everyOption_onlyWhatS3Takes() {
    UploadRequestApplier a = new UploadRequestApplier(everything(), PartChecksum.CRC32C);

    PutObjectRequest put = PutObjectRequest.builder().applyMutation(a::put).build();
    UploadPartRequest part = UploadPartRequest.builder().applyMutation(a::part).build();
    CompleteMultipartUploadRequest complete = CompleteMultipartUploadRequest.builder()
        .applyMutation(b -> a.complete(b, a.checksummed())).build();
    AbortMultipartUploadRequest abort = AbortMultipartUploadRequest.builder().applyMutation(a::abort).build();
    ListPartsRequest list = ListPartsRequest.builder().applyMutation(a::common).build();
    HeadObjectRequest head = HeadObjectRequest.builder().applyMutation(a::common).build();
    GetObjectRequest get = GetObjectRequest.builder().applyMutation(a::common).build();
    CopyObjectRequest copy = CopyObjectRequest.builder().applyMutation(b -> a.copyTarget(b, false)).build();
    UploadPartCopyRequest partCopy = UploadPartCopyRequest.builder().applyMutation(a::common).build();

    assertThat(put.tagging()).isEqualTo("k=v%20w");
    assertThat(put.sseCustomerKey()).isEqualTo(KEY.keyBase64());
    assertThat(put.checksumAlgorithmAsString()).isEqualTo("SHA1");
    assertThat(part.sseCustomerKey()).isEqualTo(KEY.keyBase64());
    assertThat(part.checksumAlgorithmAsString()).isEqualTo("SHA1");
    assertThat(part.expectedBucketOwner()).isEqualTo("123456789012");
    assertThat(complete.sseCustomerKey()).isEqualTo(KEY.keyBase64());
    assertThat(complete.requestPayerAsString()).isEqualTo("requester");
    assertThat(abort.expectedBucketOwner()).isEqualTo("123456789012");
    assertThat(abort.requestPayerAsString()).isEqualTo("requester");
    assertThat(list.sseCustomerKey()).isEqualTo(KEY.keyBase64());
    assertThat(head.sseCustomerKeyMD5()).isEqualTo(KEY.keyMd5Base64());
    assertThat(get.sseCustomerAlgorithm()).isEqualTo("AES256");
    assertThat(copy.metadata()).containsExactly(Map.entry("a", "1"));
    assertThat(copy.sseCustomerKey()).isEqualTo(KEY.keyBase64());
    assertThat(partCopy.sseCustomerKey()).isEqualTo(KEY.keyBase64());
    assertThat(partCopy.expectedBucketOwner()).isEqualTo("123456789012");
  }

  @Test
  void complete_noChecksums_noCustomerKey() {
    UploadOptions o = UploadOptions.builder().sseCustomerKey(KEY).build();
    UploadRequestApplier a = new UploadRequestApplier(o, PartChecksum.NONE);

    CompleteMultipartUploadRequest r = CompleteMultipartUploadRequest.builder()
        .applyMutation(b -> a.complete(b, a.checksummed())).build();

    assertThat(a.checksummed()).isFalse();
    assertThat(r.sseCustomerKey()).isNull();
  }

  @Test
  void checksum_crcOptionsOverrideInstanceAndFullObjectReachesCreateAndComplete() {
    UploadOptions o = UploadOptions.builder().checksumAlgorithm(ChecksumAlgorithm.CRC32)
        .checksumType(ChecksumType.FULL_OBJECT).build();
    UploadRequestApplier a = new UploadRequestApplier(o, PartChecksum.CRC32C);

    CreateMultipartUploadRequest create = CreateMultipartUploadRequest.builder().applyMutation(a::create).build();
    CompleteMultipartUploadRequest complete = CompleteMultipartUploadRequest.builder()
        .applyMutation(b -> a.complete(b, true)).build();

    assertThat(a.partChecksum()).isEqualTo(PartChecksum.CRC32);
    assertThat(a.sdkAlgorithm()).isNull();
    assertThat(create.checksumTypeAsString()).isEqualTo("FULL_OBJECT");
    assertThat(complete.checksumTypeAsString()).isEqualTo("FULL_OBJECT");
  }

  @Test
  void encryptionContext_isBase64OfSortedJson() {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("b", "say \"hi\"");
    context.put("a", "1");

    String value = UploadRequestApplier.encryptionContext(context);

    assertThat(new String(Base64.getDecoder().decode(value), java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo("{\"a\":\"1\",\"b\":\"say \\\"hi\\\"\"}");
  }
}
