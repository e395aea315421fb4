package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.ProxyResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * When no encrypted data key of a message decrypts, the exception's type and {@code retryable()} say
 * whether the decrypt can succeed later, whatever error code KMS chose, and its message names every key
 * and why it failed. Real KMS calls against moto; the errors moto does not produce are AWS's responses
 * injected at the proxy.
 */
class DataKeyDecryptionIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  static final byte[] DATA = "a message for exactly one key".getBytes(StandardCharsets.UTF_8);
  static final Map<String, String> CTX = Map.of("tenant", "t-7");
  static final String NO_KEY = NoDecryptableKeyException.SUMMARY + "; 1 encrypted data key: ";
  static final String UNAVAILABLE = KmsUnavailableException.SUMMARY + "; 1 encrypted data key: ";

  /** Two attempts per KMS call, 1-5 ms apart: the client retries, then the failure reaches Cirrus. */
  static final RetryPolicy TWO_ATTEMPTS =
      RetryPolicy.builder().maxAttempts(2).backoff(Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(5))).build();

  static ProxyResponse kmsError(int status, String code, String message) {
    String body = "{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}";
    return new ProxyResponse(status, status == 400 ? "Bad Request" : "Error",
        List.of(Map.entry("Content-Type", "application/x-amz-json-1.1"), Map.entry("x-amzn-ErrorType", code + ":")),
        body.getBytes(StandardCharsets.UTF_8));
  }

  static Fault kms(int status, String code) {
    return Fault.intercept(code, (req, upstream) -> kmsError(status, code, "injected " + code));
  }

  static byte[] encrypt(String... arns) {
    KmsKeyring.Builder b = KmsKeyring.builder().kmsClient(AWS.kms()).generatorKeyId(arns[0]);
    for (int i = 1; i < arns.length; i++) {
      b.addKeyId(arns[i]);
    }
    return CirrusCrypto.builder().keyring(b.build()).build().encrypt(DATA, CTX).ciphertext();
  }

  static KmsClient kmsVia(FaultProxy proxy) {
    return AWS.closeAfterTest(KmsClients.configure(AWS.clients(proxy).kmsBuilder(), TWO_ATTEMPTS).build());
  }

  static CirrusCrypto decryptorVia(FaultProxy proxy, String... arns) {
    KmsKeyring.Builder b = KmsKeyring.builder().kmsClient(kmsVia(proxy));
    for (String arn : arns) {
      b.addKeyId(arn);
    }
    return CirrusCrypto.builder().keyring(b.build()).build();
  }

  /** Decrypts a one-key message through a proxy that answers every KMS Decrypt with {@code fault}. */
  static Attempt decryptWith(Fault fault) {
    String arn = AWS.createKmsKeyArn();
    byte[] ct = encrypt(arn);
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.Decrypt", 1.0, fault);
    return new Attempt(arn, () -> decryptorVia(proxy, arn).decrypt(ct));
  }

  record Attempt(String arn, org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {}

  static void assertUnavailable(Attempt t, String reason) {
    assertThatThrownBy(t.call())
        .isInstanceOf(KmsUnavailableException.class)
        .hasMessage(UNAVAILABLE + t.arn() + " (aws-kms): " + reason + ", retryable")
        .satisfies(e -> {
          KmsUnavailableException k = (KmsUnavailableException) e;
          assertThat(k.retryable()).isTrue();
          assertThat(k.failures()).singleElement().satisfies(f -> {
            assertThat(f.keyId()).isEqualTo(t.arn());
            assertThat(f.providerId()).isEqualTo("aws-kms");
            assertThat(f.reason()).isEqualTo(reason);
            assertThat(f.retryable()).isTrue();
          });
          assertThat(k.getSuppressed()).isNotEmpty();
        });
  }

  static void assertNoKey(Attempt t, String reason) {
    assertThatThrownBy(t.call())
        .isInstanceOf(NoDecryptableKeyException.class)
        .hasMessage(NO_KEY + t.arn() + " (aws-kms): " + reason)
        .satisfies(e -> {
          NoDecryptableKeyException k = (NoDecryptableKeyException) e;
          assertThat(k.retryable()).isFalse();
          assertThat(k.failures()).singleElement().satisfies(f -> {
            assertThat(f.keyId()).isEqualTo(t.arn());
            assertThat(f.reason()).isEqualTo(reason);
            assertThat(f.retryable()).isFalse();
          });
        });
  }

  @Test
  void decrypt_kmsThrottling400_kmsUnavailableRetryable() {
    assertUnavailable(decryptWith(Fault.kmsThrottling()), "ThrottlingException (HTTP 400)");
  }

  @Test
  void decrypt_kmsInternalError500_kmsUnavailableRetryable() {
    assertUnavailable(decryptWith(Fault.serverError()), "KMSInternalException (HTTP 500)");
  }

  @Test
  void decrypt_serviceUnavailable503WithoutErrorCode_kmsUnavailableRetryable() {
    Fault plain503 = Fault.error(503, "Service Unavailable", List.of(Map.entry("Content-Type", "text/html")),
        "<html><body>Service Unavailable</body></html>");
    assertUnavailable(decryptWith(plain503), "no error code (HTTP 503)");
  }

  @Test
  void decrypt_connectionReset_kmsUnavailableRetryable() {
    Attempt t = decryptWith(Fault.connectionReset());
    assertThatThrownBy(t.call())
        .isInstanceOf(KmsUnavailableException.class)
        .hasMessageStartingWith(UNAVAILABLE + t.arn() + " (aws-kms): SdkClientException: ")
        .hasMessageEndingWith(", retryable")
        .satisfies(e -> assertThat(((CryptoException) e).retryable()).isTrue());
  }

  @Test
  void decrypt_accessDenied_noKeyCouldDecrypt() {
    assertNoKey(decryptWith(kms(400, "AccessDeniedException")), "AccessDeniedException (HTTP 400)");
  }

  @Test
  void decrypt_incorrectKey_noKeyCouldDecrypt() {
    assertNoKey(decryptWith(kms(400, "IncorrectKeyException")), "IncorrectKeyException (HTTP 400)");
  }

  @Test
  void decrypt_kmsInvalidCiphertext_noKeyCouldDecrypt() {
    assertNoKey(decryptWith(kms(400, "InvalidCiphertextException")), "InvalidCiphertextException (HTTP 400)");
  }

  /** moto 5 still decrypts under a disabled key; AWS answers 400 DisabledException, so the proxy does. */
  @Test
  void decrypt_keyDisabled_noKeyCouldDecrypt() {
    String keyId = AWS.createKmsKey();
    String arn = AWS.kms().describeKey(b -> b.keyId(keyId)).keyMetadata().arn();
    byte[] ct = encrypt(arn);
    AWS.kms().disableKey(b -> b.keyId(keyId));
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.Decrypt", 1.0, kms(400, "DisabledException"));

    assertNoKey(new Attempt(arn, () -> decryptorVia(proxy, arn).decrypt(ct)), "DisabledException (HTTP 400)");
  }

  @Test
  void decrypt_keyPendingDeletion_noKeyCouldDecrypt() {
    assertNoKey(decryptWith(kms(400, "KMSInvalidStateException")), "KMSInvalidStateException (HTTP 400)");
  }

  @Test
  void decrypt_oneKeyThrottledOtherDenied_kmsUnavailableListsBothInMessageOrder() {
    String k1 = AWS.createKmsKeyArn();
    String k2 = AWS.createKmsKeyArn();
    byte[] ct = encrypt(k1, k2);
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.Decrypt", 1.0, Fault.intercept("byKey", (req, upstream) ->
        new String(req.body(), StandardCharsets.UTF_8).contains(k1)
            ? kmsError(400, "AccessDeniedException", "denied")
            : kmsError(400, "ThrottlingException", "Rate exceeded")));

    assertThatThrownBy(() -> decryptorVia(proxy, k1, k2).decrypt(ct))
        .isInstanceOf(KmsUnavailableException.class)
        .hasMessage(KmsUnavailableException.SUMMARY + "; 2 encrypted data keys: "
            + k1 + " (aws-kms): AccessDeniedException (HTTP 400); "
            + k2 + " (aws-kms): ThrottlingException (HTTP 400), retryable");
  }

  @Test
  void decrypt_oneKeyDeniedOtherNotHeld_noKeyCouldDecryptListsBoth() {
    String k1 = AWS.createKmsKeyArn();
    String k2 = AWS.createKmsKeyArn();
    byte[] ct = encrypt(k1, k2);
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.Decrypt", 1.0, kms(400, "AccessDeniedException"));

    assertThatThrownBy(() -> decryptorVia(proxy, k2).decrypt(ct))
        .isInstanceOf(NoDecryptableKeyException.class)
        .hasMessage(NoDecryptableKeyException.SUMMARY + "; 2 encrypted data keys: "
            + k1 + " (aws-kms): " + DataKeyFailure.NOT_HELD + "; "
            + k2 + " (aws-kms): AccessDeniedException (HTTP 400)");
  }

  @Test
  void decryptAsync_throttledThenDenied_sameTypesAsSync() {
    String arn = AWS.createKmsKeyArn();
    byte[] ct = encrypt(arn);
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.Decrypt", 1.0, Fault.kmsThrottling());
    KmsAsyncClient kms = AWS.closeAfterTest(KmsClients.configure(AWS.clients(proxy).kmsAsyncBuilder(), TWO_ATTEMPTS).build());
    CirrusCrypto crypto = CirrusCrypto.builder().keyring(KmsKeyring.builder().kmsAsyncClient(kms).addKeyId(arn).build()).build();

    assertThatThrownBy(() -> crypto.decryptAsync(ct, Map.of()).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(KmsUnavailableException.class)
        .hasMessage(UNAVAILABLE + arn + " (aws-kms): ThrottlingException (HTTP 400), retryable");
    proxy.clearFaults();
    proxy.inject("KMS.Decrypt", 1.0, kms(400, "AccessDeniedException"));
    assertThatThrownBy(() -> crypto.decryptAsync(ct, Map.of()).join())
        .isInstanceOf(CompletionException.class)
        .cause()
        .isInstanceOf(NoDecryptableKeyException.class)
        .hasMessage(NO_KEY + arn + " (aws-kms): AccessDeniedException (HTTP 400)");
  }

  @Test
  void decrypt_multiKeyringWrongRawKeyAndThrottledKms_kmsUnavailableListsBoth() {
    String arn = AWS.createKmsKeyArn();
    KmsKeyring kms = KmsKeyring.builder().kmsClient(AWS.kms()).addKeyId(arn).build();
    byte[] ct = CirrusCrypto.builder().keyring(MultiKeyring.of(EsdkInteropTest.CIRRUS_KEYRING, List.of(kms))).build()
        .encrypt(DATA, CTX).ciphertext();
    RawAesKeyring impostor = RawAesKeyring.builder().keyNamespace(EsdkInteropTest.NAMESPACE)
        .keyName(EsdkInteropTest.NAME).wrappingKey(new byte[32]).build();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.Decrypt", 1.0, Fault.kmsThrottling());
    KmsKeyring throttled = KmsKeyring.builder().kmsClient(kmsVia(proxy)).addKeyId(arn).build();
    CirrusCrypto crypto = CirrusCrypto.builder().keyring(MultiKeyring.of(impostor, List.of(throttled))).build();

    assertThatThrownBy(() -> crypto.decrypt(ct))
        .isInstanceOf(KmsUnavailableException.class)
        .hasMessage(KmsUnavailableException.SUMMARY + "; 2 encrypted data keys: "
            + EsdkInteropTest.NAME + " (" + EsdkInteropTest.NAMESPACE + "): " + RawAesKeyring.UNWRAP_FAILED + "; "
            + arn + " (aws-kms): ThrottlingException (HTTP 400), retryable");
  }

  @Test
  void encrypt_kmsThrottledOrKeyMissing_kmsOperationExceptionRetryableOnlyWhenThrottled() {
    String arn = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.GenerateDataKey", 1.0, Fault.kmsThrottling());
    CirrusCrypto throttled =
        CirrusCrypto.builder().keyring(KmsKeyring.builder().kmsClient(kmsVia(proxy)).generatorKeyId(arn).build()).build();
    String missing = java.util.UUID.randomUUID().toString();
    CirrusCrypto unknown =
        CirrusCrypto.builder().keyring(KmsKeyring.builder().kmsClient(AWS.kms()).generatorKeyId(missing).build()).build();

    assertThatThrownBy(() -> throttled.encrypt(DATA, CTX))
        .isInstanceOf(KmsOperationException.class)
        .hasMessage("KMS GenerateDataKey failed for key " + arn + " with error code ThrottlingException")
        .satisfies(e -> assertThat(((CryptoException) e).retryable()).isTrue());
    assertThatThrownBy(() -> unknown.encrypt(DATA, CTX))
        .isInstanceOf(KmsOperationException.class)
        .hasMessage("KMS GenerateDataKey failed for key " + missing + " with error code NotFoundException")
        .satisfies(e -> assertThat(((CryptoException) e).retryable()).isFalse());
  }
}
