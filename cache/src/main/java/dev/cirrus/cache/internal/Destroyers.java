package dev.cirrus.cache.internal;

import java.util.function.Consumer;
import javax.security.auth.DestroyFailedException;
import javax.security.auth.Destroyable;

/** Default value destroyers. */
public final class Destroyers {

  private static final Consumer<Object> DESTROYABLE =
      value -> {
        if (value instanceof Destroyable) {
          try {
            ((Destroyable) value).destroy();
          } catch (DestroyFailedException e) {
            throw new IllegalStateException(
                value.getClass().getName() + ".destroy() failed: " + e.getMessage(), e);
          }
        }
      };

  private Destroyers() {}

  /** Destroys {@link Destroyable} values and ignores all others. */
  public static Consumer<Object> destroyable() {
    return DESTROYABLE;
  }
}
