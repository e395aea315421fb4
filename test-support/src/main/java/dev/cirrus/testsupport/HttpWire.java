package dev.cirrus.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The HTTP/1.1 framing the {@link FaultProxy} speaks on both of its sides: lines, header blocks, bodies
 * (by Content-Length or chunked) and the responses it writes back to the client.
 */
final class HttpWire {

  static final int MAX_HEADER_BYTES = 64 * 1024;

  /**
   * The header that carries a HEAD answer's Content-Length from the upstream side to the client side; it is
   * never sent on the wire.
   */
  static final String HEAD_LENGTH = "X-Cirrus-Head-Length";

  private HttpWire() {
  }

  /** The first value of a header, matched case-insensitively and trimmed, or null. */
  static String value(List<Map.Entry<String, String>> headers, String name) {
    for (Map.Entry<String, String> h : headers) {
      if (h.getKey().equalsIgnoreCase(name)) {
        return h.getValue().trim();
      }
    }
    return null;
  }

  /** Writes a response; {@code truncate} sends only the first half of the body. */
  static void write(OutputStream out, ProxyRequest request, ProxyResponse response, boolean keepAlive,
      boolean truncate) throws IOException {
    StringBuilder head = new StringBuilder(512);
    head.append("HTTP/1.1 ").append(response.status()).append(' ').append(response.reason()).append("\r\n");
    String headLength = null;
    for (Map.Entry<String, String> h : response.headers()) {
      if (h.getKey().equals(HEAD_LENGTH)) {
        headLength = h.getValue();
      } else {
        head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
    }
    boolean isHead = request.method().equalsIgnoreCase("HEAD");
    head.append("Content-Length: ").append(isHead && headLength != null ? headLength : Integer.toString(response.body().length)).append("\r\n");
    head.append(keepAlive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (!isHead) {
      byte[] body = response.body();
      out.write(body, 0, truncate ? body.length / 2 : body.length);
    }
    out.flush();
  }

  /** Reads header lines up to the empty line that ends them. */
  static List<Map.Entry<String, String>> readHeaders(InputStream in) throws IOException {
    List<Map.Entry<String, String>> headers = new ArrayList<>();
    int total = 0;
    while (true) {
      String line = readLine(in, false);
      if (line == null) {
        throw new EOFException("connection closed inside headers");
      }
      if (line.isEmpty()) {
        return headers;
      }
      total += line.length();
      if (total > MAX_HEADER_BYTES) {
        throw new IOException("headers larger than " + MAX_HEADER_BYTES + " bytes");
      }
      int colon = line.indexOf(':');
      if (colon > 0) {
        headers.add(Map.entry(line.substring(0, colon).trim(), line.substring(colon + 1).trim()));
      }
    }
  }

  /** Reads the body the headers announce: chunked, by Content-Length, or none. */
  static byte[] readBody(InputStream in, List<Map.Entry<String, String>> headers) throws IOException {
    if ("chunked".equalsIgnoreCase(value(headers, "Transfer-Encoding"))) {
      return readChunked(in);
    }
    String length = value(headers, "Content-Length");
    if (length == null) {
      return new byte[0];
    }
    long n = Long.parseLong(length);
    if (n > Integer.MAX_VALUE - 16) {
      throw new IOException("body of " + n + " bytes is larger than the proxy buffers");
    }
    byte[] body = in.readNBytes((int) n);
    if (body.length < n) {
      throw new EOFException("connection closed after " + body.length + " of " + n + " body bytes");
    }
    return body;
  }

  private static byte[] readChunked(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String sizeLine = readLine(in, false);
      if (sizeLine == null) {
        throw new EOFException("connection closed inside a chunked body");
      }
      int semi = sizeLine.indexOf(';');
      int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
      if (size == 0) {
        while (true) { // trailers
          String t = readLine(in, false);
          if (t == null || t.isEmpty()) {
            return body.toByteArray();
          }
        }
      }
      byte[] chunk = in.readNBytes(size);
      if (chunk.length < size) {
        throw new EOFException("connection closed inside a chunk");
      }
      body.write(chunk);
      readLine(in, false);
    }
  }

  /**
   * Reads one CRLF- (or LF-) terminated line; null at end of stream before any byte, and, when {@code idle},
   * also when the connection is reset before any byte.
   */
  static String readLine(InputStream in, boolean idle) throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      int b;
      try {
        b = in.read();
      } catch (SocketException e) {
        if (idle && sb.length() == 0) {
          return null;
        }
        throw e;
      }
      if (b < 0) {
        return sb.length() == 0 ? null : sb.toString();
      }
      if (b == '\n') {
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == '\r') {
          sb.setLength(len - 1);
        }
        return sb.toString();
      }
      sb.append((char) b);
      if (sb.length() > MAX_HEADER_BYTES) {
        throw new IOException("line longer than " + MAX_HEADER_BYTES + " bytes");
      }
    }
  }
}
