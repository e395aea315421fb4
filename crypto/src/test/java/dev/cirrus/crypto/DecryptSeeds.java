package dev.cirrus.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * The seed messages of {@link DecryptFuzzTest}: every suite, framed with several frame lengths (a whole-array
 * encrypt and streams of known and unknown length, written by Cirrus) and non-framed (written by the AWS
 * Encryption SDK, since Cirrus writes only framed bodies). Plaintexts are fixed by each case's name, so the fuzz
 * test knows every plaintext a seed may legitimately decrypt to without reading the corpus; the messages
 * themselves differ on each generation (random message ids and data keys).
 */
final class DecryptSeeds {
  static final String NAMESPACE = "cirrus-fuzz";
  static final String NAME = "fuzz-wrapping-key";
  static final byte[] WRAPPING_KEY = new byte[32];

  static {
    new Random(20).nextBytes(WRAPPING_KEY);
  }

  /** How a seed message is written. */
  enum Writer { CIRRUS_ARRAY, CIRRUS_STREAM_KNOWN_LENGTH, CIRRUS_STREAM_UNKNOWN_LENGTH, ESDK }

  /** One seed: a suite, a frame length (0: non-framed), a writer, a plaintext size and a context. */
  record Case(String name, int suiteId, int frameLength, Writer writer, int size, Map<String, String> context) {}

  static final List<Case> CASES = List.of(
      new Case("commit-frame4096", 0x0478, 4096, Writer.CIRRUS_ARRAY, 100, Map.of("purpose", "fuzz")),
      new Case("commit-frame1", 0x0478, 1, Writer.CIRRUS_ARRAY, 5, Map.of()),
      new Case("commit-empty", 0x0478, 4096, Writer.CIRRUS_ARRAY, 0, Map.of()),
      new Case("commit-stream-unknown", 0x0478, 64, Writer.CIRRUS_STREAM_UNKNOWN_LENGTH, 200, Map.of("a", "b")),
      new Case("commit-stream-known", 0x0478, 50, Writer.CIRRUS_STREAM_KNOWN_LENGTH, 100, Map.of()),
      new Case("commit-signed-frame128", 0x0578, 128, Writer.CIRRUS_ARRAY, 300, Map.of("k", "v\u00e9")),
      new Case("commit-signed-stream", 0x0578, 32, Writer.CIRRUS_STREAM_UNKNOWN_LENGTH, 70, Map.of()),
      new Case("commit-nonframed", 0x0478, 0, Writer.ESDK, 50, Map.of("x", "y")),
      new Case("commit-signed-nonframed", 0x0578, 0, Writer.ESDK, 40, Map.of()),
      new Case("v1-frame16", 0x0178, 16, Writer.ESDK, 60, Map.of("c", "d")),
      new Case("v1-nonframed", 0x0178, 0, Writer.ESDK, 20, Map.of()),
      new Case("v1-signed-frame100", 0x0378, 100, Writer.ESDK, 150, Map.of()),
      new Case("v1-signed-nonframed", 0x0378, 0, Writer.ESDK, 10, Map.of("e", "f")));

  private static final Map<ByteBuffer, Case> BY_DIGEST = new HashMap<>();

  static {
    for (Case c : CASES) {
      if (BY_DIGEST.put(digest(plaintext(c)), c) != null) {
        throw new ExceptionInInitializerError("two seed cases share a plaintext: " + c.name());
      }
    }
  }

  private DecryptSeeds() {}

  static RawAesKeyring keyring() {
    return RawAesKeyring.builder().keyNamespace(NAMESPACE).keyName(NAME).wrappingKey(WRAPPING_KEY).build();
  }

  /** The plaintext of {@code c}: fixed by its name. */
  static byte[] plaintext(Case c) {
    byte[] b = new byte[c.size()];
    new Random(c.name().hashCode()).nextBytes(b);
    return b;
  }

  /** The seed case whose plaintext this is, or null. */
  static Case caseOf(byte[] plaintext) {
    return BY_DIGEST.get(digest(plaintext));
  }

  /** Whether {@code released} is a prefix of some seed plaintext (what a stream may release before failing). */
  static boolean isPrefixOfASeedPlaintext(byte[] released, int len) {
    for (Case c : CASES) {
      byte[] p = plaintext(c);
      if (len <= p.length && java.util.Arrays.equals(released, 0, len, p, 0, len)) {
        return true;
      }
    }
    return false;
  }

  /** The context a decrypt reports, without the format's own {@code aws-crypto-} entries. */
  static Map<String, String> callerContext(Map<String, String> reported) {
    Map<String, String> m = new TreeMap<>(reported);
    m.keySet().removeIf(k -> k.startsWith("aws-crypto-"));
    return m;
  }

  static byte[] encrypt(Case c) {
    byte[] pt = plaintext(c);
    if (c.writer() == Writer.ESDK) {
      AwsCrypto esdk = Esdk.client(c.suiteId(), c.frameLength());
      return esdk.encryptData(Esdk.rawAes(NAMESPACE, NAME, WRAPPING_KEY), pt, c.context()).getResult();
    }
    CirrusCrypto crypto = CirrusCrypto.builder()
        .keyring(keyring())
        .algorithmSuite(AlgorithmSuite.fromId(c.suiteId()))
        .frameLengthBytes(c.frameLength())
        .build();
    if (c.writer() == Writer.CIRRUS_ARRAY) {
      return crypto.encrypt(pt, c.context()).ciphertext();
    }
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    long length = c.writer() == Writer.CIRRUS_STREAM_KNOWN_LENGTH ? pt.length : -1;
    try (OutputStream out = crypto.encryptingStream(sink, c.context(), length)) {
      out.write(pt);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink.toByteArray();
  }

  /** The committed seed messages of the byte[] fuzz test, one per case. */
  static List<byte[]> committed() {
    List<byte[]> out = new ArrayList<>();
    for (Case c : CASES) {
      String name = "DecryptFuzzTestInputs/decrypt_arbitraryBytes_opaqueFailureOrSeedPlaintext/seed-" + c.name();
      try (InputStream in = DecryptSeeds.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("seed message missing: " + name);
        }
        out.add(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  /** Writes one message per case into {@code dir}, named {@code seed-<case>}. */
  static void write(Path dir) throws IOException {
    Files.createDirectories(dir);
    for (Case c : CASES) {
      Files.write(dir.resolve("seed-" + c.name()), encrypt(c));
    }
  }

  private static ByteBuffer digest(byte[] b) {
    try {
      return ByteBuffer.wrap(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
