package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.cirrus.crypto.esdk.EsdkMaterialsCache;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The two data-key caches validate the limits they share in one place: same bad value, same exception. */
class DataKeyCacheLimitsTest {

  @Test
  void maxAge_notPositive_bothCachesRejectWithTheSameMessage() {
    for (Duration bad : List.of(Duration.ZERO, Duration.ofNanos(-1), Duration.ofMinutes(-5))) {
      Throwable manager = catchThrowable(() -> CachingMaterialsManager.builder().maxAge(bad));
      Throwable bridge = catchThrowable(() -> EsdkMaterialsCache.builder().maxAge(bad));
      assertThat(manager)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maxAge must be positive, was " + bad);
      assertThat(bridge).isInstanceOf(IllegalArgumentException.class).hasMessage(manager.getMessage());
    }
  }

  @Test
  void maximumSize_belowOne_bothCachesRejectWithTheSameMessage() {
    for (long bad : new long[] {0, -1, Long.MIN_VALUE}) {
      Throwable manager = catchThrowable(() -> CachingMaterialsManager.builder().maximumSize(bad));
      Throwable bridge = catchThrowable(() -> EsdkMaterialsCache.builder().maximumSize(bad));
      assertThat(manager)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("maximumSize must be at least 1, was " + bad);
      assertThat(bridge).isInstanceOf(IllegalArgumentException.class).hasMessage(manager.getMessage());
    }
  }

  @Test
  void maxAge_null_bothCachesRejectWithTheSameMessage() {
    Throwable manager = catchThrowable(() -> CachingMaterialsManager.builder().maxAge(null));
    Throwable bridge = catchThrowable(() -> EsdkMaterialsCache.builder().maxAge(null));
    assertThat(manager).isInstanceOf(NullPointerException.class).hasMessage("maxAge");
    assertThat(bridge).isInstanceOf(NullPointerException.class).hasMessage(manager.getMessage());
  }

  @Test
  void build_withoutMaxAge_bothCachesRejectWithTheSameMessage() {
    assertThatThrownBy(
            () -> CachingMaterialsManager.builder().keyring(new FixedKeyKeyring(new byte[32])).maximumSize(5).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxAge is required");
    assertThatThrownBy(() -> EsdkMaterialsCache.builder().maximumSize(5).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("maxAge is required");
  }
}
