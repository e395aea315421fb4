package dev.cirrus.crypto.internal;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cirrus.crypto.InvalidCiphertextException;
import java.io.IOException;
import java.util.Arrays;
import dev.cirrus.testsupport.ThreadAllocations;

/**
 * Coverage-guided fuzzing of the header codec on arbitrary bytes, read both in place (array source) and through a
 * stream source that hands out at most 7 bytes per read. Invariants: only {@link InvalidCiphertextException}
 * escapes; both readers agree; a parsed header re-serializes to exactly the bytes it was read from; allocation
 * stays within a fixed amount plus a multiple of the input length (an announced length is checked before the
 * bytes are read, so a field announcing 65535 bytes in a short input allocates nothing for it). The fixed part
 * covers the opaque exceptions themselves: their stack traces, under the fuzzer, cost tens of KiB.
 */
class HeaderCodecFuzzTest {
  static final int MAX_HEADER_BYTES = 1 << 20;
  static final int MAX_EDKS = 0xFFFF;
  static final long FIXED_ALLOCATION = 256 * 1024;
  static final long PER_INPUT_BYTE = 16;

  @FuzzTest
  void parse_arbitraryBytes_opaqueFailureOrExactRoundTrip(byte[] input) throws IOException {
    ThreadAllocations before = ThreadAllocations.start();
    ByteSource.ArraySource array = ByteSource.of(input, 0, input.length);
    MessageHeader inPlace = parseOrNull(array);
    MessageHeader streamed = parseOrNull(trickle(input));
    before.assertAtMost(FIXED_ALLOCATION + PER_INPUT_BYTE * input.length, "header parse");
    if ((inPlace == null) != (streamed == null)) {
      throw new AssertionError("array parse " + (inPlace == null ? "failed" : "succeeded") + ", stream parse not");
    }
    if (inPlace == null) {
      return;
    }
    byte[] consumed = Arrays.copyOf(input, array.position());
    if (!Arrays.equals(inPlace.toByteArray(), consumed) || !Arrays.equals(streamed.toByteArray(), consumed)) {
      throw new AssertionError("a parsed header does not re-serialize to the " + consumed.length + " bytes read");
    }
    if (inPlace.serializedLength() != consumed.length) {
      throw new AssertionError("serializedLength " + inPlace.serializedLength() + " for " + consumed.length + " bytes");
    }
  }

  private static MessageHeader parseOrNull(ByteSource src) throws IOException {
    try {
      return HeaderCodec.parse(src, MAX_HEADER_BYTES, MAX_EDKS);
    } catch (InvalidCiphertextException expected) {
      return null;
    }
  }

  /** A source over {@code b} that returns at most 7 bytes per read, as a slow stream would. */
  private static ByteSource trickle(byte[] b) {
    int[] pos = {0};
    return (dst, off, len) -> {
      if (pos[0] >= b.length) {
        return len == 0 ? 0 : -1;
      }
      int n = Math.min(Math.min(len, 7), b.length - pos[0]);
      System.arraycopy(b, pos[0], dst, off, n);
      pos[0] += n;
      return n;
    };
  }
}
