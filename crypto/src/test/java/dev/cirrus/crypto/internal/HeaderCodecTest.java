package dev.cirrus.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.EncryptedDataKey;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class HeaderCodecTest {
  /** Regression: reading a field after the parse buffer grew used the old buffer. */
  @Test
  void parse_headerLargerThanInitialBuffer_readsFieldsAfterGrowth() throws Exception {
    Map<String, String> ctx = new TreeMap<>();
    for (int i = 0; i < 100; i++) {
      ctx.put("key-" + i, "value-" + i);
    }
    byte[] id = new byte[32];
    id[0] = 7;
    EncryptedDataKey edk = EncryptedDataKey.of("ns", new byte[40], new byte[48]);
    byte[] body =
        HeaderCodec.writeV2Body(
            AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, id, EncryptionContextCodec.serialize(ctx), List.of(edk, edk),
            4096, new byte[32]);
    byte[] header = java.util.Arrays.copyOf(body, body.length + 16);

    MessageHeader h = HeaderCodec.parse(ByteSource.of(header, 0, header.length), 1 << 20, 10);

    assertThat(h.encryptionContext()).isEqualTo(ctx);
    assertThat(h.encryptedDataKeys()).containsExactly(edk, edk);
    assertThat(h.frameLength()).isEqualTo(4096);
    assertThat(h.toByteArray()).isEqualTo(header);
  }

  @Test
  void serialize_sortsByUtf8Bytes() {
    Map<String, String> ctx = Map.of("\uFF5E", "a", "\uD83D\uDE00", "b");
    byte[] s = EncryptionContextCodec.serialize(ctx);
    assertThat(s[4] & 0xFF).isEqualTo(0xEF);
    assertThat(EncryptionContextCodec.parse(s, 0, s.length)).isEqualTo(ctx);
  }
}
