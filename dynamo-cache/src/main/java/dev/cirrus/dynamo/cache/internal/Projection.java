package dev.cirrus.dynamo.cache.internal;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A projection of top-level attributes, applied to a cached whole item. The cache stores whole items only, so a
 * projected read never populates an entry a full read could see; a projection of nested paths ({@code a.b},
 * {@code l[1]}) is not evaluated locally and goes to DynamoDB.
 */
public final class Projection {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
  private static final Pattern PLACEHOLDER = Pattern.compile("#[A-Za-z0-9_]+");

  /** Reading the whole item. */
  public static final Projection ALL = new Projection(null);
  /** A projection the cache does not evaluate: the read passes through. */
  public static final Projection NESTED = new Projection(null);

  private final Set<String> names;

  private Projection(Set<String> names) {
    this.names = names;
  }

  /**
   * The projection of a GetItem or KeysAndAttributes: {@code ProjectionExpression} with its names resolved, else
   * {@code AttributesToGet}, else {@link #ALL}.
   */
  public static Projection of(String expression, Map<String, String> names, List<String> attributesToGet) {
    if (expression != null && !expression.isBlank()) {
      Set<String> out = new LinkedHashSet<>();
      for (String token : expression.split(",", -1)) {
        String t = token.trim();
        if (PLACEHOLDER.matcher(t).matches() && names != null && names.containsKey(t)) {
          out.add(names.get(t));
        } else if (NAME.matcher(t).matches()) {
          out.add(t);
        } else {
          return NESTED;
        }
      }
      return new Projection(Set.copyOf(out));
    }
    if (attributesToGet != null && !attributesToGet.isEmpty()) {
      return new Projection(Set.copyOf(attributesToGet));
    }
    return ALL;
  }

  /** The item as DynamoDB would return it under this projection; null stays null. */
  public Map<String, AttributeValue> apply(Map<String, AttributeValue> item) {
    if (item == null || names == null) {
      return item;
    }
    Map<String, AttributeValue> out = new HashMap<>(names.size() * 2);
    for (String n : names) {
      AttributeValue v = item.get(n);
      if (v != null) {
        out.put(n, v);
      }
    }
    return Map.copyOf(out);
  }
}
