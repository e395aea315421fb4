package dev.cirrus.dynamo.internal;

import dev.cirrus.dynamo.InvalidItemException;
import dev.cirrus.dynamo.ItemViolation;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One recursive walk that sizes an item and, when asked, checks the structural rules on the way. Sizing alone
 * only fails on values it cannot size (bad numbers, untyped values); validation adds sets, nesting and
 * duplicates.
 */
public final class ItemSizer {
  /** Deepest container level DynamoDB accepts; a top-level list or map is level 1. */
  public static final int MAX_NESTING_LEVELS = 32;

  private ItemSizer() {
  }

  /**
   * Sum over attributes of name bytes + value bytes. Paths are not tracked on the fast path; if sizing fails,
   * the item is walked again with paths so the exception names the attribute.
   */
  public static long itemSize(Map<String, AttributeValue> item, boolean validate) {
    try {
      return itemSize(item, validate, false);
    } catch (InvalidItemException e) {
      itemSize(item, validate, true);
      throw e;
    }
  }

  private static long itemSize(Map<String, AttributeValue> item, boolean validate, boolean track) {
    long total = 0;
    for (Map.Entry<String, AttributeValue> e : item.entrySet()) {
      String name = e.getKey();
      if (name == null) {
        throw new NullPointerException("item has a null attribute name");
      }
      total += utf8Length(name) + valueSize(e.getValue(), track ? Path.attribute(null, name) : null, validate, 0,
          track);
    }
    return total;
  }

  /** The size of one value, naming {@code path} (may be null) in errors. */
  public static long valueSize(AttributeValue v, Path path, boolean validate, int level) {
    try {
      return valueSize(v, path, validate, level, false);
    } catch (InvalidItemException e) {
      valueSize(v, path, validate, level, true);
      throw e;
    }
  }

  /** The size of one value (no name); {@code level} is the number of containers around it. */
  private static long valueSize(AttributeValue v, Path path, boolean validate, int level, boolean track) {
    if (v == null) {
      throw new InvalidItemException(Path.render(path), ItemViolation.NO_TYPE, "attribute value is null");
    }
    if (v.s() != null) {
      return utf8Length(v.s());
    }
    if (v.n() != null) {
      return DynamoNumbers.sizeBytes(v.n(), path);
    }
    if (v.b() != null) {
      return v.b().asByteBuffer().remaining();
    }
    if (v.bool() != null || v.nul() != null) {
      return 1;
    }
    if (v.hasM()) {
      checkLevel(path, validate, level + 1);
      long total = 3;
      for (Map.Entry<String, AttributeValue> e : v.m().entrySet()) {
        String key = e.getKey();
        total += 1 + utf8Length(key)
            + valueSize(e.getValue(), track ? Path.attribute(path, key) : null, validate, level + 1, track);
      }
      return total;
    }
    if (v.hasL()) {
      checkLevel(path, validate, level + 1);
      long total = 3;
      List<AttributeValue> list = v.l();
      for (int i = 0; i < list.size(); i++) {
        total += 1 + valueSize(list.get(i), track ? Path.element(path, i) : null, validate, level + 1, track);
      }
      return total;
    }
    if (v.hasSs()) {
      List<String> ss = v.ss();
      checkSet(path, validate, ss.size());
      long total = 0;
      for (String s : ss) {
        total += utf8Length(s);
      }
      if (validate && new HashSet<>(ss).size() != ss.size()) {
        throw duplicate(path, "string set");
      }
      return total;
    }
    if (v.hasNs()) {
      List<String> ns = v.ns();
      checkSet(path, validate, ns.size());
      long total = 0;
      for (int i = 0; i < ns.size(); i++) {
        total += DynamoNumbers.sizeBytes(ns.get(i), track ? Path.element(path, i) : null);
      }
      if (validate) {
        Set<BigDecimal> seen = new HashSet<>();
        for (int i = 0; i < ns.size(); i++) {
          if (!seen.add(DynamoNumbers.canonical(ns.get(i), track ? Path.element(path, i) : null))) {
            throw duplicate(path, "number set");
          }
        }
      }
      return total;
    }
    if (v.hasBs()) {
      List<SdkBytes> bs = v.bs();
      checkSet(path, validate, bs.size());
      long total = 0;
      for (SdkBytes b : bs) {
        total += b.asByteBuffer().remaining();
      }
      if (validate) {
        Set<ByteBuffer> seen = new HashSet<>();
        for (SdkBytes b : bs) {
          if (!seen.add(b.asByteBuffer())) {
            throw duplicate(path, "binary set");
          }
        }
      }
      return total;
    }
    throw new InvalidItemException(Path.render(path), ItemViolation.NO_TYPE,
        "attribute value has no type (none of S, N, B, SS, NS, BS, M, L, BOOL, NULL is set)");
  }

  private static void checkLevel(Path path, boolean validate, int level) {
    if (validate && level > MAX_NESTING_LEVELS) {
      throw new InvalidItemException(Path.render(path), ItemViolation.NESTING_TOO_DEEP,
          "lists and maps must be nested at most " + MAX_NESTING_LEVELS + " levels deep, was " + level);
    }
  }

  private static void checkSet(Path path, boolean validate, int size) {
    if (validate && size == 0) {
      throw new InvalidItemException(Path.render(path), ItemViolation.EMPTY_SET,
          "sets must hold at least 1 element, was 0");
    }
  }

  private static InvalidItemException duplicate(Path path, String kind) {
    return new InvalidItemException(Path.render(path), ItemViolation.DUPLICATE_SET_ELEMENT,
        kind + " holds a duplicate element");
  }

  /**
   * UTF-8 length without encoding; an unpaired surrogate counts 1 byte because Java's UTF-8 encoder (which the
   * SDK uses) replaces it with {@code '?'}.
   */
  public static int utf8Length(String s) {
    int len = s.length();
    int bytes = len;
    for (int i = 0; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        bytes += 1;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 2;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes += 0;
      } else {
        bytes += 2;
      }
    }
    return bytes;
  }
}
