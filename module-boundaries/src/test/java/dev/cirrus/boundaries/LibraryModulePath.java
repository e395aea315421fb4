package dev.cirrus.boundaries;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReader;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The built library modules and the jars they need at run time, as Maven resolved them for this build (the
 * file named by the system property {@value #PROPERTY}, written by this module's pom). Test libraries are not
 * in it, so it is the module path a modular application of the five libraries would have.
 */
final class LibraryModulePath {
  static final String PROPERTY = "cirrus.libraryModulePath";

  private LibraryModulePath() {}

  /** Every entry: each library module's classes (or jar) and its runtime dependencies. */
  static List<Path> all() {
    String file = System.getProperty(PROPERTY);
    if (file == null) {
      throw new IllegalStateException(PROPERTY + " is not set: run these tests through Maven");
    }
    try {
      return Arrays.stream(Files.readString(Path.of(file)).strip().split(File.pathSeparator)).map(Path::of).toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** The entries that hold the named modules, and nothing else. */
  static List<Path> only(Set<String> moduleNames) {
    List<Path> out = new ArrayList<>();
    Set<String> missing = new HashSet<>(moduleNames);
    for (Path entry : all()) {
      for (ModuleReference ref : ModuleFinder.of(entry).findAll()) {
        if (missing.remove(ref.descriptor().name())) {
          out.add(entry);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalStateException("modules " + missing + " are not on " + all());
    }
    return out;
  }

  /** The module descriptor of the named library module, as built. */
  static ModuleDescriptor descriptor(String moduleName) {
    return reference(moduleName).descriptor();
  }

  /** The binary name of one top-level class of package {@code pkg} in the named module. */
  static String aClassIn(String moduleName, String pkg) {
    String prefix = pkg.replace('.', '/') + "/";
    try (ModuleReader reader = reference(moduleName).open(); Stream<String> names = reader.list()) {
      return names
          .filter(n -> n.startsWith(prefix) && n.indexOf('/', prefix.length()) < 0)
          .filter(n -> n.endsWith(".class") && !n.contains("$") && !n.endsWith("package-info.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
          .sorted()
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no class in " + pkg + " of " + moduleName));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read module " + moduleName, e);
    }
  }

  private static ModuleReference reference(String moduleName) {
    return ModuleFinder.of(all().toArray(Path[]::new))
        .find(moduleName)
        .orElseThrow(() -> new IllegalStateException("module " + moduleName + " is not on " + all()));
  }
}
