package dev.cirrus.cache.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DataKeyCacheExampleTest {

  @Test
  void encryptMany_smallMessages_oneKmsCallPerThousandMessages() {
    assertThat(DataKeyCacheExample.encryptMany(10_000, 100)).isEqualTo(10);
  }

  @Test
  void encryptMany_largeMessages_bytesLimitRetiresKeysFirst() {
    // 1 MiB per key at 100 KiB per message: 10 messages per key.
    assertThat(DataKeyCacheExample.encryptMany(100, 100 * 1024)).isEqualTo(10);
  }

  @Test
  void encryptMany_messageLargerThanMaxBytes_eachBypassesTheCache() {
    assertThat(DataKeyCacheExample.encryptMany(3, (1 << 20) + 1)).isEqualTo(3);
  }
}
