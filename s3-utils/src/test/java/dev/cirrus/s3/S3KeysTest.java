package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.s3.S3Keys.KeyIssue;
import org.junit.jupiter.api.Test;

class S3KeysTest {

  @Test
  void validate_exactly1024Bytes_accepted() {
    String key = "é".repeat(512);
    assertThat(S3Keys.utf8Length(key)).isEqualTo(1024);
    assertThat(S3Keys.validate(key)).isEqualTo(key);
  }

  @Test
  void validate_1025Bytes_throwsIllegalArgument() {
    assertThatThrownBy(() -> S3Keys.validate("é".repeat(512) + "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key must be at most 1024 UTF-8 bytes, was 1025");
  }

  @Test
  void validate_emptyOrNull_throws() {
    assertThatThrownBy(() -> S3Keys.validate("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key must not be empty");
    assertThatThrownBy(() -> S3Keys.validate(null)).isInstanceOf(NullPointerException.class).hasMessage("key");
  }

  @Test
  void validate_unpairedSurrogate_throwsIllegalArgument() {
    assertThatThrownBy(() -> S3Keys.validate("ab\uD800c"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key must be valid UTF-16, has an unpaired surrogate U+D800 at index 2");
  }

  @Test
  void validate_xmlInvalidControl_throwsIllegalArgument() {
    assertThatThrownBy(() -> S3Keys.validate("a\u0001b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("key must not contain U+0001 (not allowed in XML 1.0 listings), found at index 1");
  }

  @Test
  void utf8Length_supplementaryCharacter_fourBytes() {
    assertThat(S3Keys.utf8Length("😀")).isEqualTo(4);
    assertThat(S3Keys.validate("😀")).isEqualTo("😀");
  }

  @Test
  void issues_safeKey_empty() {
    assertThat(S3Keys.issues("photos/2024/img_01.(1)'!*-.jpg")).isEmpty();
  }

  @Test
  void issues_characterClasses_reported() {
    assertThat(S3Keys.issues("a b")).containsExactly(KeyIssue.NEEDS_URL_ENCODING);
    assertThat(S3Keys.issues("a#b")).containsExactly(KeyIssue.AVOIDED_CHARACTER);
    assertThat(S3Keys.issues("a\tb")).containsExactly(KeyIssue.CONTROL_CHARACTER);
    assertThat(S3Keys.issues("/a//b")).containsExactly(KeyIssue.SLASH_SEQUENCE);
    assertThat(S3Keys.issues("a/../b")).containsExactly(KeyIssue.DOT_SEGMENT);
    assertThat(S3Keys.issues("café")).containsExactly(KeyIssue.NON_ASCII);
  }
}
