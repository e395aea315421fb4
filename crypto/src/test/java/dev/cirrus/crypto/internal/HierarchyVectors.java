package dev.cirrus.crypto.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/** The hierarchical keyring vectors of the test resources (see testvectors/NOTICE). */
public final class HierarchyVectors {
  public static final JsonNode ROOT = load();
  public static final String BRANCH_KEY_ID = ROOT.at("/staticBranchKey/branchKeyId").asText();
  public static final String VERSION = ROOT.at("/staticBranchKey/version").asText();
  public static final byte[] BRANCH_KEY =
      java.util.Base64.getDecoder().decode(ROOT.at("/staticBranchKey/branchKeyBase64").asText());

  private HierarchyVectors() {}

  private static JsonNode load() {
    try (InputStream in = HierarchyVectors.class.getResourceAsStream("/testvectors/hierarchy-vectors.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] hex(JsonNode n, String field) {
    return HexFormat.of().parseHex(n.get(field).asText());
  }

  public static Map<String, String> context(JsonNode edkVector) {
    Map<String, String> ctx = new TreeMap<>();
    edkVector.get("encryptionContext").fields().forEachRemaining(e -> ctx.put(e.getKey(), e.getValue().asText()));
    return ctx;
  }
}
