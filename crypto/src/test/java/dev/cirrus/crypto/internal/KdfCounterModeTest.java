package dev.cirrus.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class KdfCounterModeTest {
  static List<JsonNode> mplVectors() {
    List<JsonNode> list = new ArrayList<>();
    HierarchyVectors.ROOT.get("kdf").forEach(list::add);
    return list;
  }

  private static Mac hmac() throws Exception {
    return Mac.getInstance("HmacSHA256");
  }

  @ParameterizedTest
  @MethodSource("mplVectors")
  void derive_mplKdfCtrVectors_matchPublishedOutput(JsonNode v) throws Exception {
    byte[] okm = KdfCounterMode.derive(
        hmac(), HierarchyVectors.hex(v, "ikm"), v.get("label").asText().getBytes(StandardCharsets.UTF_8),
        HierarchyVectors.hex(v, "context"), v.get("lengthBytes").asInt());

    assertThat(okm).as(v.get("name").asText()).isEqualTo(HierarchyVectors.hex(v, "okm"));
  }

  /** A second, deliberately plain reading of SP 800-108 counter mode: one buffer per block. */
  private static byte[] reference(byte[] key, byte[] label, byte[] context, int length) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 1; out.size() < length; i++) {
      ByteArrayOutputStream x = new ByteArrayOutputStream();
      x.write(new byte[] {(byte) (i >>> 24), (byte) (i >>> 16), (byte) (i >>> 8), (byte) i});
      x.write(label);
      x.write(0);
      x.write(context);
      long bits = length * 8L;
      x.write(new byte[] {(byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits});
      Mac m = hmac();
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      out.write(m.doFinal(x.toByteArray()));
    }
    byte[] all = out.toByteArray();
    return java.util.Arrays.copyOf(all, length);
  }

  @Test
  void derive_seededInputsOfManyLengths_matchesReferenceImplementation() throws Exception {
    Random r = new Random(20261206L);
    Mac mac = hmac();
    for (int length : new int[] {1, 16, 31, 32, 33, 64, 65, 100}) {
      for (int n = 0; n < 20; n++) {
        byte[] key = new byte[32];
        byte[] label = new byte[r.nextInt(40)];
        byte[] context = new byte[r.nextInt(40)];
        r.nextBytes(key);
        r.nextBytes(label);
        r.nextBytes(context);

        assertThat(KdfCounterMode.derive(mac, key, label, context, length))
            .as("length %d case %d", length, n)
            .isEqualTo(reference(key, label, context, length));
      }
    }
  }

  @Test
  void derive_zeroLength_throwsNamingRange() {
    assertThatThrownBy(() -> KdfCounterMode.derive(hmac(), new byte[32], new byte[0], new byte[0], 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("length must be between 1 and 268435455 bytes, was 0");
  }

  @Test
  void derive_emptyKey_throws() {
    assertThatThrownBy(() -> KdfCounterMode.derive(hmac(), new byte[0], new byte[0], new byte[0], 32))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key must not be empty");
  }
}
