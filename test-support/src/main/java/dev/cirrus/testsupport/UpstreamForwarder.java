package dev.cirrus.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends a request to the real server over a fresh connection and reads its whole answer; the
 * {@link FaultProxy}'s way upstream, also handed to interceptors as their {@link Fault.Upstream}.
 */
final class UpstreamForwarder implements Fault.Upstream {

  private final URI upstream;

  UpstreamForwarder(URI upstream) {
    this.upstream = upstream;
  }

  @Override
  public ProxyResponse forward(ProxyRequest request) throws IOException {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(upstream.getHost(), upstream.getPort()), 5_000);
      s.setTcpNoDelay(true);
      send(new BufferedOutputStream(s.getOutputStream(), 64 * 1024), request);
      return receive(new BufferedInputStream(s.getInputStream(), 64 * 1024), request);
    }
  }

  private static void send(OutputStream out, ProxyRequest request) throws IOException {
    StringBuilder head = new StringBuilder(512);
    head.append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n");
    for (Map.Entry<String, String> h : request.headers()) {
      head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
    }
    head.append("Content-Length: ").append(request.body().length).append("\r\n");
    head.append("Connection: close\r\n\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.write(request.body());
    out.flush();
  }

  private static ProxyResponse receive(InputStream in, ProxyRequest request) throws IOException {
    String statusLine;
    List<Map.Entry<String, String>> headers;
    do {
      statusLine = HttpWire.readLine(in, false);
      if (statusLine == null) {
        throw new EOFException("upstream closed without a response to " + request.operation());
      }
      headers = HttpWire.readHeaders(in);
    } while (statusLine.split(" ", 3)[1].startsWith("1")); // skip interim 1xx answers
    String[] sp = statusLine.split(" ", 3);
    int status = Integer.parseInt(sp[1]);
    String reason = sp.length > 2 ? sp[2] : "";
    boolean isHead = request.method().equalsIgnoreCase("HEAD");
    byte[] body;
    if (isHead || status == 204 || status == 304) {
      body = new byte[0];
    } else if (HttpWire.value(headers, "Content-Length") != null
        || "chunked".equalsIgnoreCase(HttpWire.value(headers, "Transfer-Encoding"))) {
      body = HttpWire.readBody(in, headers);
    } else {
      body = in.readAllBytes();
    }
    // A HEAD answer keeps the server's Content-Length, which describes the object, not this body.
    if (isHead && HttpWire.value(headers, "Content-Length") != null) {
      List<Map.Entry<String, String>> withLength = new ArrayList<>(headers);
      withLength.add(Map.entry(HttpWire.HEAD_LENGTH, HttpWire.value(headers, "Content-Length")));
      headers = withLength;
    }
    return new ProxyResponse(status, reason, headers, body);
  }
}
