package dev.cirrus.s3.internal;

import dev.cirrus.s3.PartChecksum;
import dev.cirrus.s3.SseCustomerKey;
import dev.cirrus.s3.UploadOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;

/**
 * The one place where {@link UploadOptions} become request members, per request type, as S3 requires them: the
 * object's settings on CreateMultipartUpload, PutObject and CopyObject; the SSE-C key, expected owner and
 * requester-pays on every request (the key on CompleteMultipartUpload only when the upload carries checksums,
 * which S3 then requires); the checksum algorithm wherever a part or object body is sent. Immutable.
 */
public final class UploadRequestApplier {
  private final Map<String, Object> object = new LinkedHashMap<>();
  private final Map<String, Object> ownerPayer = new LinkedHashMap<>();
  private final SseCustomerKey customerKey;
  private final PartChecksum partChecksum;
  private final ChecksumAlgorithm sdkAlgorithm;
  private final ChecksumAlgorithm explicitAlgorithm;
  private final String checksumType;

  /**
   * @param o the options
   * @param instanceChecksum the instance's part checksum, used unless the options name an algorithm
   */
  public UploadRequestApplier(UploadOptions o, PartChecksum instanceChecksum) {
    this.customerKey = o.sseCustomerKey();
    ChecksumAlgorithm a = o.checksumAlgorithm();
    this.partChecksum = a == null ? instanceChecksum : a == ChecksumAlgorithm.CRC32 ? PartChecksum.CRC32
        : a == ChecksumAlgorithm.CRC32_C ? PartChecksum.CRC32C : PartChecksum.NONE;
    this.sdkAlgorithm = partChecksum == PartChecksum.NONE ? a : null;
    this.explicitAlgorithm = a;
    this.checksumType = o.checksumType() == null ? null : o.checksumType().toString();
    putIf(object, "ServerSideEncryption", o.serverSideEncryption());
    putIf(object, "SSEKMSKeyId", o.sseKmsKeyId());
    if (!o.sseKmsEncryptionContext().isEmpty()) {
      object.put("SSEKMSEncryptionContext", encryptionContext(o.sseKmsEncryptionContext()));
    }
    putIf(object, "BucketKeyEnabled", o.bucketKeyEnabled());
    if (!o.metadata().isEmpty()) {
      object.put("Metadata", o.metadata());
    }
    putIf(object, "ContentType", o.contentType());
    putIf(object, "ContentEncoding", o.contentEncoding());
    putIf(object, "ContentDisposition", o.contentDisposition());
    putIf(object, "ContentLanguage", o.contentLanguage());
    putIf(object, "CacheControl", o.cacheControl());
    putIf(object, "Expires", o.expires());
    putIf(object, "StorageClass", o.storageClass());
    if (!o.tags().isEmpty()) {
      object.put("Tagging", tagging(o.tags()));
    }
    putIf(object, "ACL", o.acl());
    putIf(object, "ObjectLockMode", o.objectLockMode());
    putIf(object, "ObjectLockRetainUntilDate", o.objectLockRetainUntil());
    if (o.objectLockLegalHold()) {
      object.put("ObjectLockLegalHoldStatus", "ON");
    }
    putIf(ownerPayer, "ExpectedBucketOwner", o.expectedBucketOwner());
    if (o.requesterPays()) {
      ownerPayer.put("RequestPayer", "requester");
    }
  }

  /** The part checksum Cirrus computes for this transfer (NONE when the SDK computes {@link #sdkAlgorithm()}). */
  public PartChecksum partChecksum() {
    return partChecksum;
  }

  /** The checksum algorithm the SDK computes on each part (SHA1, SHA256, CRC64NVME), or null. */
  public ChecksumAlgorithm sdkAlgorithm() {
    return sdkAlgorithm;
  }

  /** CreateMultipartUpload: everything, and the checksum type. */
  public void create(SdkPojo b) {
    objectAndAlgorithm(b);
    if (checksumType != null) {
      SdkFields.setAll(b, Map.of("ChecksumType", checksumType));
    }
  }

  /** PutObject (the single-request upload): everything but the multipart checksum type. */
  public void put(SdkPojo b) {
    objectAndAlgorithm(b);
  }

  /**
   * CopyObject's target, or CreateMultipartUpload of a multipart copy: the object's settings, SSE-C, owner, payer,
   * and the checksum algorithm (which S3 computes) only if the options name one.
   */
  public void copyTarget(SdkPojo b, boolean multipart) {
    SdkFields.setAll(b, object);
    common(b);
    if (explicitAlgorithm != null) {
      SdkFields.setAll(b, Map.of("ChecksumAlgorithm", explicitAlgorithm.toString()));
    }
    if (multipart && checksumType != null) {
      SdkFields.setAll(b, Map.of("ChecksumType", checksumType));
    }
  }

  /** The checksum algorithm the options name (for copies, where S3 computes it), or null. */
  public ChecksumAlgorithm explicitAlgorithm() {
    return explicitAlgorithm;
  }

  /** UploadPart: SSE-C, owner, payer, and the algorithm the SDK computes. */
  public void part(SdkPojo b) {
    common(b);
    if (sdkAlgorithm != null) {
      SdkFields.setAll(b, Map.of("ChecksumAlgorithm", sdkAlgorithm.toString()));
    }
  }

  /** CompleteMultipartUpload: owner, payer, checksum type; SSE-C only when the upload carries checksums. */
  public void complete(SdkPojo b, boolean checksummed) {
    SdkFields.setAll(b, ownerPayer);
    if (checksummed) {
      customerKey(b);
    }
    if (checksumType != null) {
      SdkFields.setAll(b, Map.of("ChecksumType", checksumType));
    }
  }

  /** AbortMultipartUpload: owner and payer. */
  public void abort(SdkPojo b) {
    SdkFields.setAll(b, ownerPayer);
  }

  /** ListParts, HeadObject, GetObject, UploadPartCopy (target side): SSE-C, owner, payer. */
  public void common(SdkPojo b) {
    SdkFields.setAll(b, ownerPayer);
    customerKey(b);
  }

  /** Whether the upload carries checksums, so that S3 wants the SSE-C key on Complete. */
  public boolean checksummed() {
    return partChecksum != PartChecksum.NONE || sdkAlgorithm != null;
  }

  private void objectAndAlgorithm(SdkPojo b) {
    SdkFields.setAll(b, object);
    common(b);
    if (sdkAlgorithm != null) {
      SdkFields.setAll(b, Map.of("ChecksumAlgorithm", sdkAlgorithm.toString()));
    }
  }

  private void customerKey(SdkPojo b) {
    setCustomerKey(b, customerKey, "");
  }

  /** Sets the three SSE-C members, with {@code prefix} "CopySource" for a copy's source. */
  static void setCustomerKey(SdkPojo b, SseCustomerKey key, String prefix) {
    if (key != null) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(prefix + "SSECustomerAlgorithm", key.algorithm());
      m.put(prefix + "SSECustomerKey", key.keyBase64());
      m.put(prefix + "SSECustomerKeyMD5", key.keyMd5Base64());
      SdkFields.setAll(b, m);
    }
  }

  private static void putIf(Map<String, Object> m, String member, Object value) {
    if (value != null) {
      m.put(member, value instanceof Enum<?> ? value.toString() : value);
    }
  }

  /** The {@code x-amz-tagging} value: URL-encoded {@code key=value} pairs joined by '&'. */
  static String tagging(Map<String, String> tags) {
    StringJoiner j = new StringJoiner("&");
    tags.forEach((k, v) -> j.add(urlEncode(k) + "=" + urlEncode(v)));
    return j.toString();
  }

  private static String urlEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
        .replace("%7E", "~");
  }

  /** The {@code x-amz-server-side-encryption-context} value: base64 of the JSON object of the pairs. */
  static String encryptionContext(Map<String, String> context) {
    StringJoiner j = new StringJoiner(",", "{", "}");
    new java.util.TreeMap<>(context).forEach((k, v) -> j.add(json(k) + ":" + json(v)));
    return Base64.getEncoder().encodeToString(j.toString().getBytes(StandardCharsets.UTF_8));
  }

  private static String json(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
