package dev.cirrus.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.crypto.InvalidCiphertextException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncryptionContextCodecTest {
  @Test
  void parse_asciiAndNonAscii_roundTrip() {
    Map<String, String> context = Map.of("plain", "ascii value", "caf\u00e9", "\u4e2d\u6587", "emoji", "\ud83d\ude00");
    byte[] b = EncryptionContextCodec.serialize(context);

    assertThat(EncryptionContextCodec.parse(b, 0, b.length)).isEqualTo(context);
  }

  @Test
  void parse_malformedUtf8Value_invalidCiphertext() {
    byte[] b = EncryptionContextCodec.serialize(Map.of("k", "vv"));
    b[b.length - 2] = (byte) 0xC3;
    b[b.length - 1] = (byte) 0x28;

    assertThatThrownBy(() -> EncryptionContextCodec.parse(b, 0, b.length))
        .isInstanceOf(InvalidCiphertextException.class)
        .hasMessage("invalid ciphertext");
  }

  @Test
  void parse_loneHighByteInKey_invalidCiphertext() {
    byte[] b = EncryptionContextCodec.serialize(Map.of("kk", "v"));
    b[5] = (byte) 0xFF;

    assertThatThrownBy(() -> EncryptionContextCodec.parse(b, 0, b.length))
        .isInstanceOf(InvalidCiphertextException.class)
        .hasMessage("invalid ciphertext");
  }

  @Test
  void isAscii_highBitAnywhere_false() {
    assertThat(EncryptionContextCodec.isAscii(new byte[] {'a', 'b', 0x7F}, 0, 3)).isTrue();
    assertThat(EncryptionContextCodec.isAscii(new byte[] {'a', (byte) 0x80, 'b'}, 0, 3)).isFalse();
    assertThat(EncryptionContextCodec.isAscii(new byte[] {(byte) 0x80, 'a'}, 1, 1)).isTrue();
  }
}
