package dev.cirrus.s3.examples;

import dev.cirrus.s3.DownloadResult;
import dev.cirrus.s3.HashedKeyScheme;
import dev.cirrus.s3.KeyHash;
import dev.cirrus.s3.MultipartHousekeeping;
import dev.cirrus.s3.MultipartOutputStream;
import dev.cirrus.s3.MultipartUploadFailedException;
import dev.cirrus.s3.PartPlan;
import dev.cirrus.s3.PartSizePolicy;
import dev.cirrus.s3.PrefixPlan;
import dev.cirrus.s3.PrefixPlanner;
import dev.cirrus.s3.RangeDownloadResult;
import dev.cirrus.s3.RangeDownloads;
import dev.cirrus.s3.S3Transfers;
import dev.cirrus.s3.UploadResult;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.s3.S3Client;

/** The code shown in docs/guides/s3.md; each method runs in S3ExamplesExampleTest. */
public final class S3Examples {
  private S3Examples() {}

  /** Hash-prefixed keys and their inverse. */
  public static String hashedKey(String logicalKey) {
    HashedKeyScheme scheme = HashedKeyScheme.builder()
        .categoryPrefix("logs/")
        .widthChars(2)
        .build();
    String key = scheme.key(logicalKey);
    if (!scheme.logicalKey(key).equals(logicalKey)) {
      throw new AssertionError("inverse must recover the logical key");
    }
    return key;
  }

  /** Plans prefixes for 100,000 writes and 300,000 reads per second. */
  public static PrefixPlan planPrefixes() {
    PrefixPlan plan = PrefixPlanner.builder().headroom(2.0).build().plan(100_000, 300_000);
    HashedKeyScheme scheme = plan.scheme(KeyHash.WORD64_MIX, "logs/");
    List<String> listings = scheme.listingPrefixes();
    if (listings.size() != plan.prefixCount()) {
      throw new AssertionError("one listing prefix per hash prefix");
    }
    return plan;
  }

  /** Explains the parts of a 100 GiB object. */
  public static PartPlan partsFor100GiB() {
    return PartSizePolicy.defaults().planFor(100L * 1024 * 1024 * 1024);
  }

  /** Uploads a file, writes an object through an OutputStream, downloads the file's object back. */
  public static DownloadResult transfers(S3Client s3, String bucket, Path file, Path copy) {
    try (S3Transfers transfers = S3Transfers.builder(s3).parallelism(4).build()) {
      UploadResult up = transfers.upload(bucket, "big.bin", file);
      System.out.println(up);
      try (MultipartOutputStream out = transfers.openOutputStream(bucket, "generated.txt")) {
        for (int i = 0; i < 1000; i++) {
          out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        out.complete(); // without it, close() aborts: an exception above never commits a truncated object
      } catch (MultipartUploadFailedException e) {
        // the upload was aborted; e.uploadId(), e.partsCompleted() and e.getCause() say what happened
        throw e;
      }
      return transfers.download(bucket, "big.bin", copy);
    }
  }

  /** Uploads a file with a progress bar drawn on {@code terminal} (e.g. {@code System.err}). */
  public static UploadResult uploadWithProgressBar(S3Client s3, String bucket, Path file, PrintStream terminal) {
    try (S3Transfers transfers = S3Transfers.builder(s3)
        .parallelism(4)
        .listener(new TerminalProgressBar(terminal)) // each event redraws the line; 100 % comes last, once
        .build()) {
      return transfers.upload(bucket, file.getFileName().toString(), file);
    }
  }

  /** Reads the first 64 KiB of an object into an array, and 10 MiB from offset 1 MiB into a stream. */
  public static byte[] readRanges(S3Client s3, String bucket, String key, OutputStream slice) {
    try (S3Transfers transfers = S3Transfers.builder(s3).build()) {
      RangeDownloads ranges = transfers.ranges();
      RangeDownloadResult r = ranges.download(bucket, key, 1024 * 1024, 10 * 1024 * 1024, slice); // 2 GETs
      System.out.println(r.rangeCount() + " ranged GETs of " + r.objectSizeBytes() + " bytes, ETag " + r.eTag());
      return ranges.readBytes(bucket, key, 0, 64 * 1024);
    }
  }

  /** Lists stale uploads (dry run), aborts them, and installs the lifecycle backstop. */
  public static List<MultipartHousekeeping.IncompleteUpload> housekeeping(S3Client s3, String bucket, Clock clock) {
    MultipartHousekeeping h = MultipartHousekeeping.create(s3, clock);
    List<MultipartHousekeeping.IncompleteUpload> stale = h.abortIncomplete(bucket, Duration.ofDays(1), true);
    h.abortIncomplete(bucket, Duration.ofDays(1), false);
    h.installAbortRule(bucket, 7, "");
    return stale;
  }
}
