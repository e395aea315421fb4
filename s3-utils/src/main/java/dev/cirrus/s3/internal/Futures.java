package dev.cirrus.s3.internal;

import java.util.concurrent.CompletionException;

/** The module's one future-unwrap helper. Stateless. */
final class Futures {
  private Futures() {
  }

  /**
   * The failure a stage of a {@code CompletableFuture} really saw.
   *
   * @param t a failure, possibly a {@link CompletionException} wrapping it
   * @return the cause of a {@link CompletionException} that has one, else {@code t}
   */
  static Throwable unwrap(Throwable t) {
    return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
  }
}
