package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import dev.cirrus.retry.Backoff;
import dev.cirrus.retry.RetryPolicy;
import dev.cirrus.testsupport.AwsClients;
import dev.cirrus.testsupport.Fault;
import dev.cirrus.testsupport.FaultProxy;
import dev.cirrus.testsupport.LocalAws;
import dev.cirrus.testsupport.Outcome;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.cryptography.materialproviders.IKeyring;
import software.amazon.cryptography.materialproviders.model.CreateAwsKmsKeyringInput;

class KmsKeyringIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  static final byte[] DATA = "attack at dawn, bring snacks".getBytes(StandardCharsets.UTF_8);
  static final Map<String, String> CTX = Map.of("tenant", "t-42", "purpose", "test");

  static RetryPolicy fastRetry(int attempts) {
    return RetryPolicy.builder()
        .maxAttempts(attempts)
        .backoff(Backoff.fullJitter(Duration.ofMillis(1), Duration.ofMillis(5)))
        .build();
  }

  static IKeyring esdkKmsKeyring(String arn, KmsClient kms) {
    return Esdk.MPL.CreateAwsKmsKeyring(CreateAwsKmsKeyringInput.builder().kmsKeyId(arn).kmsClient(kms).build());
  }

  @Test
  void encrypt_generatorAndAdditionalKey_eitherKeyDecrypts() {
    String k1 = AWS.createKmsKeyArn();
    String k2 = AWS.createKmsKeyArn();
    CirrusCrypto both =
        CirrusCrypto.builder()
            .keyring(KmsKeyring.builder().kmsClient(AWS.kms()).generatorKeyId(k1).addKeyId(k2).build())
            .build();
    CirrusCrypto onlySecond =
        CirrusCrypto.builder().keyring(KmsKeyring.builder().kmsClient(AWS.kms()).addKeyId(k2).build()).build();

    EncryptResult r = both.encrypt(DATA, CTX);
    DecryptResult d = onlySecond.decrypt(r.ciphertext(), CTX);

    assertThat(r.keyIds()).containsExactly(k1, k2);
    assertThat(d.plaintext()).isEqualTo(DATA);
    assertThat(d.keyId()).isEqualTo(k2);
    assertThat(both.decrypt(r.ciphertext()).keyId()).isEqualTo(k1);
  }

  @Test
  void encrypt_bareKeyId_decryptMatchesArnInMessage() {
    String keyId = AWS.createKmsKey();
    CirrusCrypto crypto =
        CirrusCrypto.builder().keyring(KmsKeyring.builder().kmsClient(AWS.kms()).generatorKeyId(keyId).build()).build();

    EncryptResult r = crypto.encrypt(DATA, CTX);

    assertThat(r.keyIds().get(0)).startsWith("arn:aws:kms:").endsWith(":key/" + keyId);
    assertThat(crypto.decrypt(r.ciphertext()).plaintext()).isEqualTo(DATA);
  }

  @Test
  void encrypt_cirrusKms_esdkKmsKeyringDecrypts_andReverse() {
    String arn = AWS.createKmsKeyArn();
    for (AlgorithmSuite suite : List.of(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
        AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384)) {
      CirrusCrypto cirrus =
          CirrusCrypto.builder()
              .algorithmSuite(suite)
              .keyring(KmsKeyring.builder().kmsClient(AWS.kms()).generatorKeyId(arn).build())
              .build();
      AwsCrypto esdk = Esdk.client(suite.id(), 4096);
      IKeyring esdkKeyring = esdkKmsKeyring(arn, AWS.kms());

      byte[] fromCirrus = cirrus.encrypt(DATA, CTX).ciphertext();
      byte[] fromEsdk = esdk.encryptData(esdkKeyring, DATA, CTX).getResult();

      assertThat(esdk.decryptData(esdkKeyring, fromCirrus).getResult()).isEqualTo(DATA);
      DecryptResult d = cirrus.decrypt(fromEsdk, CTX);
      assertThat(d.plaintext()).isEqualTo(DATA);
      assertThat(d.keyId()).isEqualTo(arn);
    }
  }

  @Test
  void encryptAsync_asyncClient_roundTripsAndEsdkDecrypts() {
    String arn = AWS.createKmsKeyArn();
    CirrusCrypto crypto =
        CirrusCrypto.builder()
            .keyring(KmsKeyring.builder().kmsAsyncClient(AWS.kmsAsync()).generatorKeyId(arn).build())
            .build();

    EncryptResult r = crypto.encryptAsync(DATA, CTX).join();
    DecryptResult d = crypto.decryptAsync(r.ciphertext(), CTX).join();

    assertThat(d.plaintext()).isEqualTo(DATA);
    assertThat(crypto.decrypt(r.ciphertext()).plaintext()).isEqualTo(DATA);
    AwsCrypto esdk = AwsCrypto.builder().withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt).build();
    assertThat(esdk.decryptData(esdkKmsKeyring(arn, AWS.kms()), r.ciphertext()).getResult()).isEqualTo(DATA);
  }

  @Test
  void encrypt_grantTokensAndContext_sentToKms() {
    String arn = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy();
    List<String> bodies = new CopyOnWriteArrayList<>();
    proxy.inject("KMS.*", 1.0, Fault.intercept("record", (req, upstream) -> {
      bodies.add(new String(req.body(), StandardCharsets.UTF_8));
      return upstream.forward(req);
    }));
    AwsClients via = AWS.clients(proxy);
    CirrusCrypto crypto =
        CirrusCrypto.builder()
            .keyring(KmsKeyring.builder().kmsClient(via.kms()).generatorKeyId(arn).grantTokens(List.of("grant-token-1")).build())
            .build();

    byte[] ct = crypto.encrypt(DATA, CTX).ciphertext();
    crypto.decrypt(ct);

    assertThat(bodies).hasSize(2);
    assertThat(bodies).allSatisfy(b -> assertThat(b).contains("grant-token-1").contains("\"tenant\":\"t-42\"").contains(arn));
  }

  @Test
  void encrypt_unknownKey_kmsOperationExceptionNamesKeyAndCode() {
    String keyId = java.util.UUID.randomUUID().toString();
    CirrusCrypto crypto =
        CirrusCrypto.builder().keyring(KmsKeyring.builder().kmsClient(AWS.kms()).generatorKeyId(keyId).build()).build();

    assertThatThrownBy(() -> crypto.encrypt(DATA, CTX))
        .isInstanceOf(KmsOperationException.class)
        .hasMessage("KMS GenerateDataKey failed for key " + keyId + " with error code NotFoundException")
        .satisfies(e -> {
          KmsOperationException k = (KmsOperationException) e;
          assertThat(k.keyId()).isEqualTo(keyId);
          assertThat(k.errorCode()).isEqualTo("NotFoundException");
          assertThat(k.operation()).isEqualTo("GenerateDataKey");
        });
  }

  @Test
  void decrypt_keyringForOtherKey_noKeyCouldDecryptNamesTheKey() {
    String k1 = AWS.createKmsKeyArn();
    String k2 = AWS.createKmsKeyArn();
    byte[] ct =
        CirrusCrypto.builder().keyring(KmsKeyring.builder().kmsClient(AWS.kms()).generatorKeyId(k1).build()).build()
            .encrypt(DATA, CTX).ciphertext();
    CirrusCrypto other =
        CirrusCrypto.builder().keyring(KmsKeyring.builder().kmsClient(AWS.kms()).generatorKeyId(k2).build()).build();

    assertThatThrownBy(() -> other.decrypt(ct))
        .isInstanceOf(NoDecryptableKeyException.class)
        .hasMessage("no key could decrypt this message; 1 encrypted data key: " + k1 + " (aws-kms): no keyring holds this key");
  }

  @Test
  void encrypt_kmsThrottled30Percent_everyEncryptSucceedsWithCirrusRetry() {
    String arn = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.GenerateDataKey", 0.3, Fault.throttle());
    KmsClient kms = AWS.closeAfterTest(KmsClients.configure(AWS.clients(proxy).kmsBuilder(), fastRetry(10)).build());
    CirrusCrypto crypto =
        CirrusCrypto.builder().keyring(KmsKeyring.builder().kmsClient(kms).generatorKeyId(arn).build()).build();

    for (int i = 0; i < 100; i++) {
      assertThat(crypto.decrypt(crypto.encrypt(DATA, CTX).ciphertext()).plaintext()).isEqualTo(DATA);
    }

    assertThat(proxy.count("KMS.GenerateDataKey", Outcome.ERROR_INJECTED)).isGreaterThan(10);
    assertThat(proxy.count("KMS.GenerateDataKey", Outcome.FORWARDED)).isEqualTo(100);
  }

  @Test
  void encryptingStream_kmsUnavailable_failsBeforeWritingAnything() {
    String arn = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.*", 1.0, Fault.serverError());
    KmsClient kms = AWS.closeAfterTest(KmsClients.configure(AWS.clients(proxy).kmsBuilder(), fastRetry(3)).build());
    CirrusCrypto crypto =
        CirrusCrypto.builder().keyring(KmsKeyring.builder().kmsClient(kms).generatorKeyId(arn).build()).build();
    ByteArrayOutputStream sink = new ByteArrayOutputStream();

    assertThatThrownBy(() -> crypto.encryptingStream(sink, CTX))
        .isInstanceOf(KmsOperationException.class)
        .hasMessageStartingWith("KMS GenerateDataKey failed for key " + arn + " with error code ");
    assertThat(sink.size()).isZero();
    assertThat(proxy.count("KMS.GenerateDataKey")).isEqualTo(3);
  }

  @Test
  void encryptAsync_kmsUnavailable_futureFailsWithKmsOperationException() {
    String arn = AWS.createKmsKeyArn();
    FaultProxy proxy = AWS.proxy();
    proxy.inject("KMS.*", 1.0, Fault.serverError());
    var kms = AWS.closeAfterTest(KmsClients.configure(AWS.clients(proxy).kmsAsyncBuilder(), fastRetry(2)).build());
    CirrusCrypto crypto =
        CirrusCrypto.builder().keyring(KmsKeyring.builder().kmsAsyncClient(kms).generatorKeyId(arn).build()).build();

    assertThatThrownBy(() -> crypto.encryptAsync(DATA, CTX).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(KmsOperationException.class);
  }

  @Test
  void multiKeyring_rawAesGeneratorAndKmsChild_eitherDecrypts() {
    String arn = AWS.createKmsKeyArn();
    RawAesKeyring raw = EsdkInteropTest.CIRRUS_KEYRING;
    KmsKeyring kms = KmsKeyring.builder().kmsClient(AWS.kms()).addKeyId(arn).build();
    CirrusCrypto multi = CirrusCrypto.builder().keyring(MultiKeyring.of(raw, List.of(kms))).build();

    EncryptResult r = multi.encrypt(DATA, CTX);

    assertThat(r.keyIds()).containsExactly(EsdkInteropTest.NAME, arn);
    assertThat(CirrusCrypto.builder().keyring(kms).build().decrypt(r.ciphertext()).plaintext()).isEqualTo(DATA);
    assertThat(CirrusCrypto.builder().keyring(raw).build().decrypt(r.ciphertext()).plaintext()).isEqualTo(DATA);
  }
}
