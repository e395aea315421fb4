package dev.cirrus.s3;

import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.ProxyRequest;
import dev.cirrus.testsupport.ProxyResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Records every request that reaches a {@link FaultProxy} (answering GETs with part numbers as S3 does, see
 * {@link S3PartNumbers}), and can deny some as a bucket policy would, for tests that check which headers reach
 * S3. Threadsafe.
 */
final class RequestRecorder {
  private final List<ProxyRequest> requests = new CopyOnWriteArrayList<>();
  private volatile Predicate<ProxyRequest> deny = r -> false;

  /** Installs the recorder on every request of {@code proxy}. */
  static RequestRecorder on(FaultProxy proxy) {
    RequestRecorder r = new RequestRecorder();
    proxy.inject("*", 1.0, Fault.intercept("record", (request, upstream) -> {
      r.requests.add(request);
      if (r.deny.test(request)) {
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>AccessDenied</Code>"
            + "<Message>Access Denied</Message></Error>";
        return new ProxyResponse(403, "Forbidden", List.of(Map.entry("Content-Type", "application/xml")),
            body.getBytes(StandardCharsets.UTF_8));
      }
      return request.method().equals("GET") ? S3PartNumbers.forward(request, upstream, S3TestFixture.PART)
          : upstream.forward(request);
    }));
    return r;
  }

  /**
   * Answers 403 AccessDenied, as S3 does under the bucket policy "Deny s3:PutObject when
   * s3:x-amz-server-side-encryption is Null", to PutObject, CreateMultipartUpload and CopyObject without the
   * {@code x-amz-server-side-encryption} header (UploadPart and UploadPartCopy never carry it; S3 judges the
   * multipart upload by its CreateMultipartUpload).
   */
  void denyPutWithoutSse() {
    deny = r -> List.of("S3.PutObject", "S3.CreateMultipartUpload", "S3.CopyObject").contains(r.operation())
        && r.header("x-amz-server-side-encryption") == null;
  }

  /** The recorded requests of {@code operation} ({@code "S3.UploadPart"}), in arrival order. */
  List<ProxyRequest> of(String operation) {
    return requests.stream().filter(r -> r.operation().equals(operation)).toList();
  }

  /** Every recorded request. */
  List<ProxyRequest> all() {
    return List.copyOf(requests);
  }

  void clear() {
    requests.clear();
  }
}
