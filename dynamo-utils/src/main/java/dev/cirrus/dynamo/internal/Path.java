package dev.cirrus.dynamo.internal;

/**
 * An attribute path built as a linked list while descending, rendered only when an error is reported so the
 * size walk does not build strings.
 */
public final class Path {
  private final Path parent;
  private final String name;
  private final int index;

  private Path(Path parent, String name, int index) {
    this.parent = parent;
    this.name = name;
    this.index = index;
  }

  /** A top-level attribute or a map entry under {@code parent} (null for top level). */
  public static Path attribute(Path parent, String name) {
    return new Path(parent, name, -1);
  }

  /** A list or set element under {@code parent}. */
  public static Path element(Path parent, int index) {
    return new Path(parent, null, index);
  }

  /** Renders {@code a.b[3].c}; the empty string for null. */
  public static String render(Path path) {
    if (path == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder();
    path.append(sb);
    return sb.toString();
  }

  private void append(StringBuilder sb) {
    if (parent != null) {
      parent.append(sb);
    }
    if (name != null) {
      if (parent != null) {
        sb.append('.');
      }
      sb.append(name);
    } else {
      sb.append('[').append(index).append(']');
    }
  }
}
