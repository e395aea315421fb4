package dev.cirrus.crypto.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cirrus.crypto.InvalidCiphertextException;
import java.util.Map;
import dev.cirrus.testsupport.ThreadAllocations;

/**
 * Coverage-guided fuzzing of the encryption-context codec on arbitrary bytes. Invariants: only {@link
 * InvalidCiphertextException} escapes {@code parse}; a parsed context serializes back to as many bytes as were
 * parsed (the same pairs, in canonical order) and parses back to itself; allocation stays within a fixed amount
 * plus a multiple of the input length (the fixed part covers the exception and its stack trace).
 */
class EncryptionContextCodecFuzzTest {
  static final long FIXED_ALLOCATION = 256 * 1024;
  static final long PER_INPUT_BYTE = 64;

  @FuzzTest
  void parse_arbitraryBytes_opaqueFailureOrCanonicalRoundTrip(byte[] input) {
    ThreadAllocations before = ThreadAllocations.start();
    Map<String, String> context;
    try {
      context = EncryptionContextCodec.parse(input, 0, input.length);
    } catch (InvalidCiphertextException expected) {
      before.assertAtMost(FIXED_ALLOCATION + PER_INPUT_BYTE * input.length, "context parse");
      return;
    }
    before.assertAtMost(FIXED_ALLOCATION + PER_INPUT_BYTE * input.length, "context parse");
    byte[] again = EncryptionContextCodec.serialize(context);
    if (again.length != input.length) {
      throw new AssertionError("context of " + input.length + " bytes serializes to " + again.length);
    }
    if (!EncryptionContextCodec.parse(again, 0, again.length).equals(context)) {
      throw new AssertionError("a serialized context does not parse back to itself");
    }
  }
}
