package dev.cirrus.crypto;

import dev.cirrus.crypto.internal.DecryptHandshake;
import dev.cirrus.crypto.internal.MessageHeader;
import dev.cirrus.crypto.internal.StreamDecryptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Objects;

/**
 * Plaintext of one message read from an underlying stream of ciphertext, with memory bounded by one
 * frame. Created by {@link CirrusCrypto#decryptingStream}. The header is read, authenticated and its
 * data key decrypted on the first {@code read} (or the first accessor call).
 *
 * <p>Plaintext release: a frame's bytes are returned only after its AES-GCM tag verified; see {@link
 * PlaintextRelease} for signed messages. {@code read} throws {@link InvalidCiphertextException} for any
 * malformed, truncated or extended message, and a {@link DataKeyDecryptionException} on the first read
 * if no encrypted data key decrypts; once it threw, every later call throws.
 *
 * <p>Not thread-safe.
 */
public final class DecryptingInputStream extends InputStream {
  private final CirrusCrypto crypto;
  private final InputStream in;
  private final Map<String, String> requiredContext;
  private final PlaintextRelease release;
  private StreamDecryptor body;
  private DecryptResult info;
  /** The first failure of {@link #start()}: a failed header MUST NOT be re-parsed from mid-stream. */
  private RuntimeException startFailure;
  private IOException startIoFailure;

  DecryptingInputStream(
      CirrusCrypto crypto, InputStream in, Map<String, String> requiredContext, PlaintextRelease release) {
    this.crypto = crypto;
    this.in = Objects.requireNonNull(in, "in");
    this.requiredContext = requiredContext;
    this.release = release;
  }

  private void start() throws IOException {
    if (body != null) {
      return;
    }
    if (startFailure instanceof InvalidCiphertextException) {
      throw new InvalidCiphertextException(startFailure);
    }
    if (startFailure != null) {
      throw new IOException("decryption already failed", startFailure);
    }
    if (startIoFailure != null) {
      throw new IOException("decryption already failed", startIoFailure);
    }
    try {
      DecryptHandshake.StreamStart started =
          crypto.handshake().startStream(in, requiredContext, release == PlaintextRelease.SIGNATURE_VERIFIED);
      MessageHeader h = started.header();
      info = new DecryptResult(null, h.suite(), h.encryptionContext(), started.keyId());
      body = started.body();
    } catch (RuntimeException e) {
      startFailure = e;
      throw e;
    } catch (IOException e) {
      startIoFailure = e;
      throw e;
    }
  }

  private DecryptResult info() {
    try {
      start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return info;
  }

  /**
   * The authenticated encryption context of the message; reads the header if needed.
   *
   * @return the authenticated encryption context of the message
   */
  public Map<String, String> encryptionContext() {
    return info().encryptionContext();
  }

  /**
   * The wrapping key that decrypted the data key; reads the header if needed.
   *
   * @return the wrapping key that decrypted the data key
   */
  public String keyId() {
    return info().keyId();
  }

  /**
   * The suite of the message; reads the header if needed.
   *
   * @return the suite of the message
   */
  public AlgorithmSuite suite() {
    return info().suite();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    start();
    return body.read(b, off, len);
  }

  /** Zeroes any buffered plaintext and closes the underlying stream. */
  @Override
  public void close() throws IOException {
    if (body != null) {
      body.close();
    }
    in.close();
  }
}
