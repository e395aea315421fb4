package dev.cirrus.crypto;

import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EncryptDecryptPropertyTest {
  static final Map<String, String> CTX = Map.of("p", "q");

  @Test
  void encryptThenDecrypt_anySizeAndFrameLength_returnsPlaintextByArrayAndStream() {
    qt().withFixedSeed(20261126L)
        .withExamples(150)
        .forAll(integers().between(0, 3000), integers().between(1, 700), integers().between(1, 500))
        .checkAssert((size, frame, chunk) -> {
          byte[] pt = new byte[size];
          new Random(size * 31L + frame).nextBytes(pt);
          CirrusCrypto crypto =
              CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).frameLengthBytes(frame).build();
          byte[] ct = crypto.encrypt(pt, CTX).ciphertext();
          byte[] viaArray = crypto.decrypt(ct).plaintext();
          byte[] viaStream = readStream(crypto, ct);
          byte[] streamed = writeStream(crypto, pt, chunk);
          if (!Arrays.equals(viaArray, pt) || !Arrays.equals(viaStream, pt)
              || !Arrays.equals(crypto.decrypt(streamed).plaintext(), pt) || streamed.length != ct.length) {
            throw new AssertionError("round trip failed for size " + size + " frame " + frame + " chunk " + chunk);
          }
        });
  }

  static byte[] readStream(CirrusCrypto crypto, byte[] ct) {
    try {
      return crypto.decryptingStream(new ByteArrayInputStream(ct)).readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] writeStream(CirrusCrypto crypto, byte[] pt, int chunk) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = crypto.encryptingStream(sink, CTX)) {
      for (int i = 0; i < pt.length; i += chunk) {
        out.write(pt, i, Math.min(chunk, pt.length - i));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink.toByteArray();
  }
}
