package dev.cirrus.s3.examples;

import dev.cirrus.s3.DownloadResult;
import dev.cirrus.s3.S3Transfers;
import dev.cirrus.s3.TransferProgress;
import dev.cirrus.s3.UploadResult;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads a stream of unknown length and downloads it back to a stream, with progress: memory stays within
 * parallelism x part size however long the stream is. Run by {@code StreamTransferExampleTest}.
 */
public final class StreamTransferExample {
  private StreamTransferExample() {}

  /** Uploads {@code source} to {@code bucket/key}, then writes the object to {@code sink}. */
  public static DownloadResult roundTrip(S3Client s3, String bucket, String key, InputStream source,
      OutputStream sink, Consumer<TransferProgress> progress) {
    try (S3Transfers transfers = S3Transfers.builder(s3)
        .parallelism(4)
        .listener(progress::accept)     // bytes and parts done, rate; called from transfer threads
        .build()) {
      UploadResult uploaded = transfers.upload(bucket, key, source);
      if (uploaded.peakBufferBytes() > uploaded.bufferBoundBytes()) {
        throw new IllegalStateException("buffer bound broken: " + uploaded);
      }
      return transfers.download(bucket, key, sink);
    }
  }
}
