package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DataKeyTest {
  static byte[] key(int fill) {
    byte[] b = new byte[32];
    java.util.Arrays.fill(b, (byte) fill);
    return b;
  }

  @Test
  void toString_neverContainsKeyBytes() {
    DataKey k = DataKey.copyOf(key(0x41));
    assertThat(k.toString()).doesNotContain("AAAA").doesNotContain("65").startsWith("dev.cirrus.crypto.DataKey@");
    assertThat(k.hashCode()).isEqualTo(32);
  }

  @Test
  void equals_sameBytes_equalDifferentBytes_notEqual() {
    assertThat(DataKey.copyOf(key(1))).isEqualTo(DataKey.copyOf(key(1)));
    byte[] other = key(1);
    other[31] = 2;
    assertThat(DataKey.copyOf(key(1))).isNotEqualTo(DataKey.copyOf(other));
  }

  @Test
  void destroy_zeroesAndBlocksAccess() {
    byte[] raw = key(7);
    DataKey k = DataKey.wrap(raw);
    k.destroy();
    assertThat(k.isDestroyed()).isTrue();
    assertThat(raw).containsOnly((byte) 0);
    assertThatThrownBy(k::toByteArray).isInstanceOf(IllegalStateException.class).hasMessage("data key has been destroyed");
    k.destroy();
    assertThat(k.lengthBytes()).isEqualTo(32);
  }

  @Test
  void copyOf_copiesSoCallerMayZeroItsArray() {
    byte[] raw = key(3);
    DataKey k = DataKey.copyOf(raw);
    java.util.Arrays.fill(raw, (byte) 0);
    assertThat(k.toByteArray()).containsOnly((byte) 3);
  }

  @Test
  void copyOf_badLength_rejected() {
    assertThatThrownBy(() -> DataKey.copyOf(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key length must be 16, 24 or 32 bytes, was 31");
  }
}
