package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.ProxyRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumType;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

class RequestOptionsIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 3);
  /** moto's account. */
  private static final String OWNER = "123456789012";
  private static final String SSE_C = "x-amz-server-side-encryption-customer-";

  @TempDir
  Path dir;

  private static SseCustomerKey key() {
    byte[] k = new byte[32];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (i * 7 + 1);
    }
    return SseCustomerKey.of(k);
  }

  @Test
  void multipartUpload_sseCAndObjectOptions_reachEveryRequestAsS3Requires() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(1);
    RequestRecorder seen = RequestRecorder.on(proxy);
    S3Transfers t = S3.transfersVia(proxy);
    SseCustomerKey key = key();
    UploadOptions options = UploadOptions.builder().sseCustomerKey(key).metadata(Map.of("owner", "team-a"))
        .contentType("text/csv").cacheControl("max-age=60").contentDisposition("attachment")
        .storageClass(StorageClass.STANDARD_IA).tags(Map.of("project", "cirrus x")).acl(ObjectCannedACL.PRIVATE)
        .expectedBucketOwner(OWNER).requesterPays(true).build();
    long size = 12 * MIB + 3;

    UploadResult r = t.withOptions().upload(bucket, "obj", TestData.file(dir, 5, size), options);

    assertThat(r.partCount()).isEqualTo(3);
    ProxyRequest create = seen.of("S3.CreateMultipartUpload").get(0);
    assertThat(create.header("x-amz-meta-owner")).isEqualTo("team-a");
    assertThat(create.header("Content-Type")).isEqualTo("text/csv");
    assertThat(create.header("Cache-Control")).isEqualTo("max-age=60");
    assertThat(create.header("Content-Disposition")).isEqualTo("attachment");
    assertThat(create.header("x-amz-storage-class")).isEqualTo("STANDARD_IA");
    assertThat(create.header("x-amz-tagging")).isEqualTo("project=cirrus%20x");
    assertThat(create.header("x-amz-acl")).isEqualTo("private");
    assertSseC(create, key);
    List<ProxyRequest> parts = seen.of("S3.UploadPart");
    assertThat(parts).hasSize(3).allSatisfy(p -> {
      assertSseC(p, key);
      assertThat(p.header("x-amz-meta-owner")).isNull();
      assertThat(p.header("x-amz-storage-class")).isNull();
    });
    ProxyRequest complete = seen.of("S3.CompleteMultipartUpload").get(0);
    assertSseC(complete, key); // the upload carries CRC32C part checksums, so S3 wants the key on Complete
    assertThat(seen.all()).allSatisfy(req -> {
      assertThat(req.header("x-amz-expected-bucket-owner")).as(req.operation()).isEqualTo(OWNER);
      assertThat(req.header("x-amz-request-payer")).as(req.operation()).isEqualTo("requester");
    });
    HeadObjectResponse head = AWS.s3().headObject(h -> h.bucket(bucket).key("obj"));
    assertThat(head.metadata()).containsEntry("owner", "team-a");
    assertThat(head.contentType()).isEqualTo("text/csv");
    assertThat(AWS.s3().getObjectTagging(g -> g.bucket(bucket).key("obj")).tagSet())
        .singleElement().satisfies(tag -> assertThat(tag.value()).isEqualTo("cirrus x"));
    assertThat(S3.storedSha(bucket, "obj")).isEqualTo(TestData.sha256(5, size));
  }

  @Test
  void download_sseC_keyOnEveryGetAndHead() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(2);
    RequestRecorder seen = RequestRecorder.on(proxy);
    S3Transfers t = S3.transfersVia(proxy);
    SseCustomerKey key = key();
    long size = 11 * MIB + 1;
    t.withOptions().upload(bucket, "obj", TestData.stream(6, size), UploadOptions.builder().sseCustomerKey(key)
        .build());
    seen.clear();

    TestData.Sha256Sink sink = new TestData.Sha256Sink();
    DownloadResult r = t.withOptions().download(bucket, "obj", sink, DownloadOptions.builder().sseCustomerKey(key)
        .expectedBucketOwner(OWNER).build());

    assertThat(sink.hex()).isEqualTo(TestData.sha256(6, size));
    assertThat(r.rangeCount()).isEqualTo(3);
    assertThat(seen.all()).hasSizeGreaterThanOrEqualTo(3).allSatisfy(req -> {
      assertThat(req.operation()).isIn("S3.GetObject", "S3.HeadObject");
      assertSseC(req, key);
      assertThat(req.header("x-amz-expected-bucket-owner")).isEqualTo(OWNER);
    });
  }

  @Test
  void rangeDownload_sseCAndOwner_onHeadAndEveryRangedGet() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(9);
    RequestRecorder seen = RequestRecorder.on(proxy);
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).downloadRangeSizeBytes(MIB).build());
    SseCustomerKey key = key();
    long size = 6 * MIB;
    t.withOptions().upload(bucket, "obj", TestData.stream(11, size), UploadOptions.builder().sseCustomerKey(key)
        .build());
    byte[] all = bytes(11, size);
    seen.clear();
    DownloadOptions options = DownloadOptions.builder().sseCustomerKey(key).expectedBucketOwner(OWNER).build();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    RangeDownloadResult r = t.withOptions().download(bucket, "obj", MIB / 2, 2 * MIB + 5, out, options);
    byte[] small = t.withOptions().readBytes(bucket, "obj", 3, 10, options);

    assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(all, (int) MIB / 2, (int) (MIB / 2
        + 2 * MIB + 5)));
    assertThat(small).isEqualTo(Arrays.copyOfRange(all, 3, 13));
    assertThat(r.rangeCount()).isEqualTo(3);
    assertThat(seen.of("S3.HeadObject")).hasSize(2);
    assertThat(seen.of("S3.GetObject")).hasSize(4);
    assertThat(seen.all()).allSatisfy(req -> {
      assertThat(req.operation()).isIn("S3.GetObject", "S3.HeadObject");
      assertSseC(req, key);
      assertThat(req.header("x-amz-expected-bucket-owner")).isEqualTo(OWNER);
    });
  }

  @Test
  void outputStream_sseCAndOwner_reachEveryRequest() throws Exception {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(11);
    RequestRecorder seen = RequestRecorder.on(proxy);
    S3Transfers t = S3.transfersVia(proxy);
    SseCustomerKey key = key();
    long size = 11 * MIB;
    byte[] data = bytes(13, size);

    UploadResult r;
    try (MultipartOutputStream out = t.withOptions().openOutputStream(bucket, "obj", UploadOptions.builder()
        .sseCustomerKey(key).expectedBucketOwner(OWNER).metadata(Map.of("via", "stream")).build())) {
      out.write(data);
      r = out.complete();
    }

    assertThat(r.partCount()).isEqualTo(3);
    assertThat(seen.all()).extracting(ProxyRequest::operation).contains("S3.CreateMultipartUpload",
        "S3.UploadPart", "S3.CompleteMultipartUpload");
    assertThat(seen.of("S3.CreateMultipartUpload").get(0).header("x-amz-meta-via")).isEqualTo("stream");
    assertThat(seen.all()).allSatisfy(req -> {
      assertSseC(req, key);
      assertThat(req.header("x-amz-expected-bucket-owner")).isEqualTo(OWNER);
    });
    assertThat(S3.storedSha(bucket, "obj")).isEqualTo(TestData.sha256(13, size));
  }

  @Test
  void singlePut_sseKmsWithContextAndBucketKey_headersOnPutObject() {
    String bucket = AWS.createBucket();
    String kmsKey = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy(3);
    RequestRecorder seen = RequestRecorder.on(proxy);
    S3Transfers t = S3.transfersVia(proxy);
    UploadOptions options = UploadOptions.builder().sseKms(kmsKey).sseKmsEncryptionContext(Map.of("app", "cirrus"))
        .bucketKeyEnabled(true).build();

    t.withOptions().upload(bucket, "small", TestData.stream(7, MIB), options);

    ProxyRequest put = seen.of("S3.PutObject").get(0);
    assertThat(seen.of("S3.CreateMultipartUpload")).isEmpty();
    assertThat(put.header("x-amz-server-side-encryption")).isEqualTo("aws:kms");
    assertThat(put.header("x-amz-server-side-encryption-aws-kms-key-id")).isEqualTo(kmsKey);
    assertThat(new String(java.util.Base64.getDecoder().decode(put.header("x-amz-server-side-encryption-context")),
        StandardCharsets.UTF_8)).isEqualTo("{\"app\":\"cirrus\"}");
    assertThat(put.header("x-amz-server-side-encryption-bucket-key-enabled")).isEqualTo("true");
    assertThat(AWS.s3().headObject(h -> h.bucket(bucket).key("small")).serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AWS_KMS);
  }

  @Test
  void multipartUpload_sha256_sdkChecksumsOnPartsAndComplete() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(4);
    RequestRecorder seen = RequestRecorder.on(proxy);
    S3Transfers t = S3.transfersVia(proxy);
    long size = 11 * MIB;

    UploadResult r = t.withOptions().upload(bucket, "obj", TestData.stream(8, size),
        UploadOptions.builder().checksumAlgorithm(ChecksumAlgorithm.SHA256).build());

    assertThat(r.checksumCheck()).isEqualTo(ChecksumCheck.DISABLED); // S3 checked each part's SHA-256
    assertThat(seen.of("S3.CreateMultipartUpload").get(0).header("x-amz-checksum-algorithm")).isEqualTo("SHA256");
    assertThat(seen.of("S3.UploadPart")).hasSize(3).allSatisfy(p -> assertThat(
        p.header("x-amz-checksum-sha256") != null || String.valueOf(p.header("x-amz-trailer")).contains("sha256"))
        .as("SHA-256 header or trailer on part").isTrue());
    String completeBody = new String(seen.of("S3.CompleteMultipartUpload").get(0).body(), StandardCharsets.UTF_8);
    assertThat(completeBody.split("<ChecksumSHA256>", -1)).hasSize(4);
    assertThat(S3.storedSha(bucket, "obj")).isEqualTo(TestData.sha256(8, size));
  }

  @Test
  void multipartUpload_crc32cFullObject_typeOnCreateAndComplete() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(7);
    RequestRecorder seen = RequestRecorder.on(proxy);
    S3Transfers t = S3.transfersVia(proxy);
    long size = 11 * MIB;

    UploadResult r = t.withOptions().upload(bucket, "obj", TestData.stream(9, size), UploadOptions.builder()
        .checksumAlgorithm(ChecksumAlgorithm.CRC32_C).checksumType(ChecksumType.FULL_OBJECT).build());

    assertThat(r.partCount()).isEqualTo(3);
    assertThat(seen.of("S3.CreateMultipartUpload").get(0).header("x-amz-checksum-type")).isEqualTo("FULL_OBJECT");
    assertThat(seen.of("S3.CompleteMultipartUpload").get(0).header("x-amz-checksum-type"))
        .isEqualTo("FULL_OBJECT");
    assertThat(seen.of("S3.UploadPart")).allSatisfy(p -> assertThat(p.header("x-amz-checksum-crc32c")).isNotNull());
    assertThat(S3.storedSha(bucket, "obj")).isEqualTo(TestData.sha256(9, size));
  }

  @Test
  void asyncClient_sseCAndOwner_reachEveryRequest() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(8);
    RequestRecorder seen = RequestRecorder.on(proxy);
    S3Transfers t = AWS.closeAfterTest(S3.asyncTransfers(AWS.clients(proxy)).build());
    SseCustomerKey key = key();
    long size = 11 * MIB;

    t.withOptions().upload(bucket, "obj", TestData.stream(10, size), UploadOptions.builder().sseCustomerKey(key)
        .expectedBucketOwner(OWNER).build());
    TestData.Sha256Sink sink = new TestData.Sha256Sink();
    t.withOptions().download(bucket, "obj", sink, DownloadOptions.builder().sseCustomerKey(key).build());

    assertThat(sink.hex()).isEqualTo(TestData.sha256(10, size));
    assertThat(seen.all()).extracting(ProxyRequest::operation).contains("S3.CreateMultipartUpload",
        "S3.UploadPart", "S3.CompleteMultipartUpload", "S3.GetObject");
    assertThat(seen.all()).allSatisfy(req -> assertSseC(req, key));
    assertThat(seen.all()).filteredOn(req -> !req.operation().equals("S3.GetObject")
        && !req.operation().equals("S3.HeadObject"))
        .allSatisfy(req -> assertThat(req.header("x-amz-expected-bucket-owner")).isEqualTo(OWNER));
  }

  @Test
  void bucketPolicyRequiringSse_motoIgnoresTheCondition_soTheProxyReproducesS3() {
    String bucket = AWS.createBucket();
    AWS.s3().putBucketPolicy(p -> p.bucket(bucket).policy(denyUnencryptedPolicy(bucket)));

    // moto 5.2.1 evaluates bucket policies on object PUTs but without condition keys: the Null condition always
    // holds, so it denies even a PUT that carries the header (S3 accepts it), and never denies
    // CreateMultipartUpload (a POST). The deny S3 applies is therefore reproduced at the proxy (RequestRecorder).
    assertThatThrownBy(() -> AWS.s3().putObject(p -> p.bucket(bucket).key("encrypted")
        .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromString("x")))
        .isInstanceOf(S3Exception.class).satisfies(e -> assertThat(((S3Exception) e).statusCode()).isEqualTo(403));
    AWS.s3().deleteBucketPolicy(d -> d.bucket(bucket));
    AWS.s3().putObject(p -> p.bucket(bucket).key("plain"), RequestBody.fromString("x"));
    assertThat(AWS.s3().headObject(h -> h.bucket(bucket).key("plain")).contentLength()).isEqualTo(1);
  }

  @Test
  void upload_underPolicyRequiringSse_deniedWithoutAndAcceptedWithSseS3() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(5);
    RequestRecorder seen = RequestRecorder.on(proxy);
    seen.denyPutWithoutSse();
    S3Transfers t = S3.transfersVia(proxy);
    UploadOptions sseS3 = UploadOptions.builder().serverSideEncryption(ServerSideEncryption.AES256).build();

    assertThatThrownBy(() -> t.upload(bucket, "plain", TestData.stream(1, 12 * MIB)))
        .isInstanceOf(MultipartUploadFailedException.class).hasMessageContaining("Access Denied");
    assertThatThrownBy(() -> t.upload(bucket, "small", TestData.stream(1, MIB)))
        .isInstanceOf(MultipartUploadFailedException.class).hasMessageContaining("Access Denied");
    t.withOptions().upload(bucket, "big", TestData.stream(1, 12 * MIB), sseS3);
    t.withOptions().upload(bucket, "small", TestData.stream(1, MIB), sseS3);

    assertThat(AWS.s3().headObject(h -> h.bucket(bucket).key("big")).serverSideEncryption())
        .isEqualTo(ServerSideEncryption.AES256);
    assertThat(S3.storedSha(bucket, "small")).isEqualTo(TestData.sha256(1, MIB));
    S3.assertNoOpenUploads(bucket);
  }

  static String denyUnencryptedPolicy(String bucket) {
    return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"DenyUnencrypted\",\"Effect\":\"Deny\","
        + "\"Principal\":\"*\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::" + bucket + "/*\","
        + "\"Condition\":{\"Null\":{\"s3:x-amz-server-side-encryption\":\"true\"}}}]}";
  }

  private static byte[] bytes(long seed, long size) {
    try (InputStream in = TestData.stream(seed, size)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void assertSseC(ProxyRequest r, SseCustomerKey key) {
    assertThat(r.header(SSE_C + "algorithm")).as(r.operation()).isEqualTo("AES256");
    assertThat(r.header(SSE_C + "key")).as(r.operation()).isEqualTo(key.keyBase64());
    assertThat(r.header(SSE_C + "key-MD5")).as(r.operation()).isEqualTo(key.keyMd5Base64());
  }
}
