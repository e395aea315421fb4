package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The discovery order of {@link MotoPython}, with fake interpreters (shell scripts) in a temp folder. */
class MotoPythonTest {

  @TempDir Path dir;

  private static Path fakePython(Path path, boolean hasMoto) throws IOException {
    Files.createDirectories(path.getParent());
    Files.writeString(path, "#!/bin/sh\nexit " + (hasMoto ? 0 : 1) + "\n");
    assertThat(path.toFile().setExecutable(true)).isTrue();
    return path;
  }

  private Path repoWithScript(String body) throws IOException {
    Path repo = dir.resolve("repo");
    Path script = repo.resolve(MotoPython.SETUP_SCRIPT);
    Files.createDirectories(script.getParent());
    Files.writeString(script, "#!/bin/sh\n" + body);
    assertThat(script.toFile().setExecutable(true)).isTrue();
    Files.createDirectories(repo.resolve("cache"));
    return repo;
  }

  private MotoPython finder(Map<String, String> env, Path workDir) {
    return new MotoPython(env, dir.resolve("home"), workDir);
  }

  @Test
  void search_configuredPythonLacksMoto_failsNamingItAndThePinnedInstall() throws IOException {
    Path onPath = fakePython(dir.resolve("bin/python3"), true);
    Map<String, String> env = Map.of(MotoPython.PYTHON_ENV, "/bin/false", "PATH", onPath.getParent().toString());

    assertThatThrownBy(() -> finder(env, dir).search())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("CIRRUS_MOTO_PYTHON=/bin/false cannot `import moto.server, flask, flask_cors`")
        .hasMessageContaining("/bin/false -m pip install \"moto[server]==5.2.1\"");
  }

  @Test
  void search_configuredPythonHasMoto_winsOverEveryOther() throws IOException {
    Path configured = fakePython(dir.resolve("chosen/python3"), true);
    Path onPath = fakePython(dir.resolve("bin/python3"), true);
    Map<String, String> env = Map.of(MotoPython.PYTHON_ENV, " " + configured + " ", "PATH", onPath.getParent().toString());

    assertThat(finder(env, dir).search()).isEqualTo(configured.toString());
  }

  @Test
  void candidates_venvThenPathThenPyenvNewestFirst_inThatOrder() throws IOException {
    Path repo = repoWithScript("exit 1\n");
    Path venv = fakePython(repo.resolve(".venv-moto/bin/python3"), true);
    Path first = fakePython(dir.resolve("a/python3"), true);
    Path second = fakePython(dir.resolve("b/python3"), true);
    Path pyenv = dir.resolve("pyenv");
    Path v39 = fakePython(pyenv.resolve("versions/3.9.18/bin/python3"), true);
    Path v311 = fakePython(pyenv.resolve("versions/3.11.7/bin/python3"), true);
    Path v310 = fakePython(pyenv.resolve("versions/3.10.13/bin/python3"), true);
    String path = first.getParent() + File.pathSeparator + dir.resolve("missing") + File.pathSeparator + second.getParent()
        + File.pathSeparator + first.getParent();
    Map<String, String> env = Map.of("PATH", path, "PYENV_ROOT", pyenv.toString());

    assertThat(finder(env, repo.resolve("cache")).candidates())
        .containsExactly(venv.toString(), first.toString(), second.toString(), v311.toString(), v310.toString(),
            v39.toString());
  }

  @Test
  void candidates_pyenvRootUnset_looksUnderHome() throws IOException {
    Path v312 = fakePython(dir.resolve("home/.pyenv/versions/3.12.1/bin/python3"), true);

    assertThat(finder(Map.of(), dir).candidates()).containsExactly(v312.toString());
  }

  @Test
  void search_venvInRepositoryParent_isFoundFromAModuleFolder() throws IOException {
    Path repo = repoWithScript("exit 1\n");
    Path venv = fakePython(repo.resolve(".venv-moto/bin/python3"), true);
    Path onPath = fakePython(dir.resolve("bin/python3"), true);

    assertThat(finder(Map.of("PATH", onPath.getParent().toString()), repo.resolve("cache")).search())
        .isEqualTo(venv.toString());
  }

  @Test
  void search_pythonWithoutMotoOnPath_isSkippedForTheNextOne() throws IOException {
    Path without = fakePython(dir.resolve("a/python3"), false);
    Path with = fakePython(dir.resolve("b/python3"), true);
    String path = without.getParent() + File.pathSeparator + with.getParent();

    assertThat(finder(Map.of("PATH", path), dir).search()).isEqualTo(with.toString());
  }

  @Test
  void search_nothingAndNoSetUpScript_failsInOneLineSayingWhatToDo() throws IOException {
    Path without = fakePython(dir.resolve("bin/python3"), false);

    assertThatThrownBy(() -> finder(Map.of("PATH", without.getParent().toString()), dir).search())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("No Python with moto's server was found (tried [" + without + "])")
        .hasMessageContaining("Run tools/setup-moto")
        .hasMessageContaining("moto[server]==5.2.1")
        .hasMessageContaining(MotoServer.ENDPOINT_ENV)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void search_nothingFound_runsSetUpScriptInTheRepositoryAndUsesItsVenv() throws IOException {
    Path repo = repoWithScript("mkdir -p .venv-moto/bin\nprintf '#!/bin/sh\\nexit 0\\n' > .venv-moto/bin/python3\n"
        + "chmod +x .venv-moto/bin/python3\necho done\n");

    String found = finder(Map.of("PATH", dir.resolve("empty").toString()), repo.resolve("cache")).search();

    assertThat(found).isEqualTo(repo.resolve(".venv-moto/bin/python3").toString());
  }

  @Test
  void search_setUpScriptFails_failsInOneLineWithTheScriptsLastLine() throws IOException {
    Path repo = repoWithScript("echo 'Collecting moto'\necho 'setup-moto: cannot install moto[server]==5.2.1 from PyPI' >&2\nexit 3\n");

    assertThatThrownBy(() -> finder(Map.of("PATH", dir.resolve("empty").toString()), repo).search())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("No Python with moto's server was found (tried [])")
        .hasMessageContaining("could not make one: setup-moto: cannot install moto[server]==5.2.1 from PyPI")
        .hasMessageContaining("exit code 3")
        .hasMessageContaining(MotoPython.PYTHON_ENV)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
  }

  @Test
  void search_setUpOff_doesNotRunTheScript() throws IOException {
    Path repo = repoWithScript("touch ran\nexit 0\n");
    Map<String, String> env = Map.of("PATH", dir.resolve("empty").toString(), MotoPython.SETUP_ENV, "off");

    assertThatThrownBy(() -> finder(env, repo).search())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CIRRUS_MOTO_SETUP=off, so " + repo.resolve(MotoPython.SETUP_SCRIPT) + " was not run");
    assertThat(repo.resolve("ran")).doesNotExist();
  }

  @Test
  void repositoryRoot_noScriptOrVenvAbove_isNull() {
    assertThat(finder(Map.of(), dir).repositoryRoot()).isNull();
  }
}
