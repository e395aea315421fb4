package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

class S3TransfersTest {
  @TempDir
  Path dir;

  private static S3Client unusedClient() {
    return S3Client.builder().region(Region.US_EAST_1)
        .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("a", "b"))
        .build();
  }

  @Test
  void startUpload_nullStream_throwsNullPointer() {
    try (S3Client s3 = unusedClient(); S3Transfers t = S3Transfers.builder(s3).build()) {
      assertThatThrownBy(() -> t.startUpload("b", "k", (InputStream) null))
          .isInstanceOf(NullPointerException.class).hasMessage("in");
      assertThatThrownBy(() -> t.startUpload("b", "k", (ReadableByteChannel) null))
          .isInstanceOf(NullPointerException.class).hasMessage("in");
      assertThatThrownBy(() -> t.startUpload("b", "k", (Path) null))
          .isInstanceOf(NullPointerException.class).hasMessage("file");
      assertThatThrownBy(() -> t.startUpload(null, "k", InputStream.nullInputStream()))
          .isInstanceOf(NullPointerException.class).hasMessage("bucket");
    }
  }

  @Test
  void startUpload_fileBeyondMaximum_throwsIllegalArgumentBeforeAnyRequest() throws Exception {
    Path f = dir.resolve("f");
    Files.write(f, new byte[2048]);
    try (S3Client s3 = unusedClient(); S3Transfers t = S3Transfers.builder(s3)
        .partSizePolicy(PartSizePolicy.builder().maxObjectSizeBytes(1024).unknownLengthCapacityBytes(1024).build())
        .build()) {
      assertThatThrownBy(() -> t.startUpload("b", "k", f))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("objectSizeBytes must be at most maxObjectSizeBytes 1024, was 2048");
    }
  }

  @Test
  void startUpload_keyTooLong_throwsIllegalArgument() {
    try (S3Client s3 = unusedClient(); S3Transfers t = S3Transfers.builder(s3).build()) {
      assertThatThrownBy(() -> t.startUpload("b", "k".repeat(1025), InputStream.nullInputStream()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("key must be at most 1024 UTF-8 bytes, was 1025");
    }
  }

  @Test
  void builder_badSettings_throwIllegalArgument() {
    try (S3Client s3 = unusedClient()) {
      assertThatThrownBy(() -> S3Transfers.builder(s3).parallelism(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("parallelism must be between 1 and 256, was 0");
      assertThatThrownBy(() -> S3Transfers.builder(s3).singleRequestThresholdBytes(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("singleRequestThresholdBytes must be at least 0, was -1");
      assertThatThrownBy(() -> S3Transfers.builder(s3).singleRequestThresholdBytes(9 * 1024 * 1024).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("singleRequestThresholdBytes must be at most preferredPartSizeBytes 8388608, was 9437184");
      assertThatThrownBy(() -> S3Transfers.builder(s3).downloadRangeSizeBytes(1000))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("downloadRangeSizeBytes must be between 1048576 and 5368709120, was 1000");
      assertThatThrownBy(() -> S3Transfers.builder((S3Client) null))
          .isInstanceOf(NullPointerException.class).hasMessage("s3");
      assertThatThrownBy(() -> S3Transfers.builder((software.amazon.awssdk.services.s3.S3AsyncClient) null))
          .isInstanceOf(NullPointerException.class).hasMessage("s3");
    }
  }

  @Test
  void build_partSizeBelow8MiBWithoutThreshold_builds() {
    PartSizePolicy fiveMiB = PartSizePolicy.builder().preferredPartSizeBytes(5 * 1024 * 1024).build();
    try (S3Client s3 = unusedClient(); S3Transfers t = S3Transfers.builder(s3).partSizePolicy(fiveMiB).build()) {
      assertThat(t.partSizePolicy()).isSameAs(fiveMiB);
    }
  }

  @Test
  void build_explicitThresholdAboveASmallPartSize_throwsIllegalArgumentNamingBoth() {
    PartSizePolicy fiveMiB = PartSizePolicy.builder().preferredPartSizeBytes(5 * 1024 * 1024).build();
    try (S3Client s3 = unusedClient()) {
      assertThatThrownBy(() -> S3Transfers.builder(s3).partSizePolicy(fiveMiB)
          .singleRequestThresholdBytes(8 * 1024 * 1024).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("singleRequestThresholdBytes must be at most preferredPartSizeBytes 5242880, was 8388608");
      try (S3Transfers t = S3Transfers.builder(s3).partSizePolicy(fiveMiB)
          .singleRequestThresholdBytes(5 * 1024 * 1024).build()) {
        assertThat(t.partSizePolicy()).isSameAs(fiveMiB);
      }
    }
  }

  @Test
  void singleRequestThresholdBytes_aboveTheSinglePutLimit_throwsIllegalArgument() {
    try (S3Client s3 = unusedClient()) {
      assertThatThrownBy(() -> S3Transfers.builder(s3).singleRequestThresholdBytes(5L * 1024 * 1024 * 1024 + 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("singleRequestThresholdBytes must be at most 5368709120 (the largest single PutObject), "
              + "was 5368709121");
    }
  }

  @Test
  void startUpload_afterClose_throwsTransfersClosed() {
    try (S3Client s3 = unusedClient()) {
      S3Transfers t = S3Transfers.builder(s3).build();
      t.close();

      assertThatThrownBy(() -> t.startUpload("b", "k", InputStream.nullInputStream()))
          .isInstanceOf(TransfersClosedException.class)
          .hasMessage("transfers closed: S3Transfers.close() was called, so no new part, range or transfer can"
              + " start");
      assertThatThrownBy(() -> t.startDownload("b", "k", dir.resolve("d")))
          .isInstanceOf(TransfersClosedException.class);
    }
  }

  @Test
  void ranges_badOffsetOrLength_throwIllegalArgumentBeforeAnyRequest() {
    try (S3Client s3 = unusedClient(); S3Transfers t = S3Transfers.builder(s3).build()) {
      assertThatThrownBy(() -> t.ranges().readBytes("b", "k", -1, 10))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("offset must be at least 0, was -1");
      assertThatThrownBy(() -> t.ranges().readBytes("b", "k", 0, -5))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("length must be at least 0, was -5");
      assertThatThrownBy(() -> t.ranges().download("b", "k", 0, -5, java.io.OutputStream.nullOutputStream()))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("length must be at least 0, was -5");
      assertThatThrownBy(() -> t.ranges().readBytes("b", "k", 0, Integer.MAX_VALUE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("length must be at most 2147483639 for a byte array, was 2147483647");
      assertThatThrownBy(() -> t.ranges().download("b", "k", 0, 1, null))
          .isInstanceOf(NullPointerException.class).hasMessage("out");
    }
  }

  @Test
  void startUpload_missingFile_throwsUncheckedIo() {
    try (S3Client s3 = unusedClient(); S3Transfers t = S3Transfers.builder(s3).build()) {
      assertThatThrownBy(() -> t.startUpload("b", "k", dir.resolve("missing")))
          .isInstanceOf(java.io.UncheckedIOException.class)
          .hasMessage("cannot read the size of " + dir.resolve("missing"));
    }
  }

  @Test
  void defaults_areDocumentedValues() {
    try (S3Client s3 = unusedClient(); S3Transfers t = S3Transfers.builder(s3).build()) {
      assertThat(t.parallelism()).isEqualTo(4);
      assertThat(t.partSizePolicy().preferredPartSizeBytes()).isEqualTo(8 * 1024 * 1024);
    }
  }
}
