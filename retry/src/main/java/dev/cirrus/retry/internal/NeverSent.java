package dev.cirrus.retry.internal;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Objects;
import java.util.Set;

/**
 * Recognises failures that prove a request never left the client: the connection was never established.
 *
 * <p>Only the types say so. A {@code SocketTimeoutException} is left out although the JDK's URL connection
 * reports a connect timeout with it: the same type reports read timeouts, after which the request may have
 * run, and only its message tells them apart. Netty's pool-acquire timeout is left out for the same reason
 * (a plain {@code TimeoutException} with a message). The HTTP clients are not dependencies of this module, so
 * their connect-timeout types are matched by name along the class hierarchy.
 */
public final class NeverSent {
  private static final int MAX_CAUSE_DEPTH = 16;
  private static final Set<String> CONNECT_TIMEOUT_TYPES = Set.of(
      "org.apache.http.conn.ConnectTimeoutException",
      "org.apache.hc.client5.http.ConnectTimeoutException",
      "java.net.http.HttpConnectTimeoutException");

  private NeverSent() {}

  /** Whether the cause chain holds a failure to connect; see {@code ErrorClassifier.cannotHaveExecuted}. */
  public static boolean test(Throwable failure) {
    Objects.requireNonNull(failure, "failure");
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSE_DEPTH; depth++, t = t.getCause()) {
      if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
          || isConnectTimeout(t.getClass())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isConnectTimeout(Class<?> type) {
    for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
      if (CONNECT_TIMEOUT_TYPES.contains(c.getName())) {
        return true;
      }
    }
    return false;
  }
}
