package dev.cirrus.s3.internal;

import dev.cirrus.s3.PartPlan;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * The producer of a file upload: a file smaller than the single-request threshold goes as one PutObject; a
 * larger one is split by its part plan, each part read on its own part task (so reads run in parallel). Runs on
 * one transfer thread; not threadsafe.
 */
final class FileProducer {
  private final PartSink sink;
  private final Path file;
  private final PartPlan plan;
  private final long singleRequestThresholdBytes;

  FileProducer(PartSink sink, Path file, PartPlan plan, long singleRequestThresholdBytes) {
    this.sink = sink;
    this.file = file;
    this.plan = plan;
    this.singleRequestThresholdBytes = singleRequestThresholdBytes;
  }

  /**
   * Uploads the file, then completes the upload.
   *
   * @param existing the parts S3 holds already (a resumed upload), by part number; parts that match are not sent
   */
  void run(Map<Integer, Part> existing) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = plan.objectSizeBytes().orElseThrow();
      if (!sink.multipartStarted() && size < singleRequestThresholdBytes) {
        PartBuffer buf = sink.acquire(size);
        try {
          buf.readFully(ch, 0, size);
        } catch (Throwable t) {
          sink.release(buf);
          throw t;
        }
        sink.putSingle(buf);
        return;
      }
      if (!sink.multipartStarted()) {
        sink.create();
      }
      for (int n = 1; n <= plan.partCount(); n++) {
        long offset = plan.partOffsetBytes(n);
        long len = plan.partSizeBytes(n);
        PartBuffer buf = sink.acquire(len);
        sink.submit(n, buf, b -> b.readFully(ch, offset, len), existing.get(n));
      }
      sink.finish(plan.partCount());
    }
  }
}
