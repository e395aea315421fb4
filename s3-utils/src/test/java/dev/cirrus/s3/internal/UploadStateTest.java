package dev.cirrus.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.s3.internal.UploadState.Phase;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** The transitions of the upload state machine (docs/design/s3-multipart.md, "Upload states"). */
class UploadStateTest {
  @Test
  void cancel_running_stopsAndIsAccepted() {
    UploadState s = new UploadState();

    assertThat(s.cancel()).isTrue();

    assertThat(s.phase()).isEqualTo(Phase.STOPPING);
    assertThat(s.stopped()).isTrue();
    assertThat(s.cancelled()).isTrue();
    assertThatThrownBy(s::throwIfStopped).isInstanceOf(CancellationException.class).hasMessage("upload stopped");
  }

  @Test
  void cancel_afterAFailure_isStillAccepted() {
    UploadState s = new UploadState();
    s.fail(new IOException("disk gone"));

    assertThat(s.cancel()).isTrue();
    assertThat(s.phase()).isEqualTo(Phase.STOPPING);
    assertThat(s.failure()).hasMessage("disk gone");
  }

  @Test
  void cancel_completing_isRefusedAndChangesNothing() {
    UploadState s = new UploadState();
    assertThat(s.beginComplete()).isTrue();

    assertThat(s.cancel()).isFalse();

    assertThat(s.phase()).isEqualTo(Phase.COMPLETING);
    assertThat(s.stopped()).isFalse();
  }

  @Test
  void cancel_done_isRefused() {
    UploadState s = new UploadState();
    s.settle();

    assertThat(s.cancel()).isFalse();
    assertThat(s.cancelled()).isFalse();
  }

  @Test
  void fail_completing_keepsCompletingSoCancelStaysRefused() {
    UploadState s = new UploadState();
    s.beginComplete();

    assertThat(s.fail(new IllegalStateException("parts missing"))).isTrue();

    assertThat(s.phase()).isEqualTo(Phase.COMPLETING);
    assertThat(s.stopped()).isTrue();
    assertThat(s.cancel()).isFalse();
  }

  @Test
  void fail_second_keepsTheFirst() {
    UploadState s = new UploadState();

    assertThat(s.fail(new IOException("first"))).isTrue();
    assertThat(s.fail(new IOException("second"))).isFalse();

    assertThat(s.failure()).hasMessage("first");
  }

  @Test
  void beginComplete_stopped_isRefused() {
    UploadState s = new UploadState();
    s.markCancelled();

    assertThat(s.beginComplete()).isFalse();
    assertThat(s.phase()).isEqualTo(Phase.STOPPING);
  }

  @Test
  void recordCancellation_cancelledWithoutFailure_recordsACancellation() {
    UploadState s = new UploadState();
    s.cancel();

    s.recordCancellation();

    assertThat(s.failure()).isInstanceOf(CancellationException.class).hasMessage("cancelled");
  }

  @Test
  void cancel_registeredThread_isInterruptedAndUninterruptiblyHoldsItBack() {
    UploadState s = new UploadState();
    s.enter();
    try {
      boolean interruptedDuringRequest = s.uninterruptibly(() -> {
        s.cancel(); // the calling thread is not registered while the request runs
        return Thread.currentThread().isInterrupted();
      });

      assertThat(interruptedDuringRequest).isFalse();
      assertThat(s.cancel()).isTrue();
      assertThat(Thread.interrupted()).isTrue();
    } finally {
      s.leave();
      Thread.interrupted();
    }
  }
}
