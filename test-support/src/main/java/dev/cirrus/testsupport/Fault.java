package dev.cirrus.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * What the {@link FaultProxy} does to a request instead of (or besides) forwarding it. The error responses
 * are byte-for-byte the shapes each AWS service sends, so the real SDK client parses them into its real
 * exception types (e.g. {@code ProvisionedThroughputExceededException}).
 *
 * <p>Immutable and thread-safe.
 */
public abstract class Fault {

  /** How a fault is carried out; see the static factories. */
  enum Kind { RESPONSE, LATENCY, RESET, TRUNCATE, INTERCEPT }

  private final String name;

  private Fault(String name) {
    this.name = name;
  }

  abstract Kind kind();

  /** The error response for the request; only for {@link Kind#RESPONSE}. */
  ProxyResponse response(ProxyRequest request) {
    throw new UnsupportedOperationException(name);
  }

  Duration latency() {
    return Duration.ZERO;
  }

  Interceptor interceptor() {
    throw new UnsupportedOperationException(name);
  }

  @Override
  public String toString() {
    return name;
  }

  /** Decides a response with access to the upstream server; for faults that rewrite requests or responses. */
  @FunctionalInterface
  public interface Interceptor {
    /**
     * Returns the response to send for this request.
     *
     * @param request the request as received
     * @param upstream forwards a (possibly rewritten) request to the real server
     */
    ProxyResponse intercept(ProxyRequest request, Upstream upstream) throws IOException;
  }

  /** The real server behind the proxy. */
  @FunctionalInterface
  public interface Upstream {
    /** Sends the request to the server and returns its whole response. */
    ProxyResponse forward(ProxyRequest request) throws IOException;
  }

  /**
   * The throttling error of whichever service the request is for: KMS {@code ThrottlingException}, DynamoDB
   * {@code ProvisionedThroughputExceededException}, S3 {@code 503 SlowDown}.
   */
  public static Fault throttle() {
    return response("throttle", r -> {
      switch (r.service()) {
        case "KMS":
          return kmsThrottlingResponse();
        case "DynamoDB":
          return dynamoProvisionedThroughputResponse();
        default:
          return s3Error(r, 503, "Slow Down", "SlowDown", "Please reduce your request rate.");
      }
    });
  }

  /** The internal-server-error response of whichever service the request is for (HTTP 500). */
  public static Fault serverError() {
    return response("serverError", r -> {
      switch (r.service()) {
        case "KMS":
          return json(500, "Internal Server Error", "application/x-amz-json-1.1", "KMSInternalException",
              "KMSInternalException", "The request was rejected because an internal exception occurred.");
        case "DynamoDB":
          return json(500, "Internal Server Error", "application/x-amz-json-1.0", "InternalServerError",
              "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error");
        default:
          return s3Error(r, 500, "Internal Server Error", "InternalError",
              "We encountered an internal error. Please try again.");
      }
    });
  }

  /** KMS {@code ThrottlingException}: HTTP 400, JSON 1.1. */
  public static Fault kmsThrottling() {
    return response("kmsThrottling", r -> kmsThrottlingResponse());
  }

  /** DynamoDB {@code ProvisionedThroughputExceededException}: HTTP 400, JSON 1.0, with {@code x-amzn-ErrorType}. */
  public static Fault dynamoDbProvisionedThroughputExceeded() {
    return response("dynamoDbProvisionedThroughputExceeded", r -> dynamoProvisionedThroughputResponse());
  }

  /** DynamoDB {@code ThrottlingException} (control-plane and on-demand throttles): HTTP 400, JSON 1.0. */
  public static Fault dynamoDbThrottling() {
    return response("dynamoDbThrottling", r -> json(400, "Bad Request", "application/x-amz-json-1.0",
        "ThrottlingException", "com.amazon.coral.availability#ThrottlingException",
        "Rate of requests exceeds the allowed throughput."));
  }

  /** S3 {@code 503 SlowDown} (XML; no body for HEAD). */
  public static Fault s3SlowDown() {
    return response("s3SlowDown", r -> s3Error(r, 503, "Slow Down", "SlowDown", "Please reduce your request rate."));
  }

  /** S3 {@code 500 InternalError} (XML; no body for HEAD). */
  public static Fault s3InternalError() {
    return response("s3InternalError", r -> s3Error(r, 500, "Internal Server Error", "InternalError",
        "We encountered an internal error. Please try again."));
  }

  /** Any fixed response. */
  public static Fault error(int status, String reason, List<Map.Entry<String, String>> headers, String body) {
    ProxyResponse fixed = new ProxyResponse(status, reason, headers, body.getBytes(StandardCharsets.UTF_8));
    return response("error" + status, r -> fixed);
  }

  /**
   * Waits, then forwards the request normally.
   *
   * @throws IllegalArgumentException if delay is negative
   */
  public static Fault latency(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must be >= 0, was " + delay);
    }
    return new Fault("latency(" + delay + ")") {
      @Override
      Kind kind() {
        return Kind.LATENCY;
      }

      @Override
      Duration latency() {
        return delay;
      }
    };
  }

  /** Reads the request, then resets the connection (TCP RST) without forwarding it. */
  public static Fault connectionReset() {
    return new Fault("connectionReset") {
      @Override
      Kind kind() {
        return Kind.RESET;
      }
    };
  }

  /**
   * Forwards the request (so the server does act on it), then sends the response's headers and only half
   * its body before closing the connection.
   */
  public static Fault truncatedResponse() {
    return new Fault("truncatedResponse") {
      @Override
      Kind kind() {
        return Kind.TRUNCATE;
      }
    };
  }

  /** A custom handler that may rewrite the request, the response, or both. */
  public static Fault intercept(String name, Interceptor interceptor) {
    Objects.requireNonNull(interceptor, "interceptor");
    return new Fault(Objects.requireNonNull(name, "name")) {
      @Override
      Kind kind() {
        return Kind.INTERCEPT;
      }

      @Override
      Interceptor interceptor() {
        return interceptor;
      }
    };
  }

  private static Fault response(String name, java.util.function.Function<ProxyRequest, ProxyResponse> f) {
    return new Fault(name) {
      @Override
      Kind kind() {
        return Kind.RESPONSE;
      }

      @Override
      ProxyResponse response(ProxyRequest request) {
        return f.apply(request);
      }
    };
  }

  static ProxyResponse kmsThrottlingResponse() {
    return json(400, "Bad Request", "application/x-amz-json-1.1", "ThrottlingException", "ThrottlingException",
        "Rate exceeded");
  }

  static ProxyResponse dynamoProvisionedThroughputResponse() {
    return json(400, "Bad Request", "application/x-amz-json-1.0", "ProvisionedThroughputExceededException",
        "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        "The level of configured provisioned throughput for the table was exceeded. "
            + "Consider increasing your provisioning level with the UpdateTable API.");
  }

  private static ProxyResponse json(int status, String reason, String contentType, String errorType, String type,
      String message) {
    String body = "{\"__type\":\"" + type + "\",\"message\":\"" + message + "\"}";
    return new ProxyResponse(status, reason, List.of(
        Map.entry("Content-Type", contentType),
        Map.entry("x-amzn-RequestId", UUID.randomUUID().toString()),
        Map.entry("x-amzn-ErrorType", errorType + ":")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  private static ProxyResponse s3Error(ProxyRequest r, int status, String reason, String code, String message) {
    String requestId = UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase(java.util.Locale.ROOT);
    String body = r.method().equalsIgnoreCase("HEAD") ? ""
        : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
            + "</Message><RequestId>" + requestId + "</RequestId><HostId>cirrus-fault-proxy</HostId></Error>";
    return new ProxyResponse(status, reason, List.of(
        Map.entry("Content-Type", "application/xml"),
        Map.entry("x-amz-request-id", requestId),
        Map.entry("x-amz-id-2", "cirrus-fault-proxy")),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
