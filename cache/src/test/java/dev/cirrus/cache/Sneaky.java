package dev.cirrus.cache;

/** Throws a checked exception from code that declares none, as Kotlin, Lombok or a rethrowing proxy can. */
final class Sneaky {
  private Sneaky() {}

  static RuntimeException raise(Throwable t) {
    return Sneaky.<RuntimeException>doRaise(t);
  }

  @SuppressWarnings("unchecked")
  private static <T extends Throwable> T doRaise(Throwable t) throws T {
    throw (T) t;
  }
}
