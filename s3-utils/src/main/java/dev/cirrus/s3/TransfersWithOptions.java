package dev.cirrus.s3;

import dev.cirrus.s3.internal.CopySession;
import dev.cirrus.s3.internal.DownloadSession;
import dev.cirrus.s3.internal.OptionsTransport;
import dev.cirrus.s3.internal.RangeDownload;
import dev.cirrus.s3.internal.TransferConfig;
import dev.cirrus.s3.internal.UploadSession;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The transfers of an {@link S3Transfers} with per-transfer request options ({@link UploadOptions},
 * {@link DownloadOptions}), and server-side copies ({@link CopyOptions}); from {@link S3Transfers#withOptions()}.
 * Every guarantee of {@link S3Transfers} holds (memory bound, per-request retry, abort on failure, integrity), and
 * the options reach each request as {@link UploadOptions} describes.
 *
 * <p>This class is threadsafe; it shares the client, pool and settings of the instance it came from, and stops
 * working when that is closed.
 */
public final class TransfersWithOptions {
  private final TransferConfig cfg;

  TransfersWithOptions(TransferConfig cfg) {
    this.cfg = cfg;
  }

  /**
   * Starts uploading a file, like {@link S3Transfers#startUpload(String, String, Path)}, with request options.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param file the local file
   * @param options the request options
   * @return the running upload
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if the key is invalid or the file larger than maxObjectSizeBytes
   * @throws java.util.concurrent.RejectedExecutionException if the instance is closed
   */
  public Upload startUpload(String bucket, String key, Path file, UploadOptions options) {
    check(bucket, key, file, options);
    return UploadSession.startFile(OptionsTransport.forUpload(cfg, options), bucket, key, file);
  }

  /**
   * Uploads a file with request options and waits.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param file the local file
   * @param options the request options
   * @return the outcome
   * @throws MultipartUploadFailedException if the upload fails (after aborting it)
   */
  public UploadResult upload(String bucket, String key, Path file, UploadOptions options) {
    return startUpload(bucket, key, file, options).join();
  }

  /**
   * Starts uploading a stream of unknown length, like {@link S3Transfers#startUpload(String, String, InputStream)},
   * with request options.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param in the source, read until it ends (not closed)
   * @param options the request options
   * @return the running upload
   * @throws NullPointerException if an argument is null
   * @throws java.util.concurrent.RejectedExecutionException if the instance is closed
   */
  public Upload startUpload(String bucket, String key, InputStream in, UploadOptions options) {
    check(bucket, key, in, options);
    return UploadSession.startStream(OptionsTransport.forUpload(cfg, options), bucket, key, in);
  }

  /**
   * Uploads a stream of unknown length with request options and waits.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param in the source, read until it ends (not closed)
   * @param options the request options
   * @return the outcome
   * @throws MultipartUploadFailedException if the upload fails (after aborting it)
   */
  public UploadResult upload(String bucket, String key, InputStream in, UploadOptions options) {
    return startUpload(bucket, key, in, options).join();
  }

  /**
   * Starts uploading a channel of unknown length with request options.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param in the source, read until it ends (not closed)
   * @param options the request options
   * @return the running upload
   * @throws NullPointerException if an argument is null
   * @throws java.util.concurrent.RejectedExecutionException if the instance is closed
   */
  public Upload startUpload(String bucket, String key, ReadableByteChannel in, UploadOptions options) {
    check(bucket, key, in, options);
    return UploadSession.startChannel(OptionsTransport.forUpload(cfg, options), bucket, key, in);
  }

  /**
   * Opens a stream the caller writes the object into, with request options; see {@link MultipartOutputStream}.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param options the request options
   * @return the stream to write the object into
   * @throws NullPointerException if an argument is null
   */
  public MultipartOutputStream openOutputStream(String bucket, String key, UploadOptions options) {
    check(bucket, key, options, options);
    return UploadSession.openOutputStream(OptionsTransport.forUpload(cfg, options), bucket, key);
  }

  /**
   * Downloads an object to a file, like {@link S3Transfers#download(String, String, Path)}, with request options
   * on every GET and HEAD.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param file the local file
   * @param options the request options
   * @return the outcome
   * @throws ObjectChangedException if the object was replaced during the download
   * @throws DownloadFailedException if the download fails; no file is left behind
   */
  public DownloadResult download(String bucket, String key, Path file, DownloadOptions options) {
    check(bucket, key, file, options);
    return DownloadSession.toFile(OptionsTransport.forDownload(cfg, options), bucket, key, file);
  }

  /**
   * Starts downloading an object to a file with request options; the returned {@link Download} can be cancelled.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param file the local file
   * @param options the request options
   * @return the running download
   * @throws NullPointerException if an argument is null
   * @throws java.util.concurrent.RejectedExecutionException if the instance is closed
   */
  public Download startDownload(String bucket, String key, Path file, DownloadOptions options) {
    check(bucket, key, file, options);
    return DownloadSession.startToFile(OptionsTransport.forDownload(cfg, options), bucket, key, file);
  }

  /**
   * Downloads an object into a stream, in order, with request options. The stream is not closed.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param out the destination (not closed)
   * @param options the request options
   * @return the outcome
   * @throws ObjectChangedException if the object was replaced during the download
   * @throws DownloadFailedException if the download fails; the stream may hold a prefix of the object
   */
  public DownloadResult download(String bucket, String key, OutputStream out, DownloadOptions options) {
    check(bucket, key, out, options);
    return DownloadSession.toStream(OptionsTransport.forDownload(cfg, options), bucket, key, out);
  }

  /**
   * Writes {@code length} bytes from {@code offset} of an object into {@code out}, like
   * {@link RangeDownloads#download(String, String, long, long, OutputStream)}, with request options on the HEAD
   * and every ranged GET.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param offset the first byte, from 0
   * @param length how many bytes
   * @param out the destination (not closed)
   * @param options the request options
   * @return the outcome
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if offset or length is negative, or {@code offset + length} exceeds the
   *     object size
   * @throws ObjectChangedException if the object was replaced during the download
   * @throws DownloadFailedException if the download fails; {@code out} may hold a prefix of the range
   */
  public RangeDownloadResult download(String bucket, String key, long offset, long length, OutputStream out,
      DownloadOptions options) {
    check(bucket, key, out, options);
    return RangeDownload.toStream(OptionsTransport.forDownload(cfg, options), bucket, key, offset, length, out);
  }

  /**
   * Returns {@code length} bytes from {@code offset} of an object, like
   * {@link RangeDownloads#readBytes(String, String, long, int)}, with request options on every request.
   *
   * @param bucket the bucket name
   * @param key the object key
   * @param offset the first byte, from 0
   * @param length how many bytes, at most 2,147,483,639
   * @param options the request options
   * @return the bytes
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException as {@link RangeDownloads#readBytes(String, String, long, int)} does
   * @throws ObjectChangedException if the object was replaced during the download
   * @throws DownloadFailedException if the download fails
   */
  public byte[] readBytes(String bucket, String key, long offset, int length, DownloadOptions options) {
    check(bucket, key, options, options);
    return RangeDownload.toArray(OptionsTransport.forDownload(cfg, options), bucket, key, offset, length);
  }

  /**
   * Copies an object within S3 and waits: one CopyObject up to {@link CopyOptions#multipartThresholdBytes()}
   * (5 GiB by default), else a multipart upload of parallel UploadPartCopy parts sized by the part-size policy.
   * Every copy request requires the source's ETag as read by a first HEAD (and {@link CopyOptions#sourceIfMatch()}
   * if set), so a source replaced during the copy fails it rather than mixing versions. Each request is retried on
   * its own; on any failure the multipart upload is aborted. Progress goes to the instance's listener after each
   * part (once for a single CopyObject).
   *
   * @param sourceBucket the source bucket
   * @param sourceKey the source key
   * @param bucket the target bucket
   * @param key the target key
   * @param options the copy options
   * @return the outcome
   * @throws NullPointerException if an argument is null
   * @throws IllegalArgumentException if a key is invalid
   * @throws CopyFailedException if the copy fails (after aborting its multipart upload, see
   *     {@link CopyFailedException#aborted()})
   */
  public CopyResult copy(String sourceBucket, String sourceKey, String bucket, String key, CopyOptions options) {
    check(sourceBucket, sourceKey, options, options);
    check(bucket, key, options, options);
    return CopySession.copy(cfg, sourceBucket, sourceKey, bucket, key, options);
  }

  private static void check(String bucket, String key, Object target, Object options) {
    Objects.requireNonNull(bucket, "bucket");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(options, "options");
    S3Keys.validate(key);
  }
}
