package dev.cirrus.s3.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The text inputs of the s3-utils fuzz tests: the input's bytes as ISO-8859-1 (as HTTP header values arrive),
 * cut into lines at {@code '\n'}; a missing line, or one that is exactly {@code <null>}, is an absent header.
 * Seeds are therefore readable text files.
 */
final class FuzzLines {
  private final String[] lines;

  FuzzLines(byte[] input, int count) {
    this.lines = Arrays.copyOf(new String(input, StandardCharsets.ISO_8859_1).split("\n", count), count);
  }

  String get(int i) {
    return "<null>".equals(lines[i]) ? null : lines[i];
  }

  Long asLong(int i) {
    try {
      return lines[i] == null ? null : Long.valueOf(lines[i].trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  Integer asInt(int i) {
    Long v = asLong(i);
    return v == null || v != v.intValue() ? null : v.intValue();
  }
}
