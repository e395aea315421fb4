package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

class UploadOptionsTest {
  private static final byte[] KEY = new byte[32];

  @Test
  void sseCustomerKey_16Bytes_rejected() {
    assertThatThrownBy(() -> SseCustomerKey.of(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sseCustomerKey must be 32 bytes (AES-256), was 16");
  }

  @Test
  void sseCustomerKey_base64Of31Bytes_rejected() {
    String b64 = java.util.Base64.getEncoder().encodeToString(new byte[31]);
    assertThatThrownBy(() -> SseCustomerKey.fromBase64(b64))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sseCustomerKey must be 32 bytes (AES-256), was 31");
  }

  @Test
  void sseCustomerKey_notBase64_rejected() {
    assertThatThrownBy(() -> SseCustomerKey.fromBase64("not base64!"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sseCustomerKey must be standard base64");
  }

  @Test
  void sseCustomerKey_toString_showsMd5NotKey() {
    byte[] key = new byte[32];
    key[0] = 7;
    SseCustomerKey k = SseCustomerKey.of(key);

    assertThat(k.toString()).isEqualTo("SseCustomerKey[md5=" + k.keyMd5Base64() + "]")
        .doesNotContain(k.keyBase64());
    assertThat(k).isEqualTo(SseCustomerKey.of(key)).isNotEqualTo(SseCustomerKey.of(new byte[32]));
  }

  @Test
  void sseCustomerKey_destroyed_keyUnavailable() {
    SseCustomerKey k = SseCustomerKey.of(KEY);
    k.destroy();

    assertThatThrownBy(k::keyBase64).isInstanceOf(IllegalStateException.class)
        .hasMessage("sseCustomerKey was destroyed");
  }

  @Test
  void build_kmsKeyIdWithoutKms_rejected() {
    assertThatThrownBy(() -> UploadOptions.builder().sseKmsKeyId("alias/k").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sseKmsKeyId requires serverSideEncryption aws:kms or aws:kms:dsse, was none");
    assertThatThrownBy(() -> UploadOptions.builder().serverSideEncryption(ServerSideEncryption.AES256)
        .sseKmsKeyId("alias/k").build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sseKmsKeyId requires serverSideEncryption aws:kms or aws:kms:dsse, was AES256");
  }

  @Test
  void build_kmsContextOrBucketKeyWithoutKms_rejected() {
    assertThatThrownBy(() -> UploadOptions.builder().sseKmsEncryptionContext(Map.of("a", "b")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sseKmsEncryptionContext requires serverSideEncryption aws:kms or aws:kms:dsse, was none");
    assertThatThrownBy(() -> UploadOptions.builder().serverSideEncryption(ServerSideEncryption.AES256)
        .bucketKeyEnabled(true).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bucketKeyEnabled requires serverSideEncryption aws:kms or aws:kms:dsse, was AES256");
  }

  @Test
  void build_sseCWithServerSideEncryption_rejected() {
    assertThatThrownBy(() -> UploadOptions.builder().sseCustomerKey(SseCustomerKey.of(KEY))
        .serverSideEncryption(ServerSideEncryption.AES256).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sseCustomerKey cannot be combined with serverSideEncryption, was AES256");
  }

  @Test
  void build_kmsWithKeyContextAndBucketKey_keepsThem() {
    UploadOptions o = UploadOptions.builder().sseKms("alias/k").sseKmsEncryptionContext(Map.of("a", "b"))
        .bucketKeyEnabled(true).build();

    assertThat(o.serverSideEncryption()).isEqualTo(ServerSideEncryption.AWS_KMS);
    assertThat(o.sseKmsKeyId()).isEqualTo("alias/k");
    assertThat(o.bucketKeyEnabled()).isTrue();
    assertThat(o.toBuilder().build().sseKmsEncryptionContext()).containsEntry("a", "b");
  }

  @Test
  void checksum_unsupportedAlgorithm_rejected() {
    assertThatThrownBy(() -> UploadOptions.builder().checksumAlgorithm(ChecksumAlgorithm.SHA512))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("checksumAlgorithm must be one of CRC32, CRC32C, SHA1, SHA256, CRC64NVME, was SHA512");
  }

  @Test
  void checksum_typeWithoutOrAgainstAlgorithm_rejected() {
    assertThatThrownBy(() -> UploadOptions.builder().checksumType(ChecksumType.FULL_OBJECT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("checksumType FULL_OBJECT requires checksumAlgorithm");
    assertThatThrownBy(() -> UploadOptions.builder().checksumAlgorithm(ChecksumAlgorithm.SHA256)
        .checksumType(ChecksumType.FULL_OBJECT).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("checksumType FULL_OBJECT requires checksumAlgorithm CRC32, CRC32C or CRC64NVME, was SHA256");
    assertThatThrownBy(() -> UploadOptions.builder().checksumAlgorithm(ChecksumAlgorithm.CRC64_NVME)
        .checksumType(ChecksumType.COMPOSITE).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("checksumType COMPOSITE requires checksumAlgorithm CRC32, CRC32C, SHA1 or SHA256, was CRC64NVME");
    assertThat(UploadOptions.builder().checksumAlgorithm(ChecksumAlgorithm.CRC32_C)
        .checksumType(ChecksumType.FULL_OBJECT).build().checksumType()).isEqualTo(ChecksumType.FULL_OBJECT);
  }

  @Test
  void metadata_over2KiB_rejected() {
    assertThatThrownBy(() -> UploadOptions.builder().metadata(Map.of("k", "v".repeat(2048))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata must be at most 2048 bytes (keys and values, UTF-8), was 2049");
  }

  @Test
  void metadata_keyWithSpace_rejected() {
    assertThatThrownBy(() -> UploadOptions.builder().metadata(Map.of("a b", "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("metadata key must be non-empty printable ASCII without spaces or ':', was 'a b'");
  }

  @Test
  void tags_elevenOrLongKeyOrLongValue_rejected() {
    Map<String, String> eleven = new HashMap<>();
    for (int i = 0; i < 11; i++) {
      eleven.put("k" + i, "v");
    }
    assertThatThrownBy(() -> UploadOptions.builder().tags(eleven))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tags must be at most 10, was 11");
    assertThatThrownBy(() -> UploadOptions.builder().tags(Map.of("k".repeat(129), "v")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag key must be 1 to 128 characters, was 129");
    assertThatThrownBy(() -> UploadOptions.builder().tags(Map.of("k", "v".repeat(257))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tag value of 'k' must be at most 256 characters, was 257");
  }

  @Test
  void expectedBucketOwner_notTwelveDigits_rejected() {
    assertThatThrownBy(() -> UploadOptions.builder().expectedBucketOwner("12345"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expectedBucketOwner must be a 12-digit account id, was '12345'");
    assertThatThrownBy(() -> DownloadOptions.builder().expectedBucketOwner("abcdefghijkl"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expectedBucketOwner must be a 12-digit account id, was 'abcdefghijkl'");
  }

  @Test
  void unknownEnums_rejected() {
    assertThatThrownBy(() -> UploadOptions.builder().serverSideEncryption(ServerSideEncryption.UNKNOWN_TO_SDK_VERSION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("serverSideEncryption must be AES256, aws:kms or aws:kms:dsse, was UNKNOWN_TO_SDK_VERSION");
    assertThatThrownBy(() -> UploadOptions.builder().storageClass(StorageClass.UNKNOWN_TO_SDK_VERSION))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("storageClass must be one the SDK knows, was UNKNOWN_TO_SDK_VERSION");
  }

  @Test
  void toString_withSseC_neverShowsKey() {
    SseCustomerKey k = SseCustomerKey.of(KEY);
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("owner", "team");
    UploadOptions o = UploadOptions.builder().sseCustomerKey(k).metadata(meta).build();

    assertThat(o.toString()).contains("sseC=true").contains("metadata=[owner]").doesNotContain(k.keyBase64());
  }

  @Test
  void copyOptions_metadataWithCopyDirective_rejected() {
    UploadOptions withType = UploadOptions.builder().contentType("text/plain").build();

    assertThatThrownBy(() -> CopyOptions.builder().target(withType).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("target metadata, content headers and expires require metadataDirective REPLACE, was COPY");
    assertThat(CopyOptions.builder().target(withType).metadataDirective(MetadataDirective.REPLACE).build()
        .target().contentType()).isEqualTo("text/plain");
  }

  @Test
  void copyOptions_defaultThreshold_isTheSingleRequestLimit() {
    assertThat(CopyOptions.builder().build().multipartThresholdBytes())
        .isEqualTo(PartSizePolicy.MAX_SINGLE_REQUEST_BYTES);
    assertThat(CopyOptions.builder().multipartThresholdBytes(PartSizePolicy.MAX_SINGLE_REQUEST_BYTES).build()
        .multipartThresholdBytes()).isEqualTo(5368709120L);
  }

  @Test
  void copyOptions_thresholdOutOfRange_rejected() {
    assertThatThrownBy(() -> CopyOptions.builder().multipartThresholdBytes(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multipartThresholdBytes must be between 0 and 5368709120 (the largest single CopyObject),"
            + " was -1");
    assertThatThrownBy(() -> CopyOptions.builder().multipartThresholdBytes(5368709121L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("multipartThresholdBytes must be between 0 and 5368709120 (the largest single CopyObject),"
            + " was 5368709121");
    assertThatThrownBy(() -> CopyOptions.builder().sourceIfMatch(" "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sourceIfMatch must not be blank");
  }
}
