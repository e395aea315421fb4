package dev.cirrus.s3.internal;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/** The checks behind the request-option builders, each with the exact message the builders document. */
public final class OptionChecks {
  /** S3's limit on user-defined metadata: the UTF-8 bytes of every key and value together. */
  public static final int MAX_METADATA_BYTES = 2048;
  /** S3's limits on object tags. */
  public static final int MAX_TAGS = 10;
  public static final int MAX_TAG_KEY_CHARS = 128;
  public static final int MAX_TAG_VALUE_CHARS = 256;

  private static final Set<ChecksumAlgorithm> ALGORITHMS = Set.of(ChecksumAlgorithm.CRC32,
      ChecksumAlgorithm.CRC32_C, ChecksumAlgorithm.SHA1, ChecksumAlgorithm.SHA256, ChecksumAlgorithm.CRC64_NVME);

  private OptionChecks() {
  }

  /** Returns an unmodifiable, order-keeping copy of user metadata within S3's 2 KB. */
  public static Map<String, String> metadata(Map<String, String> metadata) {
    Objects.requireNonNull(metadata, "metadata");
    int bytes = 0;
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      String k = Objects.requireNonNull(e.getKey(), "metadata key");
      String v = Objects.requireNonNull(e.getValue(), "metadata value of " + k);
      if (k.isEmpty() || !k.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ':')) {
        throw new IllegalArgumentException("metadata key must be non-empty printable ASCII without spaces or ':', "
            + "was '" + k + "'");
      }
      bytes += k.getBytes(StandardCharsets.UTF_8).length + v.getBytes(StandardCharsets.UTF_8).length;
    }
    if (bytes > MAX_METADATA_BYTES) {
      throw new IllegalArgumentException("metadata must be at most " + MAX_METADATA_BYTES
          + " bytes (keys and values, UTF-8), was " + bytes);
    }
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
  }

  /** Returns an unmodifiable, order-keeping copy of a tag set within S3's limits. */
  public static Map<String, String> tags(Map<String, String> tags) {
    Objects.requireNonNull(tags, "tags");
    if (tags.size() > MAX_TAGS) {
      throw new IllegalArgumentException("tags must be at most " + MAX_TAGS + ", was " + tags.size());
    }
    for (Map.Entry<String, String> e : tags.entrySet()) {
      String k = Objects.requireNonNull(e.getKey(), "tag key");
      String v = Objects.requireNonNull(e.getValue(), "tag value of " + k);
      if (k.isEmpty() || k.length() > MAX_TAG_KEY_CHARS) {
        throw new IllegalArgumentException("tag key must be 1 to " + MAX_TAG_KEY_CHARS + " characters, was "
            + k.length());
      }
      if (v.length() > MAX_TAG_VALUE_CHARS) {
        throw new IllegalArgumentException("tag value of '" + k + "' must be at most " + MAX_TAG_VALUE_CHARS
            + " characters, was " + v.length());
      }
    }
    return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
  }

  /** Checks an account id for the expected-owner headers. */
  public static String accountId(String name, String accountId) {
    Objects.requireNonNull(accountId, name);
    if (!accountId.matches("[0-9]{12}")) {
      throw new IllegalArgumentException(name + " must be a 12-digit account id, was '" + accountId + "'");
    }
    return accountId;
  }

  /** Checks a server-side encryption value the SDK can send. */
  public static ServerSideEncryption sse(ServerSideEncryption sse) {
    Objects.requireNonNull(sse, "serverSideEncryption");
    if (sse == ServerSideEncryption.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("serverSideEncryption must be AES256, aws:kms or aws:kms:dsse, was "
          + sse.name());
    }
    return sse;
  }

  /** Checks the KMS-only settings and SSE-C against the chosen server-side encryption (null: none). */
  public static void encryption(ServerSideEncryption sse, boolean kmsKeyId, boolean kmsContext,
      Boolean bucketKey, boolean customerKey) {
    boolean kms = sse == ServerSideEncryption.AWS_KMS || sse == ServerSideEncryption.AWS_KMS_DSSE;
    String was = sse == null ? "none" : sse.toString();
    if (kmsKeyId && !kms) {
      throw new IllegalArgumentException("sseKmsKeyId requires serverSideEncryption aws:kms or aws:kms:dsse, was "
          + was);
    }
    if (kmsContext && !kms) {
      throw new IllegalArgumentException("sseKmsEncryptionContext requires serverSideEncryption aws:kms or "
          + "aws:kms:dsse, was " + was);
    }
    if (bucketKey != null && !kms) {
      throw new IllegalArgumentException("bucketKeyEnabled requires serverSideEncryption aws:kms or aws:kms:dsse, "
          + "was " + was);
    }
    if (customerKey && sse != null) {
      throw new IllegalArgumentException("sseCustomerKey cannot be combined with serverSideEncryption, was " + was);
    }
  }

  /** Checks a checksum algorithm and type against what S3 accepts for multipart uploads. */
  public static void checksum(ChecksumAlgorithm algorithm, ChecksumType type) {
    if (algorithm != null && !ALGORITHMS.contains(algorithm)) {
      throw new IllegalArgumentException("checksumAlgorithm must be one of CRC32, CRC32C, SHA1, SHA256, CRC64NVME, "
          + "was " + algorithm);
    }
    if (type == null) {
      return;
    }
    if (type == ChecksumType.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException("checksumType must be COMPOSITE or FULL_OBJECT, was " + type.name());
    }
    if (algorithm == null) {
      throw new IllegalArgumentException("checksumType " + type + " requires checksumAlgorithm");
    }
    boolean sha = algorithm == ChecksumAlgorithm.SHA1 || algorithm == ChecksumAlgorithm.SHA256;
    if (type == ChecksumType.FULL_OBJECT && sha) {
      throw new IllegalArgumentException("checksumType FULL_OBJECT requires checksumAlgorithm CRC32, CRC32C or "
          + "CRC64NVME, was " + algorithm);
    }
    if (type == ChecksumType.COMPOSITE && algorithm == ChecksumAlgorithm.CRC64_NVME) {
      throw new IllegalArgumentException("checksumType COMPOSITE requires checksumAlgorithm CRC32, CRC32C, SHA1 or "
          + "SHA256, was CRC64NVME");
    }
  }
}
