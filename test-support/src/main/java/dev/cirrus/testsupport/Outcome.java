package dev.cirrus.testsupport;

/** What the {@link FaultProxy} did with one request; counted per operation. */
public enum Outcome {
  /** Passed to the upstream server and its answer relayed unchanged (possibly after added latency). */
  FORWARDED,
  /** Answered by an injected error response (throttle or server error) without reaching the server. */
  ERROR_INJECTED,
  /** Answered with a throttling error by the rate-limit mode's token bucket. */
  RATE_LIMITED,
  /** The connection was reset after the request was read; the server never saw it. */
  CONNECTION_RESET,
  /** Forwarded, but the response was cut short and the connection closed. */
  TRUNCATED,
  /** Handled by a custom {@link Fault.Interceptor}. */
  INTERCEPTED
}
