package dev.cirrus.s3;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Checks S3 object keys: the 1,024-byte UTF-8 limit and the characters that need care.
 *
 * <p>S3 accepts any UTF-8 key of 1 to 1,024 bytes, but some characters break other tools:
 * <ul>
 *   <li><b>Rejected</b> by {@link #validate}: an empty key, more than 1,024 UTF-8 bytes, an unpaired UTF-16
 *       surrogate (it has no UTF-8 form), and characters that XML 1.0 cannot carry (U+0000 to U+001F except
 *       tab, LF and CR, and U+FFFE/U+FFFF): such keys can be written but ListObjects and DeleteObjects answer
 *       them in XML, which breaks many clients unless they request URL encoding.
 *   <li><b>Reported</b> by {@link #issues} as {@link KeyIssue}s: the characters the S3 documentation lists as
 *       "might require special handling" or "to avoid", leading or doubled slashes, and {@code .} or
 *       {@code ..} path segments (which some SDKs and file-system tools normalize away).
 * </ul>
 *
 * <p>This class is threadsafe (stateless).
 */
public final class S3Keys {
  /** The maximum length of a key in UTF-8 bytes: {@value}. */
  public static final int MAX_KEY_BYTES = 1024;

  /** A reason a key may need care even though S3 accepts it. */
  public enum KeyIssue {
    /** One of {@code & $ @ = ; : + , ?} or a space: must be URL-encoded in URLs and some SDK paths. */
    NEEDS_URL_ENCODING,
    /** One of {@code \ { ^ } % ` ] " > [ ~ < # |}: the S3 documentation says to avoid these. */
    AVOIDED_CHARACTER,
    /** A tab, LF, CR or DEL, or a C1 control character (U+0080 to U+009F). */
    CONTROL_CHARACTER,
    /** A key that starts with {@code /} or contains {@code //}. */
    SLASH_SEQUENCE,
    /** A path segment that is {@code .} or {@code ..}. */
    DOT_SEGMENT,
    /** A character outside ASCII: fine for S3, but tools differ in Unicode normalization. */
    NON_ASCII
  }

  private static final String URL_CHARS = "&$@=;:+,? ";
  private static final String AVOID_CHARS = "\\{^}%`]\">[~<#|";

  private S3Keys() {}

  /**
   * Returns the length of {@code key} in UTF-8 bytes, counting an unpaired surrogate as 1 byte like
   * {@link String#getBytes}.
   *
   * @param key the object key
   * @return the length in UTF-8 bytes
   * @throws NullPointerException if key is null
   */
  public static int utf8Length(CharSequence key) {
    Objects.requireNonNull(key, "key");
    int bytes = 0;
    int n = key.length();
    for (int i = 0; i < n; i++) {
      char c = key.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(key.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else if (Character.isSurrogate(c)) {
        bytes += 1;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }

  /**
   * Checks that S3 and XML-based listings can carry {@code key}, and returns it.
   *
   * @param key the key
   * @return key
   * @throws NullPointerException if key is null
   * @throws IllegalArgumentException if key is empty, longer than 1,024 UTF-8 bytes, contains an unpaired
   *     surrogate or a character XML 1.0 cannot carry; the message names the problem and the position
   */
  public static String validate(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("key must not be empty");
    }
    int bytes = utf8Length(key);
    if (bytes > MAX_KEY_BYTES) {
      throw new IllegalArgumentException(
          "key must be at most " + MAX_KEY_BYTES + " UTF-8 bytes, was " + bytes);
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < key.length() && Character.isLowSurrogate(key.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "key must be valid UTF-16, has an unpaired surrogate U+" + hex(c) + " at index " + i);
      } else if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xfffe || c == 0xffff) {
        throw new IllegalArgumentException(
            "key must not contain U+" + hex(c) + " (not allowed in XML 1.0 listings), found at index " + i);
      }
    }
    return key;
  }

  /**
   * Returns the kinds of care {@code key} needs; empty if it uses only the characters S3 calls safe
   * ({@code 0-9 a-z A-Z ! - _ . * ' ( )} and single {@code /} separators).
   *
   * @param key the object key
   * @return the kinds of care the key needs, possibly empty
   * @throws NullPointerException if key is null
   */
  public static Set<KeyIssue> issues(String key) {
    Objects.requireNonNull(key, "key");
    EnumSet<KeyIssue> out = EnumSet.noneOf(KeyIssue.class);
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (URL_CHARS.indexOf(c) >= 0) {
        out.add(KeyIssue.NEEDS_URL_ENCODING);
      } else if (AVOID_CHARS.indexOf(c) >= 0) {
        out.add(KeyIssue.AVOIDED_CHARACTER);
      } else if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
        out.add(KeyIssue.CONTROL_CHARACTER);
      } else if (c >= 0x80) {
        out.add(KeyIssue.NON_ASCII);
      }
    }
    if (key.startsWith("/") || key.contains("//")) {
      out.add(KeyIssue.SLASH_SEQUENCE);
    }
    for (String segment : key.split("/", -1)) {
      if (segment.equals(".") || segment.equals("..")) {
        out.add(KeyIssue.DOT_SEGMENT);
      }
    }
    return out;
  }

  private static String hex(char c) {
    return String.format("%04X", (int) c);
  }
}
