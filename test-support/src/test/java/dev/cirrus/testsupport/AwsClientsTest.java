package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.services.s3.S3AsyncClientBuilder;

class AwsClientsTest {

  private final AwsClients clients = new AwsClients(URI.create("http://127.0.0.1:1"));

  @Test
  void amend_presetAsyncS3Builder_keepsTimeoutAndInterceptorAndAddsTheSetting() {
    S3AsyncClientBuilder builder = AwsClients.amend(clients.s3AsyncBuilder(), o -> o.retryStrategy(RetryMode.STANDARD));

    ClientOverrideConfiguration config = builder.overrideConfiguration();
    assertThat(config.apiCallTimeout()).contains(Duration.ofMinutes(5));
    assertThat(config.executionInterceptors()).hasSize(1);
    assertThat(config.retryMode().isPresent() || config.retryStrategy().isPresent()).isTrue();
  }

  @Test
  void overrideConfigurationConsumer_presetAsyncS3Builder_dropsThePresetSettings() {
    // Why amend exists: the SDK's consumer form starts from an empty configuration.
    S3AsyncClientBuilder builder = clients.s3AsyncBuilder().overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD));

    ClientOverrideConfiguration config = builder.overrideConfiguration();
    assertThat(config.apiCallTimeout()).isEmpty();
    assertThat(config.executionInterceptors()).isEmpty();
  }
}
