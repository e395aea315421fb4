package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.crypto.internal.ByteSource;
import dev.cirrus.crypto.internal.HeaderCodec;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import dev.cirrus.testsupport.ThreadAllocations;

/**
 * Regression (found by DecryptFuzzTest, decryptingStream): a non-framed body announcing 32 MiB in a message of a
 * few hundred bytes made the decrypting stream allocate the announced 32 MiB before reading any of it. The length
 * is not authenticated until the body's tag, so the buffer must grow with the bytes received.
 */
class NonFramedStreamAllocationTest {
  private static final CirrusCrypto CRYPTO = CirrusCrypto.builder().keyring(DecryptSeeds.keyring()).build();

  @Test
  void decryptingStream_nonFramedBodyAnnouncing32MiBButTruncated_failsWithoutAllocatingIt() throws Exception {
    byte[] message = truncatedNonFramed(32 * 1024 * 1024);
    read(message); // loads every class the path needs, so the measured read below allocates only for the input

    ThreadAllocations before = ThreadAllocations.start();
    read(message);

    assertThat(before.allocated()).as("bytes allocated reading a truncated non-framed stream").isLessThan(4 << 20);
  }

  @Test
  void decryptingStream_nonFramedSeed_stillDecrypts() throws Exception {
    DecryptSeeds.Case c = nonFramedCase();
    byte[] ct = DecryptSeeds.committed().get(DecryptSeeds.CASES.indexOf(c));
    try (InputStream in = CRYPTO.decryptingStream(new ByteArrayInputStream(ct))) {
      assertThat(in.readAllBytes()).isEqualTo(DecryptSeeds.plaintext(c));
    }
  }

  private static void read(byte[] message) {
    assertThatThrownBy(() -> {
      try (InputStream in = CRYPTO.decryptingStream(new ByteArrayInputStream(message))) {
        in.readAllBytes();
      }
    }).isInstanceOf(InvalidCiphertextException.class);
  }

  /** The committed non-framed seed's header and IV, a body length of {@code announced}, then 100 bytes. */
  private static byte[] truncatedNonFramed(long announced) throws Exception {
    byte[] ct = DecryptSeeds.committed().get(DecryptSeeds.CASES.indexOf(nonFramedCase()));
    ByteSource.ArraySource src = ByteSource.of(ct, 0, ct.length);
    HeaderCodec.parse(src, 1 << 20, 10);
    int lengthAt = src.position() + 12;
    byte[] m = Arrays.copyOf(ct, lengthAt + 8 + 100);
    ByteBuffer.wrap(m, lengthAt, 8).putLong(announced);
    return m;
  }

  private static DecryptSeeds.Case nonFramedCase() {
    return DecryptSeeds.CASES.stream().filter(c -> c.name().equals("commit-nonframed")).findFirst().orElseThrow();
  }
}
