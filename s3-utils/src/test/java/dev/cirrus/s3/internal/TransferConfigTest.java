package dev.cirrus.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.s3.PartChecksum;
import dev.cirrus.s3.PartSizePolicy;
import dev.cirrus.s3.TransferListener;
import org.junit.jupiter.api.Test;

class TransferConfigTest {
  private static TransferConfig config(PartSizePolicy policy, long threshold) {
    return new TransferConfig(null, policy, 4, threshold, PartChecksum.CRC32C, false, true,
        RetryPolicy.builder().build(), null, TransferListener.NONE, System::nanoTime, 8 * 1024 * 1024);
  }

  @Test
  void singleRequestThresholdBytes_unset_followsThePreferredPartSize() {
    PartSizePolicy fiveMiB = PartSizePolicy.builder().preferredPartSizeBytes(5 * 1024 * 1024).build();

    assertThat(config(fiveMiB, -1).singleRequestThresholdBytes()).isEqualTo(5 * 1024 * 1024);
    assertThat(config(PartSizePolicy.defaults(), -1).singleRequestThresholdBytes()).isEqualTo(8 * 1024 * 1024);
  }

  @Test
  void singleRequestThresholdBytes_set_isKept() {
    PartSizePolicy fiveMiB = PartSizePolicy.builder().preferredPartSizeBytes(5 * 1024 * 1024).build();

    assertThat(config(fiveMiB, 1024).singleRequestThresholdBytes()).isEqualTo(1024);
    assertThat(config(fiveMiB, 0).singleRequestThresholdBytes()).isZero();
  }
}
