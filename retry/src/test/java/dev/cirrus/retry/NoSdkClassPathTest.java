package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The core works with only cirrus-retry and slf4j-api on the class path: the SDK is truly optional. */
class NoSdkClassPathTest {

  /**
   * A loader that sees only the two jars and the JDK's boot modules. Not the platform loader as parent: it hands
   * packages of named modules to the application loader, and when tests run on the module path the SDK jars
   * (and cirrus-retry itself) are such modules, so the SDK would be visible again.
   */
  private static URLClassLoader withoutSdk() {
    URL retry = RetryPolicy.class.getProtectionDomain().getCodeSource().getLocation();
    URL slf4j = LoggerFactory.class.getProtectionDomain().getCodeSource().getLocation();
    return new URLClassLoader(new URL[] {retry, slf4j}, null);
  }

  @Test
  void coreTypes_sdkAbsent_classifyAndRetry() throws Exception {
    try (URLClassLoader loader = withoutSdk()) {
      assertThatThrownBy(() -> loader.loadClass("software.amazon.awssdk.core.exception.SdkServiceException"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> classifier = loader.loadClass("dev.cirrus.retry.AwsErrorClassifier");
      Object aws = classifier.getMethod("defaults").invoke(null);
      Object kind = classifier.getMethod("classify", Throwable.class).invoke(aws, new IOException("reset"));
      Object notRetryable = classifier.getMethod("classify", Throwable.class).invoke(aws, new IllegalStateException());

      Class<?> policyClass = loader.loadClass("dev.cirrus.retry.RetryPolicy");
      Class<?> backoffClass = loader.loadClass("dev.cirrus.retry.Backoff");
      Object builder = policyClass.getMethod("builder").invoke(null);
      builder.getClass().getMethod("backoff", backoffClass).invoke(builder, backoffClass.getMethod("none").invoke(null));
      Object policy = builder.getClass().getMethod("build").invoke(builder);
      int[] calls = {0};
      Callable<String> flaky = () -> {
        if (calls[0]++ == 0) {
          throw new IOException("reset");
        }
        return "ok";
      };
      Object result = policyClass.getMethod("call", Callable.class).invoke(policy, flaky);

      assertThat(kind).hasToString("TRANSIENT");
      assertThat(notRetryable).hasToString("NOT_RETRYABLE");
      assertThat(result).isEqualTo("ok");
      assertThat(calls[0]).isEqualTo(2);
    }
  }
}
