package dev.cirrus.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.crypto.CirrusCrypto;
import dev.cirrus.crypto.EncryptResult;
import dev.cirrus.crypto.KmsKeyring;
import dev.cirrus.crypto.KmsOperationException;
import dev.cirrus.crypto.KmsUnavailableException;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsClient;

/** The crypto meters over real KMS calls to moto through the fault proxy: every count equals the proxy's. */
class CryptoMetricsIntegrationTest {
  @RegisterExtension
  static final LocalAws AWS = new LocalAws();

  private static final byte[] DATA = "attack at dawn, bring snacks".getBytes(StandardCharsets.UTF_8);
  private static final Map<String, String> CTX = Map.of("tenant", "t-42");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  /** A KMS client through {@code proxy} with the SDK's retries off: each call is one request. */
  private KmsClient kms(FaultProxy proxy) {
    return AWS.closeAfterTest(AWS.clients(proxy).kmsBuilder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
  }

  private CirrusCrypto crypto(KmsKeyring.Builder keyring, CryptoMetrics metrics) {
    return CirrusCrypto.builder().keyring(keyring.listener(metrics).build()).listener(metrics).build();
  }

  private double calls(String operation, String outcome) {
    return registry.get("cirrus.crypto.kms.calls")
        .tags("name", "orders", "operation", operation, "outcome", outcome).functionCounter().count();
  }

  private double counter(String meter, String direction) {
    return registry.get(meter).tags("name", "orders", "direction", direction).functionCounter().count();
  }

  private long latencyCount(String operation) {
    return (long) registry.get("cirrus.crypto.kms.latency").tags("name", "orders", "operation", operation)
        .functionTimer().count();
  }

  @Test
  void cryptoListener_oneThrottledGenerateDataKey_countsEqualTheProxysRequests() {
    String generator = AWS.createKmsKeyArn();
    String additional = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy(31);
    proxy.injectSequence("KMS.GenerateDataKey", Fault.kmsThrottling());
    CryptoMetrics metrics = CirrusMetrics.cryptoListener(registry, "orders");
    CirrusCrypto crypto = crypto(KmsKeyring.builder().kmsClient(kms(proxy)).generatorKeyId(generator)
        .addKeyId(additional), metrics);

    assertThatThrownBy(() -> crypto.encrypt(DATA, CTX)).isInstanceOf(KmsOperationException.class);
    for (int i = 0; i < 3; i++) {
      EncryptResult r = crypto.encrypt(DATA, CTX);
      assertThat(crypto.decrypt(r.ciphertext(), CTX).plaintext()).isEqualTo(DATA);
    }

    assertThat(calls("generate_data_key", "throttled")).as(proxy.counts().toString())
        .isEqualTo(proxy.faulted("KMS.GenerateDataKey")).isEqualTo(1);
    assertThat(calls("generate_data_key", "success")).isEqualTo(proxy.count("KMS.GenerateDataKey", Outcome.FORWARDED))
        .isEqualTo(3);
    assertThat(calls("encrypt", "success")).isEqualTo(proxy.count("KMS.Encrypt", Outcome.FORWARDED)).isEqualTo(3);
    assertThat(calls("decrypt", "success")).isEqualTo(proxy.count("KMS.Decrypt", Outcome.FORWARDED)).isEqualTo(3);
    assertThat(calls("generate_data_key", "error") + calls("decrypt", "error") + calls("decrypt", "throttled"))
        .isZero();
    assertThat(latencyCount("generate_data_key")).isEqualTo(proxy.count("KMS.GenerateDataKey"));
    assertThat(latencyCount("encrypt")).isEqualTo(proxy.count("KMS.Encrypt"));
    assertThat(latencyCount("decrypt")).isEqualTo(proxy.count("KMS.Decrypt"));
    assertThat(counter("cirrus.crypto.messages", "encrypt")).isEqualTo(3);
    assertThat(counter("cirrus.crypto.messages", "decrypt")).isEqualTo(3);
    assertThat(counter("cirrus.crypto.bytes", "encrypt")).isEqualTo(3.0 * DATA.length);
    assertThat(counter("cirrus.crypto.bytes", "decrypt")).isEqualTo(3.0 * DATA.length);
    assertThat(registry.getMeters()).flatExtracting(m -> m.getId().getTags()).extracting(Tag::getValue)
        .noneMatch(v -> v.contains(generator) || v.contains(additional) || v.contains("t-42"));
  }

  @Test
  void cryptoListener_decryptFailsWithServerError_errorCountedNoMessage() {
    String key = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy(32);
    CryptoMetrics metrics = CirrusMetrics.cryptoListener(registry, "orders");
    CirrusCrypto crypto = crypto(KmsKeyring.builder().kmsClient(kms(proxy)).generatorKeyId(key), metrics);
    byte[] message = crypto.encrypt(DATA, CTX).ciphertext();
    proxy.inject("KMS.Decrypt", 1.0, Fault.serverError());

    assertThatThrownBy(() -> crypto.decrypt(message, CTX)).isInstanceOf(KmsUnavailableException.class);

    assertThat(calls("decrypt", "error")).isEqualTo(proxy.faulted("KMS.Decrypt")).isEqualTo(1);
    assertThat(calls("decrypt", "success")).isZero();
    assertThat(counter("cirrus.crypto.messages", "encrypt")).isEqualTo(1);
    assertThat(counter("cirrus.crypto.messages", "decrypt")).isZero();
    assertThat(counter("cirrus.crypto.bytes", "decrypt")).isZero();
  }

  @Test
  void cryptoListener_asyncClient_countsEqualTheProxysRequests() {
    String key = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy(33);
    proxy.injectSequence("KMS.Decrypt", Fault.kmsThrottling());
    KmsAsyncClient async = AWS.closeAfterTest(AWS.clients(proxy).kmsAsyncBuilder()
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry())).build());
    CryptoMetrics metrics = CirrusMetrics.cryptoListener(registry, "orders");
    CirrusCrypto crypto = crypto(KmsKeyring.builder().kmsAsyncClient(async).generatorKeyId(key), metrics);

    byte[] message = crypto.encryptAsync(DATA, CTX).join().ciphertext();
    assertThatThrownBy(() -> crypto.decryptAsync(message, CTX).join()).hasCauseInstanceOf(KmsUnavailableException.class);
    assertThat(crypto.decryptAsync(message, CTX).join().plaintext()).isEqualTo(DATA);

    assertThat(calls("generate_data_key", "success")).isEqualTo(proxy.count("KMS.GenerateDataKey")).isEqualTo(1);
    assertThat(calls("decrypt", "throttled")).isEqualTo(proxy.faulted("KMS.Decrypt")).isEqualTo(1);
    assertThat(calls("decrypt", "success")).isEqualTo(proxy.count("KMS.Decrypt", Outcome.FORWARDED)).isEqualTo(1);
    assertThat(counter("cirrus.crypto.messages", "decrypt")).isEqualTo(1);
    assertThat(registry.find("cirrus.crypto.kms.calls").meters()).extracting(Meter::getId).hasSize(9);
  }
}
