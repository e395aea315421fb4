package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.MIB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import dev.cirrus.testsupport.ProxyRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

class S3CopyIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 3);
  private static final CopyOptions MULTIPART = CopyOptions.builder().multipartThresholdBytes(8 * MIB).build();

  private void putWithMetadata(String bucket, String key, long seed, long size) {
    AWS.s3().putObject(p -> p.bucket(bucket).key(key).contentType("text/csv").metadata(Map.of("owner", "team-a"))
        .tagging("stage=raw"), RequestBody.fromInputStream(TestData.stream(seed, size), size));
  }

  @Test
  void copy_belowThreshold_oneCopyObjectKeepingMetadata() {
    String bucket = AWS.createBucket();
    putWithMetadata(bucket, "src", 1, 3 * MIB);
    FaultProxy proxy = AWS.proxy(1);
    RequestRecorder seen = RequestRecorder.on(proxy);
    S3Transfers t = S3.transfersVia(proxy);

    CopyResult r = t.withOptions().copy(bucket, "src", bucket, "dst", CopyOptions.defaults());

    assertThat(r.partCount()).isZero();
    assertThat(r.uploadId()).isEmpty();
    assertThat(r.sizeBytes()).isEqualTo(3 * MIB);
    ProxyRequest copy = seen.of("S3.CopyObject").get(0);
    assertThat(copy.header("x-amz-copy-source-if-match")).isEqualTo(r.sourceETag());
    assertThat(copy.header("x-amz-metadata-directive")).isEqualTo("COPY");
    HeadObjectResponse head = AWS.s3().headObject(h -> h.bucket(bucket).key("dst"));
    assertThat(head.metadata()).containsEntry("owner", "team-a");
    assertThat(head.contentType()).isEqualTo("text/csv");
    assertThat(S3.storedSha(bucket, "dst")).isEqualTo(TestData.sha256(1, 3 * MIB));
  }

  @Test
  void copy_replaceDirective_targetTakesNewMetadataAndEncryption() {
    String bucket = AWS.createBucket();
    putWithMetadata(bucket, "src", 2, MIB);
    S3Transfers t = S3.transfersVia(AWS.proxy(2));
    UploadOptions target = UploadOptions.builder().contentType("application/json").metadata(Map.of("v", "2"))
        .serverSideEncryption(ServerSideEncryption.AES256).build();

    t.withOptions().copy(bucket, "src", bucket, "dst", CopyOptions.builder().target(target)
        .metadataDirective(MetadataDirective.REPLACE).build());

    HeadObjectResponse head = AWS.s3().headObject(h -> h.bucket(bucket).key("dst"));
    assertThat(head.metadata()).containsExactly(Map.entry("v", "2"));
    assertThat(head.contentType()).isEqualTo("application/json");
    assertThat(head.serverSideEncryption()).isEqualTo(ServerSideEncryption.AES256);
  }

  @Test
  void copy_aboveThreshold_parallelUploadPartCopyKeepingMetadataAndTags() {
    String bucket = AWS.createBucket();
    long size = 12 * MIB + 5;
    putWithMetadata(bucket, "src", 3, size);
    FaultProxy proxy = AWS.proxy(3);
    RequestRecorder seen = RequestRecorder.on(proxy);
    List<TransferProgress> events = new CopyOnWriteArrayList<>();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).listener(events::add).build());

    CopyResult r = t.withOptions().copy(bucket, "src", bucket, "dst", MULTIPART);

    assertThat(r.partCount()).isEqualTo(3);
    assertThat(r.uploadId()).isPresent();
    List<ProxyRequest> parts = seen.of("S3.UploadPartCopy");
    assertThat(parts).extracting(p -> p.header("x-amz-copy-source-range")).containsExactlyInAnyOrder(
        "bytes=0-5242879", "bytes=5242880-10485759", "bytes=10485760-12582916");
    assertThat(parts).allSatisfy(p -> assertThat(p.header("x-amz-copy-source-if-match")).isEqualTo(r.sourceETag()));
    assertThat(seen.of("S3.CopyObject")).isEmpty();
    // Parts finish on several threads; events still arrive in order, the total last (once it raced).
    assertThat(events).extracting(TransferProgress::partsCompleted).containsExactly(1, 2, 3);
    assertThat(events).extracting(TransferProgress::bytesTransferred).isSorted();
    assertThat(events).hasSize(3).last().satisfies(p -> assertThat(p.bytesTransferred()).isEqualTo(size));
    HeadObjectResponse head = AWS.s3().headObject(h -> h.bucket(bucket).key("dst"));
    assertThat(head.metadata()).containsEntry("owner", "team-a");
    assertThat(head.contentType()).isEqualTo("text/csv");
    assertThat(AWS.s3().getObjectTagging(g -> g.bucket(bucket).key("dst")).tagSet())
        .singleElement().satisfies(tag -> assertThat(tag.key() + "=" + tag.value()).isEqualTo("stage=raw"));
    assertThat(S3.storedSha(bucket, "dst")).isEqualTo(TestData.sha256(3, size));
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void copy_partFailsEveryAttempt_abortedNothingOpenAndUploadIdInException() {
    String bucket = AWS.createBucket();
    S3.put(bucket, "src", 4, 12 * MIB);
    FaultProxy proxy = AWS.proxy(4);
    proxy.inject("S3.UploadPartCopy", 1.0, S3.failPart(2, 500, "InternalError"));
    S3Transfers t = S3.transfersVia(proxy);

    assertThatThrownBy(() -> t.withOptions().copy(bucket, "src", bucket, "dst", MULTIPART))
        .isInstanceOfSatisfying(CopyFailedException.class, e -> {
          assertThat(e.uploadId()).isPresent();
          assertThat(e.aborted()).isTrue();
          assertThat(e.partsCompleted()).doesNotContain(2);
          assertThat(e.getMessage()).startsWith("copy of s3://" + bucket + "/src to s3://" + bucket
              + "/dst failed after").contains("upload id " + e.uploadId().get() + ", aborted");
        });

    assertThat(proxy.count("S3.UploadPartCopy", Outcome.INTERCEPTED)).isGreaterThanOrEqualTo(3);
    assertThat(proxy.count("S3.AbortMultipartUpload")).isEqualTo(1);
    assertThat(proxy.count("S3.CompleteMultipartUpload")).isZero();
    S3.assertNoOpenUploads(bucket);
    assertThat(AWS.s3().listObjectsV2(l -> l.bucket(bucket)).contents()).extracting(o -> o.key())
        .containsExactly("src");
  }

  @Test
  void copy_sourceIfMatchOtherETag_failsBeforeAnyUpload() {
    String bucket = AWS.createBucket();
    S3.put(bucket, "src", 5, MIB);
    S3Transfers t = S3.transfersVia(AWS.proxy(5));

    assertThatThrownBy(() -> t.withOptions().copy(bucket, "src", bucket, "dst",
        CopyOptions.builder().sourceIfMatch("\"0123456789abcdef0123456789abcdef\"").build()))
        .isInstanceOfSatisfying(CopyFailedException.class, e -> {
          assertThat(e.uploadId()).isEmpty();
          assertThat(e.getCause()).isInstanceOf(S3Exception.class);
          assertThat(((S3Exception) e.getCause()).statusCode()).isEqualTo(412);
        });
    assertThat(AWS.s3().listObjectsV2(l -> l.bucket(bucket)).contents()).hasSize(1);
  }

  @Test
  void copy_sseCSourceAndTarget_keysOnEveryCopyRequest() {
    String bucket = AWS.createBucket();
    SseCustomerKey sourceKey = SseCustomerKey.of(new byte[32]);
    byte[] other = new byte[32];
    other[0] = 1;
    SseCustomerKey targetKey = SseCustomerKey.of(other);
    FaultProxy proxy = AWS.proxy(6);
    RequestRecorder seen = RequestRecorder.on(proxy);
    S3Transfers t = S3.transfersVia(proxy);
    t.withOptions().upload(bucket, "src", TestData.stream(6, 12 * MIB),
        UploadOptions.builder().sseCustomerKey(sourceKey).build());
    seen.clear();

    t.withOptions().copy(bucket, "src", bucket, "dst", CopyOptions.builder().multipartThresholdBytes(8 * MIB)
        .sourceSseCustomerKey(sourceKey).target(UploadOptions.builder().sseCustomerKey(targetKey).build()).build());

    RequestOptionsIntegrationTest.assertSseC(seen.of("S3.HeadObject").get(0), sourceKey);
    RequestOptionsIntegrationTest.assertSseC(seen.of("S3.CreateMultipartUpload").get(0), targetKey);
    assertThat(seen.of("S3.UploadPartCopy")).hasSize(3).allSatisfy(p -> {
      RequestOptionsIntegrationTest.assertSseC(p, targetKey);
      assertThat(p.header("x-amz-copy-source-server-side-encryption-customer-key"))
          .isEqualTo(sourceKey.keyBase64());
      assertThat(p.header("x-amz-copy-source-server-side-encryption-customer-key-MD5"))
          .isEqualTo(sourceKey.keyMd5Base64());
    });
    assertThat(seen.of("S3.CompleteMultipartUpload").get(0).header(
        "x-amz-server-side-encryption-customer-key")).isNull(); // no checksum algorithm named: S3 needs no key
    assertThat(S3.storedSha(bucket, "dst")).isEqualTo(TestData.sha256(6, 12 * MIB));
  }
}
