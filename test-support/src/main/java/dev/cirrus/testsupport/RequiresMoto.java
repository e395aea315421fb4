package dev.cirrus.testsupport;

import java.util.Locale;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Marks tests that need moto, so that {@code mvn -B verify -Dcirrus.moto=skip} runs every other test on a
 * machine without moto.
 *
 * <p>{@link LocalAws} applies this condition itself; a test class that starts {@link MotoServer} without
 * {@code LocalAws} declares {@code @ExtendWith(RequiresMoto.class)}. With the system property {@value
 * #PROPERTY} set to {@code skip}, such tests are reported as skipped and {@link MotoServer#start()} refuses
 * to start, so a moto test that is not marked fails loudly instead of hiding. Unset or {@code run}: tests run.
 *
 * <p>This class is thread-safe.
 */
public final class RequiresMoto implements ExecutionCondition {

  /** System property: {@code run} (the default) or {@code skip}. */
  public static final String PROPERTY = "cirrus.moto";

  /**
   * Whether moto-backed tests are skipped in this JVM.
   *
   * @throws IllegalArgumentException if {@value #PROPERTY} is set to anything but {@code run} or {@code skip}
   */
  public static boolean skipped() {
    String value = System.getProperty(PROPERTY, "run");
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "run":
      case "":
        return false;
      case "skip":
        return true;
      default:
        throw new IllegalArgumentException(PROPERTY + " must be run or skip, was " + value);
    }
  }

  @Override
  public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
    return skipped()
        ? ConditionEvaluationResult.disabled("needs moto, and " + PROPERTY + "=skip")
        : ConditionEvaluationResult.enabled("needs moto; " + PROPERTY + " is not skip");
  }
}
