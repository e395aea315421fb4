package dev.cirrus.crypto;

/**
 * When a decrypting stream hands out plaintext of a <em>signed</em> message (suites {@code 0x0578} and
 * {@code 0x0378}). Unsigned messages are always released frame by frame, each frame after its own
 * AES-GCM tag verified.
 *
 * <p>This enum is immutable and thread-safe.
 */
public enum PlaintextRelease {
  /**
   * Default, as the AWS Encryption SDK specification recommends: each regular frame is released after
   * its GCM tag verified, before the signature at the end of the message is checked; the final frame is
   * released only after the signature verified. A reader that acts on early frames MUST be ready to
   * discard that work if the stream later throws: a holder of the data key (not only the signer) could
   * have produced those frames.
   */
  FRAME_VERIFIED,
  /**
   * Nothing is released until the signature verified: the whole plaintext is buffered in memory, up to
   * the decryptor's {@code maxBufferedBytes} (beyond it the stream fails with {@link CryptoException}).
   */
  SIGNATURE_VERIFIED
}
