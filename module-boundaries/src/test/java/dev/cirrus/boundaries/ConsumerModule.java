package dev.cirrus.boundaries;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleFinder;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A consumer module written to a folder, compiled with javac against a module path, and run in a module layer
 * of its own (parent: the boot layer, so nothing from this test's class path is visible to it).
 */
final class ConsumerModule {
  private final String name;
  private final Path sources;
  private final Path classes;

  /** The result of javac: whether it compiled, and everything javac printed. */
  record Compilation(boolean succeeded, String diagnostics) {}

  private ConsumerModule(String name, Path sources, Path classes) {
    this.name = name;
    this.sources = sources;
    this.classes = classes;
  }

  /** Writes {@code files} (path relative to the module's source root, to content) under {@code dir}. */
  static ConsumerModule write(Path dir, String name, Map<String, String> files) {
    Path sources = dir.resolve("src").resolve(name);
    try {
      for (Map.Entry<String, String> f : files.entrySet()) {
        Path file = sources.resolve(f.getKey());
        Files.createDirectories(file.getParent());
        Files.writeString(file, f.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the sources of " + name, e);
    }
    return new ConsumerModule(name, sources, dir.resolve("classes").resolve(name));
  }

  /**
   * Compiles every source file with javac (release 17, all lint) against {@code modulePath}. The class path is an
   * empty folder: in-process javac would otherwise take this test's class path, which holds the libraries too.
   */
  Compilation compile(List<Path> modulePath) {
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    Path emptyClassPath = classes.resolveSibling(name + ".empty-class-path");
    try {
      Files.createDirectories(emptyClassPath);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + emptyClassPath, e);
    }
    List<String> args = new ArrayList<>(List.of("--release", "17", "-Xlint:all", "-proc:none",
        "--class-path", emptyClassPath.toString(), "--module-path", join(modulePath), "-d", classes.toString()));
    try (Stream<Path> files = Files.walk(sources)) {
      files.filter(p -> p.toString().endsWith(".java")).forEach(p -> args.add(p.toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + sources, e);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = javac.run(null, out, out, args.toArray(String[]::new));
    return new Compilation(status == 0, out.toString(StandardCharsets.UTF_8));
  }

  /** Resolves this (compiled) module against {@code modulePath} into a new layer. */
  ModuleLayer layer(List<Path> modulePath) {
    List<Path> entries = new ArrayList<>(modulePath);
    entries.add(0, classes);
    ModuleFinder finder = ModuleFinder.of(entries.toArray(Path[]::new));
    Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), Set.of(name));
    return ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
  }

  /** Calls the public static no-argument method {@code className.method} of this module inside {@code layer}. */
  Object call(ModuleLayer layer, String className, String method) throws Exception {
    Class<?> c = layer.findLoader(name).loadClass(className);
    try {
      return c.getMethod(method).invoke(null);
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
    }
  }

  private static String join(List<Path> paths) {
    return paths.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
  }
}
