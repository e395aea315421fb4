package dev.cirrus.testsupport;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request as the {@link FaultProxy} received it, with its body read in full and its AWS operation
 * identified ({@code "DynamoDB.PutItem"}, {@code "KMS.GenerateDataKey"}, {@code "S3.UploadPart"}).
 *
 * <p>Immutable; the body array is shared, not copied, so callers MUST NOT modify it.
 */
public final class ProxyRequest {
  private final String method;
  private final String target;
  private final List<Map.Entry<String, String>> headers;
  private final byte[] body;
  private final String operation;

  ProxyRequest(String method, String target, List<Map.Entry<String, String>> headers, byte[] body, String operation) {
    this.method = method;
    this.target = target;
    this.headers = List.copyOf(headers);
    this.body = body;
    this.operation = operation;
  }

  /** The HTTP method, e.g. {@code PUT}. */
  public String method() {
    return method;
  }

  /** The request target: path and query, as sent. */
  public String target() {
    return target;
  }

  /** All headers in the order received, names as sent, without hop-by-hop headers. */
  public List<Map.Entry<String, String>> headers() {
    return headers;
  }

  /** The first value of a header, matched case-insensitively and trimmed, or null. */
  public String header(String name) {
    return HttpWire.value(headers, name);
  }

  /** The body, de-chunked; empty when there is none. */
  public byte[] body() {
    return body;
  }

  /** The AWS operation as {@code Service.Operation}, e.g. {@code DynamoDB.BatchWriteItem}. */
  public String operation() {
    return operation;
  }

  /** The service part of {@link #operation()}: {@code KMS}, {@code DynamoDB}, {@code S3} or {@code Unknown}. */
  public String service() {
    return operation.substring(0, operation.indexOf('.'));
  }

  /** A copy with another body (the Content-Length is recomputed when forwarded). */
  public ProxyRequest withBody(byte[] newBody) {
    return new ProxyRequest(method, target, headers, Objects.requireNonNull(newBody, "newBody"), operation);
  }

  static String identify(String method, String target, List<Map.Entry<String, String>> headers) {
    String amzTarget = null;
    String auth = null;
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase("X-Amz-Target")) {
        amzTarget = h.getValue();
      } else if (h.getKey().equalsIgnoreCase("Authorization")) {
        auth = h.getValue();
      }
    }
    if (amzTarget != null) {
      int dot = amzTarget.lastIndexOf('.');
      String prefix = amzTarget.substring(0, Math.max(dot, 0));
      String op = amzTarget.substring(dot + 1);
      if (prefix.startsWith("TrentService")) {
        return "KMS." + op;
      }
      if (prefix.startsWith("DynamoDB")) {
        return "DynamoDB." + op;
      }
      if (prefix.startsWith("DynamoDBStreams")) {
        return "DynamoDBStreams." + op;
      }
      return prefix + "." + op;
    }
    if (auth == null || auth.contains("/s3/")) {
      return "S3." + s3Operation(method, target, headers);
    }
    return "Unknown." + method.toUpperCase(Locale.ROOT);
  }

  private static String s3Operation(String method, String target, List<Map.Entry<String, String>> headers) {
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? "" : "&" + target.substring(q + 1) + "&";
    String[] segments = path.replaceFirst("^/", "").split("/", 2);
    boolean hasBucket = !segments[0].isEmpty();
    boolean hasKey = segments.length > 1 && !segments[1].isEmpty();
    boolean copy = headers.stream().anyMatch(h -> h.getKey().equalsIgnoreCase("x-amz-copy-source"));
    switch (method.toUpperCase(Locale.ROOT)) {
      case "GET":
        if (!hasBucket) {
          return "ListBuckets";
        }
        if (has(query, "uploadId")) {
          return "ListParts";
        }
        if (has(query, "uploads")) {
          return "ListMultipartUploads";
        }
        if (hasKey) {
          return "GetObject";
        }
        if (has(query, "lifecycle")) {
          return "GetBucketLifecycleConfiguration";
        }
        return has(query, "list-type") ? "ListObjectsV2" : "ListObjects";
      case "HEAD":
        return hasKey ? "HeadObject" : "HeadBucket";
      case "PUT":
        if (hasKey) {
          if (has(query, "partNumber") && has(query, "uploadId")) {
            return copy ? "UploadPartCopy" : "UploadPart";
          }
          return copy ? "CopyObject" : "PutObject";
        }
        return has(query, "lifecycle") ? "PutBucketLifecycleConfiguration" : "CreateBucket";
      case "POST":
        if (has(query, "uploads")) {
          return "CreateMultipartUpload";
        }
        if (has(query, "uploadId")) {
          return "CompleteMultipartUpload";
        }
        return has(query, "delete") ? "DeleteObjects" : "PostObject";
      case "DELETE":
        if (has(query, "uploadId")) {
          return "AbortMultipartUpload";
        }
        if (hasKey) {
          return "DeleteObject";
        }
        return has(query, "lifecycle") ? "DeleteBucketLifecycle" : "DeleteBucket";
      default:
        return method.toUpperCase(Locale.ROOT);
    }
  }

  private static boolean has(String query, String name) {
    return query.contains("&" + name + "=") || query.contains("&" + name + "&");
  }
}
