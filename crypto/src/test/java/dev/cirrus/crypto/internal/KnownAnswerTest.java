package dev.cirrus.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cirrus.crypto.CirrusCrypto;
import dev.cirrus.crypto.DataKey;
import dev.cirrus.crypto.DecryptResult;
import dev.cirrus.crypto.FixedKeyKeyring;
import dev.cirrus.crypto.InvalidCiphertextException;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The AWS Encryption SDK's published message format 2 vectors (see test resources NOTICE). */
class KnownAnswerTest {
  private static final Base64.Decoder B64 = Base64.getMimeDecoder();

  static List<JsonNode> vectors() throws Exception {
    try (InputStream in = KnownAnswerTest.class.getResourceAsStream("/testvectors/esdk-commitment-test-vectors.json")) {
      JsonNode root = new ObjectMapper().readTree(in);
      List<JsonNode> list = new ArrayList<>();
      root.get("tests").forEach(list::add);
      return list;
    }
  }

  static Stream<Arguments> cases() throws Exception {
    return vectors().stream().map(v -> Arguments.of(v.get("comment").asText(), v));
  }

  private static byte[] plaintext(JsonNode v) {
    StringBuilder sb = new StringBuilder();
    v.get("plaintext-frames").forEach(f -> sb.append(f.asText()));
    return sb.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The default (ACCP, on the test class path) and the JDK's providers named explicitly. */
  private static List<CirrusCrypto> cryptos(JsonNode v) {
    CirrusCrypto.Builder b =
        CirrusCrypto.builder().keyring(new FixedKeyKeyring(B64.decode(v.get("decrypted-dek").asText())));
    CirrusCrypto byDefault = b.build();
    CirrusCrypto jdk =
        b.provider(java.security.Security.getProvider("SunJCE"), java.security.Security.getProvider("SunEC")).build();
    assertThat(byDefault.providerName()).isNotEqualTo(jdk.providerName());
    return List.of(byDefault, jdk);
  }

  @Test
  void vectors_fileHasAllPublishedCases() throws Exception {
    List<JsonNode> all = vectors();
    assertThat(all).hasSize(46);
    assertThat(all.stream().filter(v -> !v.get("status").asBoolean())).hasSize(5);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void decrypt_publishedVector_matchesStatusAndPlaintext(String comment, JsonNode v) throws Exception {
    byte[] ct = B64.decode(v.get("ciphertext").asText());
    for (CirrusCrypto crypto : cryptos(v)) {
      check(crypto, v, ct);
    }
  }

  private static void check(CirrusCrypto crypto, JsonNode v, byte[] ct) throws Exception {
    if (v.get("status").asBoolean()) {
      DecryptResult r = crypto.decrypt(ct);
      assertThat(r.plaintext()).isEqualTo(plaintext(v));
      Map<String, String> expected = new TreeMap<>();
      v.get("encryption-context").fields().forEachRemaining(e -> expected.put(e.getKey(), e.getValue().asText()));
      assertThat(r.encryptionContext()).isEqualTo(expected);
      try (InputStream s = crypto.decryptingStream(new ByteArrayInputStream(ct))) {
        assertThat(s.readAllBytes()).isEqualTo(plaintext(v));
      }
    } else {
      assertThatThrownBy(() -> crypto.decrypt(ct))
          .isInstanceOf(InvalidCiphertextException.class)
          .hasMessage("invalid ciphertext");
      assertThatThrownBy(() -> crypto.decryptingStream(new ByteArrayInputStream(ct)).readAllBytes())
          .isInstanceOf(InvalidCiphertextException.class)
          .hasMessage("invalid ciphertext");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void derive_publishedVector_matchesCommitmentAndContentKey(String comment, JsonNode v) throws Exception {
    byte[] ct = B64.decode(v.get("ciphertext").asText());
    MessageHeader h = HeaderCodec.parse(ByteSource.of(ct, 0, ct.length), 1 << 20, 65535);
    assertThat(h.messageId).isEqualTo(B64.decode(v.get("message-id").asText()));
    if (v.has("header")) {
      assertThat(h.toByteArray()).isEqualTo(B64.decode(v.get("header").asText()));
    }
    byte[] dek = B64.decode(v.get("decrypted-dek").asText());
    byte[] contentKey = new byte[32];
    byte[] commitment = new byte[32];
    Jca jca = JcaProviders.jdk();
    Primitives.derive(jca.mac(h.suite.hkdfMacAlgorithm()), h.suite, dek, h.messageId, contentKey, commitment);
    if (v.get("status").asBoolean()) {
      assertThat(commitment).isEqualTo(B64.decode(v.get("commitment").asText()));
      assertThat(h.commitment).isEqualTo(commitment);
      MessageCipher mc = MessageCipher.forDecrypt(h, DataKey.copyOf(dek), jca, jca.newGcm());
      assertThat(mc.contentKeyForTest()).isEqualTo(contentKey);
    } else {
      assertThat(h.commitment).isNotEqualTo(commitment);
    }
    if (v.get("status").asBoolean() && v.has("content-encryption-key")) {
      assertThat(contentKey).isEqualTo(B64.decode(v.get("content-encryption-key").asText()));
    }
  }
}
