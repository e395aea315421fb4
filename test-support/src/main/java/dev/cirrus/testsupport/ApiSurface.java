package dev.cirrus.testsupport;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ResolvedModule;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Checks a module's public API surface: which packages it exports, and that no type from an {@code
 * .internal} package is reachable from a public signature (supertypes, fields, constructors, methods,
 * their generic arguments and exceptions).
 *
 * <p>Reads compiled classes from a module's {@code target/classes}: the folder of the named module that holds
 * the package when tests run on the module path, else the class path's folders. Thread-safe: it keeps no state.
 */
public final class ApiSurface {

  private ApiSurface() {}

  /** Every package under {@code root} (inclusive) that holds at least one main class. */
  public static Set<String> packages(String root) {
    Set<String> out = new TreeSet<>();
    for (Path dir : roots(root, false)) {
      try (Stream<Path> files = Files.walk(dir)) {
        files.filter(p -> p.toString().endsWith(".class")).forEach(p -> {
          Path rel = dir.relativize(p.getParent());
          String sub = rel.toString().replace('/', '.');
          out.add(sub.isEmpty() ? root : root + "." + sub);
        });
      } catch (IOException e) {
        throw new IllegalStateException("cannot list " + dir, e);
      }
    }
    return out;
  }

  /**
   * The exported API under {@code root}: on the module path, the packages that the named module holding {@code
   * root} exports to every module (its {@code module-info}); on the class path, where every package is
   * readable, the packages whose name has no {@code internal} segment.
   */
  public static Set<String> exportedPackages(String root) {
    Set<String> out = new TreeSet<>();
    Optional<ResolvedModule> module = moduleOf(root);
    if (module.isPresent()) {
      for (ModuleDescriptor.Exports e : module.get().reference().descriptor().exports()) {
        if (!e.isQualified() && ("." + e.source() + ".").startsWith("." + root + ".")) {
          out.add(e.source());
        }
      }
      return out;
    }
    for (String p : packages(root)) {
      if (!isInternal(p)) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Every place where a public signature of an exported package under {@code root} mentions an internal type,
   * as {@code "Owner#member -> internal.Type"}; empty when the surface is clean.
   */
  public static List<String> internalLeaks(String root) {
    return internalLeaks(root, false);
  }

  /** {@link #internalLeaks(String)}, optionally reading test-classes folders too (for the checker's own tests). */
  static List<String> internalLeaks(String root, boolean includeTestClasses) {
    List<String> leaks = new ArrayList<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    for (Path dir : roots(root, includeTestClasses)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
          String rel = dir.relativize(p).toString();
          String name = root + "." + rel.substring(0, rel.length() - ".class".length()).replace('/', '.');
          if (isInternal(name.substring(0, name.lastIndexOf('.'))) || name.endsWith("package-info")) {
            continue;
          }
          Class<?> c = Class.forName(name, false, loader);
          if (isVisible(c)) {
            check(c, leaks);
          }
        }
      } catch (IOException | ClassNotFoundException e) {
        throw new IllegalStateException("cannot read classes under " + dir, e);
      }
    }
    Collections.sort(leaks);
    return leaks;
  }

  private static boolean isVisible(Class<?> c) {
    for (Class<?> k = c; k != null; k = k.getDeclaringClass()) {
      if (!Modifier.isPublic(k.getModifiers()) && !Modifier.isProtected(k.getModifiers())) {
        return false;
      }
    }
    return !c.isSynthetic() && !c.isAnonymousClass() && !c.isLocalClass();
  }

  private static void check(Class<?> c, List<String> leaks) {
    String owner = c.getName();
    scan(owner + " extends", c.getGenericSuperclass(), leaks);
    for (Type t : c.getGenericInterfaces()) {
      scan(owner + " implements", t, leaks);
    }
    for (Field f : c.getDeclaredFields()) {
      if (visible(f)) {
        scan(owner + "#" + f.getName(), f.getGenericType(), leaks);
      }
    }
    for (Constructor<?> k : c.getDeclaredConstructors()) {
      if (visible(k)) {
        checkExecutable(owner + "#<init>", k, leaks);
      }
    }
    for (Method m : c.getDeclaredMethods()) {
      if (visible(m) && !m.isSynthetic() && !m.isBridge()) {
        scan(owner + "#" + m.getName() + " returns", m.getGenericReturnType(), leaks);
        checkExecutable(owner + "#" + m.getName(), m, leaks);
      }
    }
  }

  private static boolean visible(Member m) {
    return Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers());
  }

  private static void checkExecutable(String where, Executable e, List<String> leaks) {
    for (Type t : e.getGenericParameterTypes()) {
      scan(where + " parameter", t, leaks);
    }
    for (Type t : e.getGenericExceptionTypes()) {
      scan(where + " throws", t, leaks);
    }
  }

  private static void scan(String where, Type t, List<String> leaks) {
    if (t == null) {
      return;
    }
    if (t instanceof Class<?>) {
      Class<?> c = (Class<?>) t;
      while (c.isArray()) {
        c = c.getComponentType();
      }
      if (c.getPackage() != null && isInternal(c.getPackage().getName()) && c.getName().startsWith("dev.cirrus.")) {
        leaks.add(where + " -> " + c.getName());
      }
    } else if (t instanceof ParameterizedType) {
      ParameterizedType p = (ParameterizedType) t;
      scan(where, p.getRawType(), leaks);
      for (Type a : p.getActualTypeArguments()) {
        scan(where, a, leaks);
      }
    } else if (t instanceof GenericArrayType) {
      scan(where, ((GenericArrayType) t).getGenericComponentType(), leaks);
    } else if (t instanceof WildcardType) {
      for (Type b : ((WildcardType) t).getUpperBounds()) {
        scan(where, b, leaks);
      }
      for (Type b : ((WildcardType) t).getLowerBounds()) {
        scan(where, b, leaks);
      }
    } else if (t instanceof TypeVariable<?>) {
      for (Type b : ((TypeVariable<?>) t).getBounds()) {
        if (b instanceof Class<?>) {
          scan(where, b, leaks);
        }
      }
    }
  }

  private static boolean isInternal(String packageName) {
    return ("." + packageName + ".").contains(".internal.");
  }

  /**
   * The named module in the boot layer whose packages include {@code root}: present when tests run on the module
   * path (the test classes are patched into it).
   */
  private static Optional<ResolvedModule> moduleOf(String root) {
    return ModuleLayer.boot().configuration().modules().stream()
        .filter(m -> m.reference().descriptor().packages().contains(root))
        .findFirst();
  }

  /**
   * Folders (not jars) that hold the package {@code root}: the named module's own location (its main classes,
   * never the patched-in test classes) when there is one, else the class path's folders.
   */
  private static List<Path> roots(String root, boolean includeTestClasses) {
    Optional<Path> moduleDir = moduleOf(root)
        .flatMap(m -> m.reference().location())
        .filter(uri -> "file".equals(uri.getScheme()))
        .map(uri -> Paths.get(uri).resolve(root.replace('.', '/')))
        .filter(Files::isDirectory);
    if (moduleDir.isPresent() && !includeTestClasses) {
      return List.of(moduleDir.get());
    }
    List<Path> dirs = new ArrayList<>();
    try {
      Enumeration<URL> urls = Thread.currentThread().getContextClassLoader().getResources(root.replace('.', '/'));
      while (urls.hasMoreElements()) {
        URL u = urls.nextElement();
        if (u.getProtocol().equals("file")) {
          Path p = Paths.get(u.toURI());
          // main classes only: test-classes folders hold tests, not API
          if (includeTestClasses || !p.toString().contains("test-classes")) {
            dirs.add(p);
          }
        }
      }
    } catch (IOException | URISyntaxException e) {
      throw new IllegalStateException("cannot find " + root + " on the class path", e);
    }
    return dirs;
  }
}
