package dev.cirrus.testsupport;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP response that the {@link FaultProxy} sends back to the client: from the upstream server, or made
 * up by a {@link Fault}.
 *
 * <p>Immutable; the body array is shared, not copied, so callers MUST NOT modify it.
 */
public final class ProxyResponse {
  private final int status;
  private final String reason;
  private final List<Map.Entry<String, String>> headers;
  private final byte[] body;

  /**
   * A response; {@code Content-Length} and {@code Transfer-Encoding} headers are ignored and recomputed.
   *
   * @throws IllegalArgumentException if status is not between 100 and 599
   */
  public ProxyResponse(int status, String reason, List<Map.Entry<String, String>> headers, byte[] body) {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599, was " + status);
    }
    this.status = status;
    this.reason = Objects.requireNonNull(reason, "reason");
    List<Map.Entry<String, String>> kept = new ArrayList<>();
    for (Map.Entry<String, String> h : headers) {
      if (!h.getKey().equalsIgnoreCase("Content-Length") && !h.getKey().equalsIgnoreCase("Transfer-Encoding")
          && !h.getKey().equalsIgnoreCase("Connection")) {
        kept.add(Map.entry(h.getKey(), h.getValue()));
      }
    }
    this.headers = List.copyOf(kept);
    this.body = Objects.requireNonNull(body, "body");
  }

  /** The HTTP status code. */
  public int status() {
    return status;
  }

  /** The reason phrase. */
  public String reason() {
    return reason;
  }

  /** Headers other than the framing ones. */
  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** The first value of a header, matched case-insensitively and trimmed, or null. */
  public String header(String name) {
    return HttpWire.value(headers, name);
  }

  /** The body (empty for HEAD responses and bodiless statuses). */
  public byte[] body() {
    return body;
  }

  /** The body decoded as UTF-8. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** A copy with another body. */
  public ProxyResponse withBody(byte[] newBody) {
    return new ProxyResponse(status, reason, headers, newBody);
  }
}
