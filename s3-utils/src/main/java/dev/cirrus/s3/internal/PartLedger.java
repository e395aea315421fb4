package dev.cirrus.s3.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The parts of one upload that S3 acknowledged, in part-number order, with their checksums and the bytes they
 * hold; each recorded part is reported to the upload's progress events. Threadsafe.
 */
final class PartLedger {
  private final ConcurrentSkipListMap<Integer, PartUploader.Uploaded> parts = new ConcurrentSkipListMap<>();
  private final AtomicLong bytes = new AtomicLong();
  private final ProgressEvents events;

  PartLedger(ProgressEvents events) {
    this.events = events;
  }

  /** Records an acknowledged part. */
  void record(PartUploader.Uploaded part) {
    parts.put(part.part().partNumber(), part);
    bytes.addAndGet(part.length());
    events.advance(part.length(), 1);
  }

  /** Records the bytes of an object stored with one PutObject (no part). */
  void recordSingle(long length) {
    bytes.addAndGet(length);
    events.advance(length, 0);
  }

  long bytes() {
    return bytes.get();
  }

  int count() {
    return parts.size();
  }

  /** The numbers of the parts recorded, ascending. */
  List<Integer> numbers() {
    return List.copyOf(parts.keySet());
  }

  /** The recorded parts for CompleteMultipartUpload, ascending. */
  List<software.amazon.awssdk.services.s3.model.CompletedPart> completedParts() {
    List<software.amazon.awssdk.services.s3.model.CompletedPart> list = new ArrayList<>(parts.size());
    for (PartUploader.Uploaded u : parts.values()) {
      list.add(u.part());
    }
    return list;
  }

  /**
   * The composite checksum ({@code base64-N}) of parts 1..{@code partCount}, or null unless every one of them
   * carries a part checksum of {@code algorithm}.
   */
  String composite(String algorithm, int partCount) {
    List<byte[]> crcs = new ArrayList<>(parts.size());
    for (PartUploader.Uploaded u : parts.values()) {
      if (u.crc() != null) {
        crcs.add(u.crc());
      }
    }
    return crcs.size() == partCount ? Checksums.composite(algorithm, crcs.toArray(new byte[0][])) : null;
  }
}
