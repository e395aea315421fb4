package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.crypto.internal.ByteSource;
import dev.cirrus.crypto.internal.EncryptionContextCodec;
import dev.cirrus.crypto.internal.HeaderCodec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The committed seed corpus of {@link DecryptFuzzTest} holds valid messages: every case, in both inputs
 * directories, decrypting (array and stream) to the case's plaintext. {@code -Dcirrus.fuzz.seeds=<test
 * resources root>} regenerates the corpus instead.
 */
class DecryptSeedsTest {
  static final String INPUTS = "DecryptFuzzTestInputs/";
  static final List<String> METHODS = List.of(
      "decrypt_arbitraryBytes_opaqueFailureOrSeedPlaintext",
      "decryptingStream_arbitraryBytes_opaqueFailureOrSeedPlaintext");

  private static final CirrusCrypto CRYPTO = CirrusCrypto.builder()
      .keyring(DecryptSeeds.keyring())
      .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
      .build();

  @Test
  void seedCorpus_everyCaseInEveryInputsDirectory_decryptsToItsPlaintext() throws Exception {
    for (String method : METHODS) {
      Path dir = inputs(method);
      for (DecryptSeeds.Case c : DecryptSeeds.CASES) {
        byte[] ct = Files.readAllBytes(dir.resolve("seed-" + c.name()));
        byte[] pt = DecryptSeeds.plaintext(c);

        assertThat(CRYPTO.decrypt(ct).plaintext()).as(c.name()).isEqualTo(pt);
        try (InputStream in = CRYPTO.decryptingStream(new ByteArrayInputStream(ct))) {
          assertThat(in.readAllBytes()).as(c.name()).isEqualTo(pt);
        }
        assertThat(DecryptSeeds.caseOf(pt)).isEqualTo(c);
      }
    }
  }

  @Test
  void seedCorpus_coversSuitesFramingAndWriters() {
    assertThat(DecryptSeeds.CASES).extracting(DecryptSeeds.Case::suiteId).contains(0x0178, 0x0378, 0x0478, 0x0578);
    assertThat(DecryptSeeds.CASES).extracting(DecryptSeeds.Case::frameLength).contains(0, 1, 16, 4096);
    assertThat(DecryptSeeds.CASES).extracting(DecryptSeeds.Case::writer).contains(DecryptSeeds.Writer.values());
  }

  @Test
  @EnabledIfSystemProperty(named = "cirrus.fuzz.seeds", matches = ".+")
  void writeSeeds_propertySet_regeneratesTheCorpus() throws IOException {
    Path root = Path.of(System.getProperty("cirrus.fuzz.seeds")).resolve("dev/cirrus/crypto");
    for (String method : METHODS) {
      Path dir = root.resolve(INPUTS + method);
      try (Stream<Path> old = Files.exists(dir) ? Files.list(dir) : Stream.empty()) {
        for (Path p : (Iterable<Path>) old.filter(p -> p.getFileName().toString().startsWith("seed-"))::iterator) {
          Files.delete(p);
        }
      }
      DecryptSeeds.write(dir);
    }
    writeCodecSeeds(root.resolve("internal"));
  }

  /** Seeds of the codec fuzz tests: each case's header (cut from its message) and serialized context. */
  private static void writeCodecSeeds(Path internal) throws IOException {
    Path headers = internal.resolve("HeaderCodecFuzzTestInputs/parse_arbitraryBytes_opaqueFailureOrExactRoundTrip");
    Path contexts =
        internal.resolve("EncryptionContextCodecFuzzTestInputs/parse_arbitraryBytes_opaqueFailureOrCanonicalRoundTrip");
    Files.createDirectories(headers);
    Files.createDirectories(contexts);
    Map<String, String> large = new TreeMap<>();
    for (int i = 0; i < 20; i++) {
      large.put("key-" + i, "value-\u00e9\u4e2d-" + i);
    }
    Files.write(contexts.resolve("seed-large"), EncryptionContextCodec.serialize(large));
    for (DecryptSeeds.Case c : DecryptSeeds.CASES) {
      byte[] ct = DecryptSeeds.encrypt(c);
      ByteSource.ArraySource src = ByteSource.of(ct, 0, ct.length);
      HeaderCodec.parse(src, 1 << 20, 10);
      Files.write(headers.resolve("seed-" + c.name()), Arrays.copyOf(ct, src.position()));
      Files.write(contexts.resolve("seed-" + c.name()), EncryptionContextCodec.serialize(c.context()));
    }
  }

  private static Path inputs(String method) throws URISyntaxException {
    return Path.of(DecryptSeedsTest.class.getResource(INPUTS + method + "/seed-commit-empty").toURI()).getParent();
  }
}
