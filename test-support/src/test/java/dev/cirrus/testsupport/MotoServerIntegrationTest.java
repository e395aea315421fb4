package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad set-ups fail fast with a message that says what to do, never a hang. */
class MotoServerIntegrationTest {

  @Test
  void findPython_configuredPythonLacksMoto_tellsHowToInstall(@TempDir Path home) {
    Map<String, String> env = Map.of(MotoServer.PYTHON_ENV, "/bin/false");

    assertThatThrownBy(() -> MotoServer.findPython(env, home))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CIRRUS_MOTO_PYTHON=/bin/false")
        .hasMessageContaining("pip install \"moto[server]\"");
  }

  @Test
  void findPython_noPythonAnywhere_tellsHowToInstall(@TempDir Path empty) {
    Map<String, String> env = Map.of("PATH", empty.toString());

    assertThatThrownBy(() -> MotoServer.findPython(env, empty))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("No Python with moto's server was found")
        .hasMessageContaining("pip install \"moto[server]\"")
        .hasMessageContaining(MotoServer.ENDPOINT_ENV);
  }

  @Test
  void findPython_pythonWithoutMotoOnPath_isSkipped(@TempDir Path dir) throws Exception {
    Path fake = dir.resolve("python3");
    Files.writeString(fake, "#!/bin/sh\nexit 1\n");
    fake.toFile().setExecutable(true);

    assertThatThrownBy(() -> MotoServer.findPython(Map.of("PATH", dir.toString()), dir))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("tried [" + fake + "]");
  }

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
