package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Bad set-ups fail fast with a message that says what to do, never a hang. (Discovery: {@link MotoPythonTest}.) */
@ExtendWith(RequiresMoto.class)
class MotoServerIntegrationTest {

  @Test
  void start_portAlreadyInUse_failsWithPortAndServerLog() throws Exception {
    String python = MotoServer.findPython();
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();

      assertThatThrownBy(() -> MotoServer.start(python, port))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("port " + port + " is already in use")
          .hasMessageContaining("Address already in use");
    }
  }

  @Test
  void ensureAlive_serverKilledMidRun_failsWithExitCodeAndLogTail() throws Exception {
    try (MotoServer server = MotoServer.start()) {
      server.ensureAlive();
      ProcessHandle handle = ProcessHandle.of(server.pid()).orElseThrow();
      handle.destroyForcibly();
      handle.onExit().get(30, TimeUnit.SECONDS);

      assertThat(server.isAlive()).isFalse();
      assertThatThrownBy(server::ensureAlive)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("has exited with code")
          .hasMessageContaining("its log")
          .hasMessageContaining("Running on http://127.0.0.1:" + server.endpoint().getPort());
    }
  }
}
