package dev.cirrus.s3;

import static dev.cirrus.s3.S3TestFixture.PART;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a listener sees while parts finish out of order (seeded latency on some UploadPart requests, a listener
 * that is slow for a while): bytes never decrease, one part per event, and the 100 % event is last, once.
 */
class TransferProgressOrderIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final S3TestFixture S3 = new S3TestFixture(AWS, 3);
  private static final int PARTS = 8;

  @TempDir
  Path dir;

  /** Records events in a plain list: the listener's order guarantee is what keeps it consistent. */
  private static final class Recorder implements TransferListener {
    private final List<TransferProgress> events = new ArrayList<>();
    private final SplittableRandom pause;

    Recorder(long seed) {
      this.pause = new SplittableRandom(seed);
    }

    @Override
    public void onProgress(TransferProgress p) {
      LockSupport.parkNanos(pause.nextInt(80_000_000)); // longer than moto takes per part
      events.add(p);
    }
  }

  private static void assertInOrder(List<TransferProgress> events, long size, long seed) {
    assertThat(events).as("seed %d", seed).hasSize(PARTS);
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).partsCompleted()).as("seed %d event %d", seed, i).isEqualTo(i + 1);
      if (i > 0) {
        assertThat(events.get(i).bytesTransferred()).as("seed %d event %d", seed, i)
            .isGreaterThan(events.get(i - 1).bytesTransferred());
      }
    }
    assertThat(events.get(events.size() - 1).bytesTransferred()).isEqualTo(size);
    assertThat(events).filteredOn(p -> p.bytesTransferred() == size).hasSize(1);
  }

  @Test
  void upload_partsFinishOutOfOrder_progressIsMonotonicAndCompletionComesLastOnce() {
    String bucket = AWS.createBucket();
    long size = PARTS * PART - 17;
    Path file = TestData.file(dir, 21, size);
    for (long seed = 1; seed <= 4; seed++) {
      FaultProxy proxy = AWS.proxy(seed);
      proxy.inject("S3.UploadPart", 0.5, Fault.latency(Duration.ofMillis(40 + 20 * seed)));
      Recorder recorder = new Recorder(seed);
      S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).parallelism(4).listener(recorder).build());

      UploadResult r = t.upload(bucket, "ordered-" + seed, file);

      assertThat(r.partCount()).isEqualTo(PARTS);
      assertInOrder(recorder.events, size, seed);
    }
  }

  @Test
  void upload_unknownLengthStream_progressIsMonotonicAndEndsAtTheStreamLength() {
    String bucket = AWS.createBucket();
    long size = PARTS * PART - 5;
    for (long seed = 11; seed <= 12; seed++) {
      FaultProxy proxy = AWS.proxy(seed);
      proxy.inject("S3.UploadPart", 0.5, Fault.latency(Duration.ofMillis(60)));
      Recorder recorder = new Recorder(seed);
      S3Transfers t = AWS.closeAfterTest(S3.transfers(AWS.clients(proxy)).parallelism(4).listener(recorder).build());

      t.upload(bucket, "stream-" + seed, TestData.stream(seed, size));

      assertInOrder(recorder.events, size, seed);
      assertThat(recorder.events).allSatisfy(p -> assertThat(p.totalBytes()).isEmpty());
    }
  }
}
