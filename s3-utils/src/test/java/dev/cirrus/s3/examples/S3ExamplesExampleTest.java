package dev.cirrus.s3.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.s3.DownloadResult;
import dev.cirrus.s3.PartPlan;
import dev.cirrus.s3.PrefixPlan;
import dev.cirrus.s3.UploadResult;
import dev.cirrus.testsupport.LocalAws;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class S3ExamplesExampleTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  @TempDir
  Path dir;

  @Test
  void hashedKey_guideExample_isStable() {
    assertThat(S3Examples.hashedKey("2024/01/05/host-1.gz")).isEqualTo("logs/ce/2024/01/05/host-1.gz");
  }

  @Test
  void planPrefixes_guideExample_needs110PrefixesOfWidth2() {
    PrefixPlan plan = S3Examples.planPrefixes();
    assertThat(plan.requiredPrefixes()).isEqualTo(110);
    assertThat(plan.widthChars()).isEqualTo(2);
  }

  @Test
  void partsFor100GiB_guideExample_uses16MiBParts() {
    PartPlan plan = S3Examples.partsFor100GiB();
    assertThat(plan.firstPartSizeBytes()).isEqualTo(16L * 1024 * 1024);
    assertThat(plan.partCount()).isEqualTo(6400);
  }

  @Test
  void transfers_guideExample_roundTrips() throws Exception {
    String bucket = AWS.createBucket();
    byte[] data = new byte[20 * 1024 * 1024 + 3];
    new Random(1).nextBytes(data);
    Path file = Files.write(dir.resolve("big.bin"), data);
    Path copy = dir.resolve("copy.bin");

    DownloadResult r = S3Examples.transfers(AWS.s3(), bucket, file, copy);

    assertThat(r.sizeBytes()).isEqualTo(data.length);
    assertThat(Files.readAllBytes(copy)).isEqualTo(data);
    assertThat(AWS.s3().getObjectAsBytes(g -> g.bucket(bucket).key("generated.txt")).asUtf8String())
        .startsWith("line 0\n").endsWith("line 999\n");
  }

  @Test
  void uploadWithProgressBar_guideExample_drawsNonDecreasingFramesEndingAt100PercentOnce() throws Exception {
    String bucket = AWS.createBucket();
    byte[] data = new byte[6 * 8 * 1024 * 1024 + 3];
    new Random(2).nextBytes(data);
    Path file = Files.write(dir.resolve("progress.bin"), data);
    ByteArrayOutputStream terminal = new ByteArrayOutputStream();

    UploadResult r = S3Examples.uploadWithProgressBar(AWS.s3(), bucket, file,
        new PrintStream(terminal, true, StandardCharsets.UTF_8));

    assertThat(r.partCount()).isEqualTo(7);
    String drawn = terminal.toString(StandardCharsets.UTF_8);
    assertThat(drawn).startsWith("\rprogress.bin [").endsWith(System.lineSeparator());
    List<String> frames = Arrays.stream(drawn.split("\r")).filter(f -> !f.isEmpty()).toList();
    assertThat(frames).hasSize(7);
    List<Integer> percents = frames.stream()
        .map(f -> Integer.parseInt(f.replaceAll("^.*\\]\\s+(\\d+)%.*$", "$1").trim())).toList();
    assertThat(percents).isSorted().endsWith(100);
    assertThat(percents).filteredOn(p -> p == 100).hasSize(1);
    assertThat(frames.get(frames.size() - 1)).startsWith("progress.bin [" + "#".repeat(30) + "] 100%")
        .contains(" 48.0 MiB ");
  }

  @Test
  void readRanges_guideExample_returnsTheHeaderAndWritesTheSlice() {
    String bucket = AWS.createBucket();
    byte[] data = new byte[20 * 1024 * 1024];
    new Random(3).nextBytes(data);
    AWS.s3().putObject(p -> p.bucket(bucket).key("ranged.bin"),
        software.amazon.awssdk.core.sync.RequestBody.fromBytes(data));
    ByteArrayOutputStream slice = new ByteArrayOutputStream();

    byte[] header = S3Examples.readRanges(AWS.s3(), bucket, "ranged.bin", slice);

    assertThat(header).isEqualTo(Arrays.copyOf(data, 64 * 1024));
    assertThat(slice.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 1024 * 1024, 11 * 1024 * 1024));
  }

  @Test
  void housekeeping_guideExample_abortsStaleUploads() {
    String bucket = AWS.createBucket();
    AWS.s3().createMultipartUpload(c -> c.bucket(bucket).key("stale"));
    java.time.Instant initiated = AWS.s3().listMultipartUploads(l -> l.bucket(bucket)).uploads().get(0).initiated();

    assertThat(S3Examples.housekeeping(AWS.s3(), bucket,
        Clock.fixed(initiated.plus(Duration.ofDays(2)), ZoneOffset.UTC))).hasSize(1);
    assertThat(AWS.s3().listMultipartUploads(l -> l.bucket(bucket)).uploads()).isEmpty();
  }
}
