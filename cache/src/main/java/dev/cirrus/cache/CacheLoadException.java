package dev.cirrus.cache;

/**
 * Thrown (or used to complete a future exceptionally) when the loader failed to produce a value for
 * an {@code acquire}.
 *
 * <p>{@link #getCause()} is the loader's own exception, the same instance for the caller that started
 * the load and for every caller that waited for it; each caller gets its own {@code
 * CacheLoadException} so that its stack trace shows where that caller was. A failed load is never
 * cached: the next {@code acquire} for the key starts a new load. {@link #waited()} tells whether this
 * caller shared another caller's load rather than running it.
 *
 * <p>Instances are immutable after construction and safe to share between threads.
 */
public class CacheLoadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Whether this caller waited for a load started by another caller. */
  private final boolean waited;

  /**
   * Creates an exception.
   *
   * @param message the detail message; must not contain secrets
   * @param cause the loader's exception, or whatever else stopped the load
   * @param waited whether the caller waited for a load started by another caller
   */
  public CacheLoadException(String message, Throwable cause, boolean waited) {
    super(message, cause);
    this.waited = waited;
  }

  /**
   * Returns whether this caller waited for a load that another caller (or a refresh) started.
   *
   * @return true if the load was shared, false if this caller ran it
   */
  public boolean waited() {
    return waited;
  }
}
