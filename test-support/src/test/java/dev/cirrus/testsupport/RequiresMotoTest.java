package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/** {@code -Dcirrus.moto=skip} skips moto-backed tests, and a moto start that is not marked fails loudly. */
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class RequiresMotoTest {

  private String saved;

  @BeforeEach
  void save() {
    saved = System.getProperty(RequiresMoto.PROPERTY);
  }

  @AfterEach
  void restore() {
    if (saved == null) {
      System.clearProperty(RequiresMoto.PROPERTY);
    } else {
      System.setProperty(RequiresMoto.PROPERTY, saved);
    }
  }

  @Test
  void skipped_propertyUnsetOrRun_isFalse() {
    System.clearProperty(RequiresMoto.PROPERTY);
    assertThat(RequiresMoto.skipped()).isFalse();

    System.setProperty(RequiresMoto.PROPERTY, "run");
    assertThat(RequiresMoto.skipped()).isFalse();
  }

  @Test
  void evaluate_propertySkip_disablesWithReason() {
    System.setProperty(RequiresMoto.PROPERTY, "skip");

    var result = new RequiresMoto().evaluateExecutionCondition(null);

    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason()).hasValue("needs moto, and cirrus.moto=skip");
  }

  @Test
  void evaluate_localAwsWithPropertySkip_disables() {
    System.setProperty(RequiresMoto.PROPERTY, "SKIP");

    assertThat(new LocalAws().evaluateExecutionCondition(null).isDisabled()).isTrue();
  }

  @Test
  void skipped_unknownValue_throwsNamingPropertyAndValue() {
    System.setProperty(RequiresMoto.PROPERTY, "maybe");

    assertThatThrownBy(RequiresMoto::skipped)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cirrus.moto must be run or skip, was maybe");
  }

  @Test
  void start_propertySkip_refusesToStartMoto() {
    System.setProperty(RequiresMoto.PROPERTY, "skip");

    assertThatThrownBy(MotoServer::start)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("cirrus.moto=skip, but moto was started: a test that needs moto must use LocalAws or "
            + "@ExtendWith(RequiresMoto.class)");
  }
}
