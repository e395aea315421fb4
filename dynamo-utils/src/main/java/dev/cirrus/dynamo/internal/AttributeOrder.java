package dev.cirrus.dynamo.internal;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Comparator;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * DynamoDB's sort-key order: numbers by value, strings by UTF-8 bytes (equivalently by code point, not by Java's
 * UTF-16 {@code compareTo}), binaries as unsigned bytes.
 */
public final class AttributeOrder implements Comparator<AttributeValue> {
  /** The shared instance. */
  public static final AttributeOrder INSTANCE = new AttributeOrder();

  private AttributeOrder() {
  }

  @Override
  public int compare(AttributeValue a, AttributeValue b) {
    if (a.n() != null && b.n() != null) {
      return new BigDecimal(a.n()).compareTo(new BigDecimal(b.n()));
    }
    if (a.s() != null && b.s() != null) {
      return compareCodePoints(a.s(), b.s());
    }
    if (a.b() != null && b.b() != null) {
      ByteBuffer x = a.b().asByteBuffer();
      ByteBuffer y = b.b().asByteBuffer();
      int n = Math.min(x.remaining(), y.remaining());
      for (int i = 0; i < n; i++) {
        int c = Integer.compare(x.get(x.position() + i) & 0xFF, y.get(y.position() + i) & 0xFF);
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(x.remaining(), y.remaining());
    }
    throw new IllegalArgumentException("sort key values must both be S, N or B of the same type, were "
        + a.type() + " and " + b.type());
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
