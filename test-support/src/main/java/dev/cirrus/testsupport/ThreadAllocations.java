package dev.cirrus.testsupport;

import java.lang.reflect.Method;

/**
 * Bytes the current thread has allocated on the heap (HotSpot's per-thread counter), for fuzz tests that bound
 * what the code under test allocates. An input during which a class was loaded is not judged: loading (and, while
 * fuzzing, instrumenting) a class allocates megabytes on the loading thread, which is no cost of the input. Read
 * reflectively: the tests are patched into a named module that does not read {@code java.management}.
 */
public final class ThreadAllocations {
  private static final Object THREADS;
  private static final Method ALLOCATED;
  private static final Object CLASSES;
  private static final Method LOADED;

  static {
    try {
      Class<?> factory = Class.forName("java.lang.management.ManagementFactory");
      THREADS = factory.getMethod("getThreadMXBean").invoke(null);
      ALLOCATED = Class.forName("com.sun.management.ThreadMXBean").getMethod("getCurrentThreadAllocatedBytes");
      CLASSES = factory.getMethod("getClassLoadingMXBean").invoke(null);
      LOADED = Class.forName("java.lang.management.ClassLoadingMXBean").getMethod("getTotalLoadedClassCount");
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final long bytes;
  private final long classes;

  private ThreadAllocations(long bytes, long classes) {
    this.bytes = bytes;
    this.classes = classes;
  }

  /** Starts measuring on the current thread. */
  public static ThreadAllocations start() {
    return new ThreadAllocations(read(THREADS, ALLOCATED), read(CLASSES, LOADED));
  }

  /** Bytes allocated on this thread since {@link #start()}, whether or not classes were loaded meanwhile. */
  public long allocated() {
    return read(THREADS, ALLOCATED) - bytes;
  }

  /**
   * Fails if more than {@code bound} bytes were allocated on this thread since {@link #start()}, unless a class
   * was loaded meanwhile.
   *
   * @throws AssertionError naming the amount and the bound
   */
  public void assertAtMost(long bound, String what) {
    long used = read(THREADS, ALLOCATED) - bytes;
    if (used > bound && read(CLASSES, LOADED) == classes) {
      throw new AssertionError(what + " allocated " + used + " bytes, bound " + bound);
    }
  }

  private static long read(Object bean, Method m) {
    try {
      return (long) m.invoke(bean);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + m.getName(), e);
    }
  }
}
