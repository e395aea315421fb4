package dev.cirrus.crypto;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Map;
import dev.cirrus.testsupport.ThreadAllocations;

/**
 * Coverage-guided fuzzing of decryption (byte[] API and {@link DecryptingInputStream}) with a raw AES keyring.
 * Each input is a candidate message. Invariants, per input:
 *
 * <ul>
 *   <li>only the documented failures escape: {@link InvalidCiphertextException} (opaque) and, from the keyring,
 *       {@link NoDecryptableKeyException}; from a stream also the {@code maxBufferedBytes} limit; anything else
 *       (an index or arithmetic error, an OutOfMemoryError) is a finding;
 *   <li>a decrypt that succeeds returns exactly the plaintext and context of one of the seed messages ({@link
 *       DecryptSeeds}): without the wrapping key nothing else can be a valid message; a stream that fails has
 *       released at most a prefix of a seed plaintext (verified frames), and nothing at all for a signed message
 *       read with {@link PlaintextRelease#SIGNATURE_VERIFIED};
 *   <li>allocation on this thread stays within {@link #FIXED_ALLOCATION} plus {@link #PER_INPUT_BYTE} per input
 *       byte, so a header or frame announcing 2^31 bytes must fail before allocating them.
 * </ul>
 *
 * <p>Hangs are caught by the per-input timeout of the {@code fuzz} script. The commitment policy allows the
 * legacy suites, so their parsing is reached too.
 */
class DecryptFuzzTest {
  /** Allocation allowed whatever the input: header and cipher set-up, context maps, a stream buffer. */
  static final long FIXED_ALLOCATION = 4L * 1024 * 1024;
  /** Allocation allowed per input byte: plaintext copies, per-frame cipher objects for one-byte frames. */
  static final long PER_INPUT_BYTE = 512;

  private static final CirrusCrypto CRYPTO = CirrusCrypto.builder()
      .keyring(DecryptSeeds.keyring())
      .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
      .build();

  static {
    // First use loads providers and classes, which allocate far more than any input: not the input's cost.
    for (byte[] ct : DecryptSeeds.committed()) {
      CRYPTO.decrypt(ct);
      try (InputStream in = CRYPTO.decryptingStream(new ByteArrayInputStream(ct))) {
        in.readAllBytes();
      } catch (IOException e) {
        throw new ExceptionInInitializerError(e);
      }
    }
  }

  @FuzzTest
  void decrypt_arbitraryBytes_opaqueFailureOrSeedPlaintext(byte[] input) {
    ThreadAllocations before = ThreadAllocations.start();
    DecryptResult r;
    try {
      r = CRYPTO.decrypt(input);
    } catch (InvalidCiphertextException | NoDecryptableKeyException expected) {
      before.assertAtMost(bound(input), "failed decrypt");
      return;
    }
    before.assertAtMost(bound(input), "decrypt");
    assertSeedPlaintext(r.plaintext(), r.plaintext().length, r.encryptionContext());
  }

  @FuzzTest
  void decryptingStream_arbitraryBytes_opaqueFailureOrSeedPlaintext(byte[] input) throws IOException {
    readStream(input, PlaintextRelease.FRAME_VERIFIED);
    readStream(input, PlaintextRelease.SIGNATURE_VERIFIED);
  }

  private static void readStream(byte[] input, PlaintextRelease release) throws IOException {
    ThreadAllocations before = ThreadAllocations.start();
    byte[] out = new byte[input.length];
    int n = 0;
    DecryptingInputStream in = CRYPTO.decryptingStream(new ByteArrayInputStream(input), Map.of(), release);
    try (in) {
      for (int r; (r = in.read(out, n, Math.min(1000, out.length - n))) > 0; ) {
        n += r;
      }
      if (n == out.length && in.read() != -1) {
        throw new AssertionError("a stream released more plaintext than its message had ciphertext bytes");
      }
    } catch (CryptoException e) {
      if (!(e instanceof InvalidCiphertextException || e instanceof NoDecryptableKeyException || isBufferLimit(e))) {
        throw e;
      }
      before.assertAtMost(bound(input), "failed stream decrypt");
      if (!DecryptSeeds.isPrefixOfASeedPlaintext(out, n)) {
        throw new AssertionError("a failed stream released " + n + " bytes that are no seed plaintext's prefix");
      }
      if (n > 0 && release == PlaintextRelease.SIGNATURE_VERIFIED && signed(input)) {
        throw new AssertionError("a signed message released " + n + " bytes before its signature verified");
      }
      return;
    }
    before.assertAtMost(bound(input), "stream decrypt");
    assertSeedPlaintext(out, n, in.encryptionContext());
  }

  /**
   * The stream's memory limit: a frame or non-framed body announced larger than {@code maxBufferedBytes} (64 MiB)
   * fails with a plain {@link CryptoException} naming the limit, before anything is read or allocated for it
   * (PlaintextRelease documents it for withheld plaintext). The announced length is not authenticated yet, so the
   * exception tells the sender nothing it did not write.
   */
  private static boolean isBufferLimit(CryptoException e) {
    return e.getClass() == CryptoException.class && e.getMessage().contains("exceeds maxBufferedBytes");
  }

  /** Whether the input's header names a signed suite (version 1: bytes 2-3, version 2: bytes 1-2). */
  private static boolean signed(byte[] input) {
    int at = input.length > 0 && input[0] == 1 ? 2 : 1;
    if (input.length < at + 2) {
      return false;
    }
    AlgorithmSuite s = AlgorithmSuite.fromIdOrNull(((input[at] & 0xFF) << 8) | (input[at + 1] & 0xFF));
    return s != null && s.isSigned();
  }

  private static long bound(byte[] input) {
    return FIXED_ALLOCATION + PER_INPUT_BYTE * input.length;
  }

  private static void assertSeedPlaintext(byte[] pt, int len, Map<String, String> context) {
    DecryptSeeds.Case c = DecryptSeeds.caseOf(Arrays.copyOf(pt, len));
    if (c == null) {
      throw new AssertionError("decrypt returned " + len + " bytes of plaintext that no seed message holds");
    }
    if (!DecryptSeeds.callerContext(context).equals(c.context())) {
      throw new AssertionError("decrypt of seed " + c.name() + " returned context " + context);
    }
  }
}
