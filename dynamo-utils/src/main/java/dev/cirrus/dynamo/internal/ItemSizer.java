package dev.cirrus.dynamo.internal;

import dev.cirrus.dynamo.InvalidItemException;
import dev.cirrus.dynamo.ItemViolation;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One recursive walk that sizes an item and, when asked, checks the structural rules on the way. Sizing alone
 * only fails on values it cannot size (bad numbers, untyped values); validation adds sets, nesting and
 * duplicates.
 *
 * <p>The happy path allocates one small walker per call and nothing per value: maps are walked with
 * {@link Map#forEach}, lists by index, binary values measured through {@link SdkBytes#asByteArrayUnsafe()} (length
 * only, never written), small sets checked for duplicates pairwise, and attribute paths built only after a
 * failure, by walking the item a second time.
 */
public final class ItemSizer {
  /** Deepest container level DynamoDB accepts; a top-level list or map is level 1. */
  public static final int MAX_NESTING_LEVELS = 32;

  /** Sets up to this size are checked for duplicates pairwise, which allocates nothing; larger ones hash. */
  private static final int PAIRWISE_DUPLICATE_CHECK_MAX = 16;

  private ItemSizer() {
  }

  /**
   * Sum over attributes of name bytes + value bytes. Paths are not tracked on the fast path; if sizing fails,
   * the item is walked again with paths so the exception names the attribute.
   */
  public static long itemSize(Map<String, AttributeValue> item, boolean validate) {
    try {
      return new Walk(validate, false).item(item);
    } catch (InvalidItemException e) {
      new Walk(validate, true).item(item);
      throw e;
    }
  }

  /** The size of one value (no name), naming only the value's children in errors. */
  public static long valueSize(AttributeValue v, boolean validate) {
    try {
      return new Walk(validate, false).value(v, null, 0);
    } catch (InvalidItemException e) {
      new Walk(validate, true).value(v, null, 0);
      throw e;
    }
  }

  /** The size of the value of top-level attribute {@code name} (without the name), naming it in errors. */
  public static long attributeValueSize(String name, AttributeValue v, boolean validate) {
    try {
      return new Walk(validate, false).value(v, null, 0);
    } catch (InvalidItemException e) {
      new Walk(validate, true).value(v, Path.attribute(null, name), 0);
      throw e;
    }
  }

  /**
   * One walk over an item or value: whether to validate, whether to track paths, and the state of the map being
   * walked, saved and restored around nested maps. The hot method, {@link #value}, is kept small so the JIT
   * inlines it; rarer types and every failure are handled out of line. Not thread-safe; one per call.
   */
  private static final class Walk implements BiConsumer<String, AttributeValue> {
    private final boolean validate;
    private final boolean track;
    /** Running size of the map whose entries {@link #accept} receives. */
    private long mapSize;
    /** Containers around that map's values: 0 for the item's attributes. */
    private int mapLevel;
    /** That map's path when tracking; null for the item itself. */
    private Path mapPath;

    Walk(boolean validate, boolean track) {
      this.validate = validate;
      this.track = track;
    }

    long item(Map<String, AttributeValue> item) {
      mapSize = 0;
      mapLevel = 0;
      mapPath = null;
      item.forEach(this);
      return mapSize;
    }

    /**
     * One entry of the map being walked. Entries arrive through {@link Map#forEach} because the SDK's maps are
     * unmodifiable wrappers whose entry iterators allocate a wrapper per entry.
     */
    @Override
    public void accept(String key, AttributeValue value) {
      if (key == null && mapLevel == 0) {
        throw new NullPointerException("item has a null attribute name");
      }
      int keyBytes = utf8Length(key);
      mapSize += keyBytes + value(value, track ? Path.attribute(mapPath, key) : null, mapLevel);
    }

    /**
     * The size of one value (no name); {@code lvl} is the number of containers around it. Strings, the most
     * common values, are sized here; this method is kept small so the JIT inlines it into every loop.
     */
    long value(AttributeValue v, Path p, int lvl) {
      if (v != null && v.type() == AttributeValue.Type.S) {
        String s = v.s();
        if (s != null) {
          return utf8Length(s);
        }
      }
      return nonString(v, p, lvl);
    }

    private long nonString(AttributeValue v, Path p, int lvl) {
      // type() is a field read, and names the one member that is set, else null or UNKNOWN_TO_SDK_VERSION; but
      // the SDK's builder can leave it naming a member that was set back to null, so each branch checks its
      // member, and anything else goes to untyped(), which keeps the member-by-member precedence.
      // hasM(), hasL() and hasSs() are `instanceof` tests against an SDK interface, which JDK 17 answers slowly
      // for a class that does not implement it; only an empty collection can be the SDK's "auto-construct"
      // placeholder, so a non-empty one skips the test.
      if (v != null) {
        AttributeValue.Type type = v.type();
        if (type == AttributeValue.Type.N) {
          String n = v.n();
          if (n != null) {
            return DynamoNumbers.sizeBytes(n, p);
          }
        } else if (type == AttributeValue.Type.M) {
          Map<String, AttributeValue> m = v.m();
          if (m != null && (!m.isEmpty() || v.hasM())) {
            return map(m, p, lvl);
          }
        } else if (type == AttributeValue.Type.L) {
          List<AttributeValue> l = v.l();
          if (l != null && (!l.isEmpty() || v.hasL())) {
            return list(l, p, lvl);
          }
        } else if (type == AttributeValue.Type.BOOL || type == AttributeValue.Type.NUL) {
          if (v.bool() != null || v.nul() != null) {
            return 1;
          }
        } else {
          return typedRare(v, type, p, lvl);
        }
      }
      return untyped(v, p, lvl);
    }

    /** Binaries and sets, by their type. */
    private long typedRare(AttributeValue v, AttributeValue.Type type, Path p, int lvl) {
      if (type == AttributeValue.Type.B) {
        SdkBytes b = v.b();
        if (b != null) {
          return b.asByteArrayUnsafe().length;
        }
      } else if (type == AttributeValue.Type.SS) {
        List<String> ss = v.ss();
        if (ss != null && (!ss.isEmpty() || v.hasSs())) {
          return stringSet(ss, p);
        }
      } else if (type == AttributeValue.Type.NS) {
        List<String> ns = v.ns();
        if (ns != null && (!ns.isEmpty() || v.hasNs())) {
          return numberSet(ns, p);
        }
      } else if (type == AttributeValue.Type.BS) {
        List<SdkBytes> bs = v.bs();
        if (bs != null && (!bs.isEmpty() || v.hasBs())) {
          return binarySet(bs, p);
        }
      }
      return untyped(v, p, lvl);
    }

    /** Values whose type() does not settle it (none or several members set), in the original member precedence. */
    private long untyped(AttributeValue v, Path p, int lvl) {
      if (v == null) {
        throw new InvalidItemException(Path.render(p), ItemViolation.NO_TYPE, "attribute value is null");
      }
      if (v.s() != null) {
        return utf8Length(v.s());
      }
      if (v.n() != null) {
        return DynamoNumbers.sizeBytes(v.n(), p);
      }
      if (v.b() != null) {
        return v.b().asByteArrayUnsafe().length;
      }
      if (v.bool() != null || v.nul() != null) {
        return 1;
      }
      if (v.hasM()) {
        return map(v.m(), p, lvl);
      }
      if (v.hasL()) {
        return list(v.l(), p, lvl);
      }
      if (v.hasSs()) {
        return stringSet(v.ss(), p);
      }
      if (v.hasNs()) {
        return numberSet(v.ns(), p);
      }
      if (v.hasBs()) {
        return binarySet(v.bs(), p);
      }
      throw new InvalidItemException(Path.render(p), ItemViolation.NO_TYPE,
          "attribute value has no type (none of S, N, B, SS, NS, BS, M, L, BOOL, NULL is set)");
    }

    private long map(Map<String, AttributeValue> m, Path p, int lvl) {
      int inner = lvl + 1;
      if (validate && inner > MAX_NESTING_LEVELS) {
        throw tooDeep(p, inner);
      }
      long outerSize = mapSize;
      int outerLevel = mapLevel;
      Path outerPath = mapPath;
      mapSize = 3L + m.size(); // 3 bytes per map, 1 per entry; accept() adds key and value bytes
      mapLevel = inner;
      mapPath = p;
      m.forEach(this);
      long size = mapSize;
      mapSize = outerSize;
      mapLevel = outerLevel;
      mapPath = outerPath;
      return size;
    }

    private long list(List<AttributeValue> list, Path p, int lvl) {
      int inner = lvl + 1;
      if (validate && inner > MAX_NESTING_LEVELS) {
        throw tooDeep(p, inner);
      }
      int n = list.size();
      long size = 3L + n;
      if (list instanceof RandomAccess) {
        for (int i = 0; i < n; i++) {
          size += value(list.get(i), track ? Path.element(p, i) : null, inner);
        }
      } else {
        int i = 0;
        for (AttributeValue element : list) {
          size += value(element, track ? Path.element(p, i) : null, inner);
          i++;
        }
      }
      return size;
    }

    private long stringSet(List<String> ss, Path p) {
      int n = ss.size();
      checkSet(p, n);
      long size = 0;
      for (int i = 0; i < n; i++) {
        size += utf8Length(ss.get(i));
      }
      if (validate && n > 1) {
        boolean duplicate = false;
        if (n <= PAIRWISE_DUPLICATE_CHECK_MAX) {
          for (int i = 1; i < n && !duplicate; i++) {
            String s = ss.get(i);
            for (int j = 0; j < i; j++) {
              if (s.equals(ss.get(j))) {
                duplicate = true;
                break;
              }
            }
          }
        } else {
          duplicate = new HashSet<>(ss).size() != n;
        }
        if (duplicate) {
          throw duplicate(p, "string set");
        }
      }
      return size;
    }

    private long numberSet(List<String> ns, Path p) {
      int n = ns.size();
      checkSet(p, n);
      long size = 0;
      for (int i = 0; i < n; i++) {
        size += DynamoNumbers.sizeBytes(ns.get(i), track ? Path.element(p, i) : null);
      }
      if (validate) {
        Set<BigDecimal> seen = new HashSet<>();
        for (int i = 0; i < n; i++) {
          if (!seen.add(DynamoNumbers.canonical(ns.get(i), track ? Path.element(p, i) : null))) {
            throw duplicate(p, "number set");
          }
        }
      }
      return size;
    }

    private long binarySet(List<SdkBytes> bs, Path p) {
      int n = bs.size();
      checkSet(p, n);
      long size = 0;
      for (int i = 0; i < n; i++) {
        size += bs.get(i).asByteArrayUnsafe().length;
      }
      if (validate && n > 1) {
        boolean duplicate = false;
        if (n <= PAIRWISE_DUPLICATE_CHECK_MAX) {
          for (int i = 1; i < n && !duplicate; i++) {
            byte[] b = bs.get(i).asByteArrayUnsafe();
            for (int j = 0; j < i; j++) {
              if (Arrays.equals(b, bs.get(j).asByteArrayUnsafe())) {
                duplicate = true;
                break;
              }
            }
          }
        } else {
          Set<ByteBuffer> seen = new HashSet<>();
          for (int i = 0; i < n && !duplicate; i++) {
            duplicate = !seen.add(bs.get(i).asByteBuffer());
          }
        }
        if (duplicate) {
          throw duplicate(p, "binary set");
        }
      }
      return size;
    }

    private InvalidItemException tooDeep(Path p, int containerLevel) {
      return new InvalidItemException(Path.render(p), ItemViolation.NESTING_TOO_DEEP,
          "lists and maps must be nested at most " + MAX_NESTING_LEVELS + " levels deep, was " + containerLevel);
    }

    private void checkSet(Path p, int size) {
      if (validate && size == 0) {
        throw new InvalidItemException(Path.render(p), ItemViolation.EMPTY_SET,
            "sets must hold at least 1 element, was 0");
      }
    }
  }

  private static InvalidItemException duplicate(Path path, String kind) {
    return new InvalidItemException(Path.render(path), ItemViolation.DUPLICATE_SET_ELEMENT,
        kind + " holds a duplicate element");
  }

  /**
   * UTF-8 length without encoding; an unpaired surrogate counts 1 byte because Java's UTF-8 encoder (which the
   * SDK uses) replaces it with {@code '?'}. Attribute names and most values are ASCII, so a short loop finds the
   * first non-ASCII character and only text that has one pays for the full rules.
   */
  public static int utf8Length(String s) {
    int len = s.length();
    for (int i = 0; i < len; i++) {
      if (s.charAt(i) >= 0x80) {
        return len + nonAsciiExtraBytes(s, i, len);
      }
    }
    return len;
  }

  /** Bytes beyond one per char from {@code from} on: +1 below U+0800, +2 for a surrogate pair or other BMP. */
  private static int nonAsciiExtraBytes(String s, int from, int len) {
    int extra = 0;
    for (int i = from; i < len; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        continue;
      }
      if (c < 0x800) {
        extra += 1;
      } else if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
        extra += 2;
        i++;
      } else if (!Character.isSurrogate(c)) {
        extra += 2;
      }
    }
    return extra;
  }
}
