package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

class ErrorClassifierNeverSentTest {
  private final ErrorClassifier classifier = ErrorClassifier.aws();

  private static Throwable apache(String className) throws ReflectiveOperationException {
    return (Throwable) Class.forName(className).getConstructor(String.class).newInstance("Connect timed out");
  }

  @Test
  void cannotHaveExecuted_failuresToConnect_true() throws ReflectiveOperationException {
    assertThat(classifier.cannotHaveExecuted(new ConnectException("Connection refused"))).isTrue();
    assertThat(classifier.cannotHaveExecuted(new UnknownHostException("dynamodb.nowhere"))).isTrue();
    assertThat(classifier.cannotHaveExecuted(new NoRouteToHostException("No route to host"))).isTrue();
    assertThat(classifier.cannotHaveExecuted(apache("org.apache.http.conn.ConnectTimeoutException"))).isTrue();
    assertThat(classifier.cannotHaveExecuted(apache("org.apache.http.conn.ConnectionPoolTimeoutException")))
        .isTrue();
  }

  @Test
  void cannotHaveExecuted_wrappedInSdkAndFutureExceptions_true() {
    Throwable wrapped = new CompletionException(SdkClientException.create("Unable to execute HTTP request",
        new ConnectException("Connection refused")));

    assertThat(classifier.cannotHaveExecuted(wrapped)).isTrue();
  }

  @Test
  void cannotHaveExecuted_failuresAfterSending_false() {
    assertThat(classifier.cannotHaveExecuted(new SocketException("Connection reset"))).isFalse();
    assertThat(classifier.cannotHaveExecuted(new SocketTimeoutException("Read timed out"))).isFalse();
    assertThat(classifier.cannotHaveExecuted(new SocketTimeoutException("Connect timed out"))).isFalse();
    assertThat(classifier.cannotHaveExecuted(new IOException("Premature end of Content-Length"))).isFalse();
    assertThat(classifier.cannotHaveExecuted(ApiCallAttemptTimeoutException.create(1000))).isFalse();
    assertThat(classifier.cannotHaveExecuted(RetryPolicyTest.serverError())).isFalse();
    assertThat(classifier.cannotHaveExecuted(RetryPolicyTest.throttle())).isFalse();
  }

  @Test
  void cannotHaveExecuted_withOverride_keepsFallbackRule() {
    ErrorClassifier overridden = classifier.withOverride(t -> ErrorKind.TRANSIENT);

    assertThat(overridden.cannotHaveExecuted(new ConnectException("Connection refused"))).isTrue();
    assertThat(overridden.cannotHaveExecuted(new SocketException("Connection reset"))).isFalse();
  }

  @Test
  void cannotHaveExecuted_null_nullPointerNamingFailure() {
    assertThatThrownBy(() -> classifier.cannotHaveExecuted(null)).isInstanceOf(NullPointerException.class)
        .hasMessage("failure");
  }
}
