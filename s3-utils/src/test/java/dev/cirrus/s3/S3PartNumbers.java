package dev.cirrus.s3;

import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.ProxyRequest;
import dev.cirrus.testsupport.ProxyResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Makes the fault proxy answer {@code GET ?partNumber=N} of a multipart object as S3 does: moto 5.2.1 ignores
 * {@code partNumber} there and answers 200 with the whole object, S3 answers 206 with the part, its
 * {@code Content-Range} and {@code x-amz-mp-parts-count}. The test names the (uniform) part size it uploaded
 * with; the part's own checksum headers are dropped (S3 would send the part's, moto sent the object's).
 */
final class S3PartNumbers {
  private static final Pattern PART_NUMBER = Pattern.compile("[?&]partNumber=(\\d+)");

  private S3PartNumbers() {
  }

  /** A fault that only rewrites part GETs and forwards everything else unchanged. */
  static Fault emulate(long partSizeBytes) {
    return Fault.intercept("s3PartNumbers", (request, upstream) -> forward(request, upstream, partSizeBytes));
  }

  /** Forwards {@code request} and, if it is a part GET of a multipart object, cuts the answer to the part. */
  static ProxyResponse forward(ProxyRequest request, Fault.Upstream upstream, long partSizeBytes)
      throws IOException {
    ProxyResponse r = upstream.forward(request);
    Matcher m = PART_NUMBER.matcher(request.target());
    String eTag = r.header("ETag");
    if (!request.method().equals("GET") || !m.find() || r.status() != 200 || eTag == null || !eTag.contains("-")) {
      return r;
    }
    int part = Integer.parseInt(m.group(1));
    long size = r.body().length;
    long parts = (size + partSizeBytes - 1) / partSizeBytes;
    long from = (part - 1) * partSizeBytes;
    long to = Math.min(size, from + partSizeBytes);
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    for (Map.Entry<String, String> h : r.headers()) {
      if (!h.getKey().toLowerCase(java.util.Locale.ROOT).startsWith("x-amz-checksum-")) {
        headers.add(h);
      }
    }
    headers.add(Map.entry("Content-Range", "bytes " + from + "-" + (to - 1) + "/" + size));
    headers.add(Map.entry("x-amz-mp-parts-count", Long.toString(parts)));
    return new ProxyResponse(206, "Partial Content", headers, Arrays.copyOfRange(r.body(), (int) from, (int) to));
  }
}
