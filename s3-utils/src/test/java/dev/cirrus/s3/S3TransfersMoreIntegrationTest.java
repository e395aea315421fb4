package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.MIB;
import static dev.cirrus.s3.S3TestFixture.PART;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ExpirationStatus;
import software.amazon.awssdk.services.s3.model.LifecycleRule;

class S3TransfersMoreIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 10);

  @TempDir
  Path dir;

  /**
   * 1 GiB of unknown length, parallelism 4, 8 MiB parts, through the real SDK into moto (about 20 s on the CI
   * machine). The measurement is the transfer's own buffers: the pool's peak of allocated bytes, not the heap.
   */
  @Test
  void upload_1GiBUnknownLengthParallelism4_staysWithin4x8MiB() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(50);
    S3Transfers t = AWS.closeAfterTest(S3Transfers.builder(S3.client(AWS.clients(proxy))).parallelism(4)
        .retryPolicy(S3.retryPolicy()).build());
    long size = 1024 * MIB;

    UploadResult r = t.upload(bucket, "big", TestData.stream(77, size));

    assertThat(r.partCount()).isEqualTo(128);
    assertThat(proxy.count("S3.UploadPart")).isEqualTo(128);
    assertThat(r.sizeBytes()).isEqualTo(size);
    assertThat(r.bufferBoundBytes()).isEqualTo(32 * MIB);
    assertThat(r.peakBufferBytes()).isLessThanOrEqualTo(32 * MIB).isGreaterThanOrEqualTo(8 * MIB);
    assertThat(AWS.s3().headObject(h -> h.bucket(bucket).key("big")).contentLength()).isEqualTo(size);
    AWS.s3().deleteObject(d -> d.bucket(bucket).key("big"));
  }

  @Test
  void resumeUpload_twoGoodPartsOneCorrupt_uploadsOnlyTheRest() throws IOException {
    String bucket = AWS.createBucket();
    long size = 4 * PART + 3 * MIB;
    Path file = TestData.file(dir, 12, size);
    S3Client raw = AWS.s3();
    String id = raw.createMultipartUpload(c -> c.bucket(bucket).key("resumed")).uploadId();
    byte[] all;
    try (InputStream in = TestData.stream(12, size)) {
      all = in.readAllBytes();
    }
    raw.uploadPart(u -> u.bucket(bucket).key("resumed").uploadId(id).partNumber(1),
        RequestBody.fromBytes(java.util.Arrays.copyOfRange(all, 0, (int) PART)));
    byte[] corrupt = java.util.Arrays.copyOfRange(all, (int) PART, (int) (2 * PART));
    corrupt[100] ^= 1;
    raw.uploadPart(u -> u.bucket(bucket).key("resumed").uploadId(id).partNumber(2), RequestBody.fromBytes(corrupt));
    raw.uploadPart(u -> u.bucket(bucket).key("resumed").uploadId(id).partNumber(4),
        RequestBody.fromBytes(java.util.Arrays.copyOfRange(all, (int) (3 * PART), (int) (4 * PART))));
    FaultProxy proxy = AWS.proxy(51);
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).build());

    UploadResult r = t.resumeUpload(bucket, "resumed", id, file).join();

    assertThat(r.uploadId()).contains(id);
    assertThat(r.partCount()).isEqualTo(5);
    assertThat(proxy.count("S3.ListParts")).isEqualTo(1);
    assertThat(proxy.count("S3.UploadPart")).isEqualTo(3);
    assertThat(S3.sha(t, bucket, "resumed")).isEqualTo(TestData.sha256(file));
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void openOutputStream_oddWrites_roundTrips() throws IOException {
    String bucket = AWS.createBucket();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).build());
    long size = 2 * PART + 12_345;

    MultipartOutputStream out = t.openOutputStream(bucket, "written");
    try (InputStream in = TestData.stream(13, size)) {
      byte[] buf = new byte[70_001];
      for (int n; (n = in.read(buf, 0, 1 + (int) (out.upload().progress().bytesTransferred() % 70_000))) >= 0; ) {
        out.write(buf, 0, n);
      }
    }
    out.write(new byte[0]);
    out.complete();
    out.close();

    UploadResult r = out.upload().join();
    assertThat(r.partCount()).isEqualTo(3);
    assertThat(r.sizeBytes()).isEqualTo(size);
    assertThat(S3.sha(t, bucket, "written")).isEqualTo(TestData.sha256(13, size));
  }

  @Test
  void openOutputStream_smallObject_usesOnePutObject() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(52);
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).build());

    try (MultipartOutputStream out = t.openOutputStream(bucket, "small")) {
      out.write("hello".getBytes(StandardCharsets.UTF_8));
      out.complete();
    }

    assertThat(proxy.count("S3.PutObject")).isEqualTo(1);
    assertThat(proxy.count("S3.CreateMultipartUpload")).isZero();
    assertThat(AWS.s3().getObjectAsBytes(g -> g.bucket(bucket).key("small")).asUtf8String()).isEqualTo("hello");
  }

  @Test
  void openOutputStream_abortAfterTwoParts_leavesNoUpload() {
    String bucket = AWS.createBucket();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).build());

    MultipartOutputStream out = t.openOutputStream(bucket, "aborted");
    out.write(new byte[(int) (2 * PART + 10)]);
    String id = out.upload().uploadId().orElseThrow();
    out.abort();

    assertThatThrownBy(() -> out.upload().join())
        .isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
          assertThat(e.uploadId()).contains(id);
          assertThat(e.cancelled()).isTrue();
          assertThat(e.aborted()).isTrue();
        });
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void openOutputStream_partFailsPermanently_completeThrowsAndAborts() {
    String bucket = AWS.createBucket();
    FaultProxy proxy = AWS.proxy(53);
    proxy.inject("S3.UploadPart", 1.0, Fault.s3InternalError());
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).build());

    MultipartOutputStream out = t.openOutputStream(bucket, "failing");
    assertThatThrownBy(() -> {
      for (int i = 0; i < 10; i++) {
        out.write(new byte[(int) PART]);
      }
      out.complete();
    }).isInstanceOfSatisfying(MultipartUploadFailedException.class, e -> {
      assertThat(e.uploadId()).isPresent();
      assertThat(e.partsCompleted()).isEmpty();
      assertThat(e.aborted()).isTrue();
    });
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void upload_channel_roundTrips() {
    String bucket = AWS.createBucket();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).build());
    long size = PART + 99;

    UploadResult r = t.startUpload(bucket, "chan", Channels.newChannel(TestData.stream(14, size))).join();

    assertThat(r.partCount()).isEqualTo(2);
    assertThat(S3.sha(t, bucket, "chan")).isEqualTo(TestData.sha256(14, size));
  }

  @Test
  void upload_progressEvents_countEveryPart() {
    String bucket = AWS.createBucket();
    List<TransferProgress> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicLong ticks = new AtomicLong();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).listener(events::add)
        .nanoTicker(() -> ticks.addAndGet(1_000_000_000L)).build());

    t.upload(bucket, "p", TestData.file(dir, 15, 3 * PART));

    assertThat(events).hasSize(3);
    TransferProgress last = events.stream().max(java.util.Comparator.comparingLong(
        TransferProgress::bytesTransferred)).orElseThrow();
    assertThat(last.bytesTransferred()).isEqualTo(3 * PART);
    assertThat(last.totalBytes()).hasValue(3 * PART);
    assertThat(last.bytesPerSecond()).isPositive();
  }

  @Test
  void upload_crc32AndContentMd5_accepted() {
    String bucket = AWS.createBucket();
    S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients()).partChecksum(PartChecksum.CRC32)
        .contentMd5(true).build());

    UploadResult multi = t.upload(bucket, "m", TestData.stream(16, 2 * PART + 1));
    UploadResult single = t.upload(bucket, "s", TestData.stream(16, 1000));

    assertThat(multi.objectChecksum()).hasValueSatisfying(c -> assertThat(c).endsWith("-3"));
    assertThat(single.checksumCheck()).isEqualTo(ChecksumCheck.VERIFIED);
    DownloadResult d = t.download(bucket, "s", new TestData.Sha256Sink());
    assertThat(d.checksumCheck()).isEqualTo(ChecksumCheck.VERIFIED);
    assertThat(S3.sha(t, bucket, "m")).isEqualTo(TestData.sha256(16, 2 * PART + 1));
  }

  @Test
  void housekeeping_oldUploads_dryRunThenAbort() {
    String bucket = AWS.createBucket();
    S3Client s3 = AWS.s3();
    s3.createMultipartUpload(c -> c.bucket(bucket).key("a"));
    s3.createMultipartUpload(c -> c.bucket(bucket).key("b"));
    // moto reports a fixed Initiated time, so the clocks are placed relative to it
    Instant initiated = s3.listMultipartUploads(l -> l.bucket(bucket)).uploads().get(0).initiated();
    MultipartHousekeeping now = MultipartHousekeeping.create(s3,
        Clock.fixed(initiated.plus(Duration.ofMinutes(30)), ZoneOffset.UTC));
    MultipartHousekeeping future = MultipartHousekeeping.create(s3,
        Clock.fixed(initiated.plus(Duration.ofHours(2)), ZoneOffset.UTC));

    assertThat(now.listIncomplete(bucket, Duration.ofHours(1))).isEmpty();
    assertThat(future.abortIncomplete(bucket, Duration.ofHours(1), true)).hasSize(2);
    assertThat(S3.openUploads(bucket)).hasSize(2);
    assertThat(future.abortIncomplete(bucket, Duration.ofHours(1), false))
        .extracting(MultipartHousekeeping.IncompleteUpload::key).containsExactlyInAnyOrder("a", "b");
    S3.assertNoOpenUploads(bucket);
  }

  @Test
  void installAbortRule_keepsOtherRulesAndReplacesItsOwn() {
    String bucket = AWS.createBucket();
    S3Client s3 = AWS.s3();
    s3.putBucketLifecycleConfiguration(p -> p.bucket(bucket).lifecycleConfiguration(l -> l.rules(
        LifecycleRule.builder().id("expire-tmp").status(ExpirationStatus.ENABLED)
            .filter(f -> f.prefix("tmp/")).expiration(e -> e.days(3)).build())));
    MultipartHousekeeping h = MultipartHousekeeping.create(s3, Clock.systemUTC());

    h.installAbortRule(bucket, 7, "");
    h.installAbortRule(bucket, 2, "");

    List<LifecycleRule> rules = s3.getBucketLifecycleConfiguration(g -> g.bucket(bucket)).rules();
    assertThat(rules).extracting(LifecycleRule::id)
        .containsExactlyInAnyOrder("expire-tmp", MultipartHousekeeping.RULE_ID);
    assertThat(rules.stream().filter(r -> r.id().equals(MultipartHousekeeping.RULE_ID)).findFirst().orElseThrow()
        .abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(2);
  }

  @Test
  void installAbortRule_bucketWithoutLifecycle_installs() {
    String bucket = AWS.createBucket();
    MultipartHousekeeping.create(AWS.s3(), Clock.systemUTC()).installAbortRule(bucket, 1, "uploads/");

    assertThat(AWS.s3().getBucketLifecycleConfiguration(g -> g.bucket(bucket)).rules()).singleElement()
        .satisfies(r -> assertThat(r.abortIncompleteMultipartUpload().daysAfterInitiation()).isEqualTo(1));
  }
}
