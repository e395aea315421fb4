package dev.cirrus.dynamo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.ProxyResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.zip.CRC32;

/**
 * Fault-proxy interceptors that make BatchWriteItem return part of a request as {@code UnprocessedItems}, the
 * way DynamoDB does under load: the proxy forwards only some write requests to moto and adds the others to the
 * response. The response's {@code x-amz-crc32} is recomputed because the SDK checks it.
 */
final class PartialBatchFault {
  private static final ObjectMapper JSON = new ObjectMapper();

  private PartialBatchFault() {
  }

  /** Forwards the first half (rounded up) of every table's write requests; the rest come back unprocessed. */
  static Fault half() {
    return split("partial-unprocessed", (index, size, request) -> index >= (size + 1) / 2);
  }

  /** Never forwards write requests whose put item or delete key has a partition key starting with the prefix. */
  static Fault poison(String attribute, String prefix) {
    return split("poison-" + prefix, (index, size, request) -> {
      JsonNode attrs = request.has("PutRequest") ? request.get("PutRequest").get("Item")
          : request.get("DeleteRequest").get("Key");
      return attrs.get(attribute).get("S").asText().startsWith(prefix);
    });
  }

  /** BatchGetItem: forwards the first half (rounded up) of each table's keys; the rest come back unprocessed. */
  static Fault halfKeys() {
    return Fault.intercept("partial-unprocessed-keys", (request, upstream) -> {
      ObjectNode body = (ObjectNode) JSON.readTree(request.body());
      ObjectNode items = (ObjectNode) body.get("RequestItems");
      ObjectNode unprocessed = JSON.createObjectNode();
      for (Map.Entry<String, JsonNode> table : iterable(items)) {
        ArrayNode keys = (ArrayNode) table.getValue().get("Keys");
        int keep = (keys.size() + 1) / 2;
        ArrayNode back = JSON.createArrayNode();
        for (int i = keep; i < keys.size(); i++) {
          back.add(keys.get(i));
        }
        while (keys.size() > keep) {
          keys.remove(keys.size() - 1);
        }
        if (!back.isEmpty()) {
          ObjectNode kaa = ((ObjectNode) table.getValue()).deepCopy();
          kaa.set("Keys", back);
          unprocessed.set(table.getKey(), kaa);
        }
      }
      ProxyResponse resp = upstream.forward(request.withBody(JSON.writeValueAsBytes(body)));
      if (resp.status() != 200) {
        return resp;
      }
      ObjectNode answer = (ObjectNode) JSON.readTree(resp.body());
      answer.set("UnprocessedKeys", unprocessed);
      byte[] out = JSON.writeValueAsBytes(answer);
      return new ProxyResponse(resp.status(), resp.reason(), withCrc(resp.headers(), out), out);
    });
  }

  interface Chooser {
    boolean unprocessed(int index, int size, JsonNode writeRequest);
  }

  private static Fault split(String name, Chooser chooser) {
    return Fault.intercept(name, (request, upstream) -> {
      ObjectNode body = (ObjectNode) JSON.readTree(request.body());
      ObjectNode items = (ObjectNode) body.get("RequestItems");
      ObjectNode forwardItems = JSON.createObjectNode();
      ObjectNode unprocessed = JSON.createObjectNode();
      int forwarded = 0;
      for (Map.Entry<String, JsonNode> table : iterable(items)) {
        ArrayNode keep = JSON.createArrayNode();
        ArrayNode back = JSON.createArrayNode();
        int size = table.getValue().size();
        for (int i = 0; i < size; i++) {
          JsonNode wr = table.getValue().get(i);
          (chooser.unprocessed(i, size, wr) ? back : keep).add(wr);
        }
        if (!keep.isEmpty()) {
          forwardItems.set(table.getKey(), keep);
          forwarded += keep.size();
        }
        if (!back.isEmpty()) {
          unprocessed.set(table.getKey(), back);
        }
      }
      ObjectNode answer;
      List<Map.Entry<String, String>> headers;
      int status;
      String reason;
      if (forwarded > 0) {
        body.set("RequestItems", forwardItems);
        ProxyResponse resp = upstream.forward(request.withBody(JSON.writeValueAsBytes(body)));
        if (resp.status() != 200) {
          return resp;
        }
        answer = (ObjectNode) JSON.readTree(resp.body());
        headers = resp.headers();
        status = resp.status();
        reason = resp.reason();
      } else {
        answer = JSON.createObjectNode();
        headers = List.of(Map.entry("Content-Type", "application/x-amz-json-1.0"),
            Map.entry("x-amzn-RequestId", "cirrus-test"));
        status = 200;
        reason = "OK";
      }
      answer.set("UnprocessedItems", unprocessed);
      byte[] out = JSON.writeValueAsBytes(answer);
      return new ProxyResponse(status, reason, withCrc(headers, out), out);
    });
  }

  private static Iterable<Map.Entry<String, JsonNode>> iterable(ObjectNode node) {
    List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
    node.fields().forEachRemaining(entries::add);
    return entries;
  }

  private static List<Map.Entry<String, String>> withCrc(List<Map.Entry<String, String>> headers, byte[] body)
      throws IOException {
    CRC32 crc = new CRC32();
    crc.update(body);
    List<Map.Entry<String, String>> out = new ArrayList<>();
    for (Map.Entry<String, String> h : headers) {
      if (!h.getKey().equalsIgnoreCase("x-amz-crc32")) {
        out.add(h);
      }
    }
    out.add(Map.entry("x-amz-crc32", Long.toString(crc.getValue())));
    return out;
  }

  static String text(byte[] body) {
    return new String(body, StandardCharsets.UTF_8);
  }
}
