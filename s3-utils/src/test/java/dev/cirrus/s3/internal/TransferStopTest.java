package dev.cirrus.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** The stop signal uploads and downloads share. */
class TransferStopTest {
  @Test
  void cancelIf_refused_changesNothing() {
    TransferStop s = new TransferStop("download");

    assertThat(s.cancelIf(() -> false)).isFalse();

    assertThat(s.stopped()).isFalse();
    assertThat(s.cancelled()).isFalse();
  }

  @Test
  void cancelIf_accepted_stopsAndInterruptsTheRegisteredThread() {
    TransferStop s = new TransferStop("download");
    assertThat(s.enter()).isTrue();
    try {
      assertThat(s.cancelIf(() -> true)).isTrue();

      assertThat(Thread.currentThread().isInterrupted()).isTrue();
      assertThat(s.cancelled()).isTrue();
      assertThatThrownBy(s::throwIfStopped).isInstanceOf(CancellationException.class)
          .hasMessage("download stopped");
    } finally {
      s.leave();
    }
    assertThat(Thread.currentThread().isInterrupted()).isFalse();
  }

  @Test
  void stop_afterAFailure_stopsWithoutCancelling() {
    TransferStop s = new TransferStop("upload");

    s.stop();

    assertThat(s.stopped()).isTrue();
    assertThat(s.cancelled()).isFalse();
    assertThat(s.enter()).isFalse();
    s.leave();
    assertThatThrownBy(s::throwIfStopped).hasMessage("upload stopped");
  }

  @Test
  void cancelIf_threadThatLeft_isNotInterrupted() {
    TransferStop s = new TransferStop("upload");
    s.enter();
    s.exit();

    s.cancelIf(() -> true);

    assertThat(Thread.interrupted()).isFalse();
  }
}
