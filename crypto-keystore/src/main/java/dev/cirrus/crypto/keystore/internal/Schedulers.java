package dev.cirrus.crypto.keystore.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The shared daemon scheduler of async retries, started on first use. */
public final class Schedulers {
  private Schedulers() {}

  private static final class Holder {
    static final ScheduledExecutorService SHARED = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cirrus-keystore-retry");
      t.setDaemon(true);
      return t;
    });
  }

  /** The scheduler; never shut down (daemon thread). */
  public static ScheduledExecutorService shared() {
    return Holder.SHARED;
  }
}
