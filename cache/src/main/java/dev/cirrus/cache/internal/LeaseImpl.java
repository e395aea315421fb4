package dev.cirrus.cache.internal;

import dev.cirrus.cache.Lease;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A lease on one entry; the CAS on {@code closed} makes close idempotent so a lease releases once. */
final class LeaseImpl<V> implements Lease<V> {

  private static final VarHandle CLOSED;

  static {
    try {
      CLOSED = MethodHandles.lookup().findVarHandle(LeaseImpl.class, "closed", int.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final Entry<?, V> entry;
  /** The budget cell the reservation counted this lease on; the close uncounts it there. */
  private final int cell;

  @SuppressWarnings("unused") // accessed through CLOSED
  private volatile int closed;

  LeaseImpl(Entry<?, V> entry, int cell) {
    this.entry = entry;
    this.cell = cell;
  }

  @Override
  public V value() {
    if ((int) CLOSED.getVolatile(this) != 0) {
      throw new IllegalStateException("lease is closed; acquire a new lease to use the value again");
    }
    return entry.value;
  }

  @Override
  public void close() {
    if (CLOSED.compareAndSet(this, 0, 1)) {
      entry.release(cell);
    }
  }

  @Override
  public String toString() {
    return (int) CLOSED.getVolatile(this) != 0 ? "Lease{closed}" : "Lease{open}";
  }
}
