package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DataKeyDecryptionExceptionTest {
  static final byte[] BLOB = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

  static DataKeyFailure kms(String arn, String reason, boolean retryable) {
    return new DataKeyFailure(
        EncryptedDataKey.of("aws-kms", arn.getBytes(StandardCharsets.UTF_8), BLOB), reason, retryable);
  }

  @Test
  void of_anyRetryableFailure_kmsUnavailable() {
    DataKeyDecryptionException e =
        DataKeyDecryptionException.of(List.of(kms("arn:a", "AccessDeniedException (HTTP 400)", false),
            kms("arn:b", "ThrottlingException (HTTP 400)", true)));

    assertThat(e).isInstanceOf(KmsUnavailableException.class)
        .hasMessage("KMS is unavailable or throttling, retry later; 2 encrypted data keys: "
            + "arn:a (aws-kms): AccessDeniedException (HTTP 400); arn:b (aws-kms): ThrottlingException (HTTP 400), retryable");
    assertThat(e.retryable()).isTrue();
    assertThat(e.failures()).extracting(DataKeyFailure::keyId).containsExactly("arn:a", "arn:b");
  }

  @Test
  void of_noRetryableFailure_noDecryptableKey() {
    DataKeyDecryptionException e = DataKeyDecryptionException.of(List.of(kms("arn:a", "IncorrectKeyException (HTTP 400)", false)));

    assertThat(e).isInstanceOf(NoDecryptableKeyException.class)
        .hasMessage("no key could decrypt this message; 1 encrypted data key: arn:a (aws-kms): IncorrectKeyException (HTTP 400)");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void of_manyFailures_messageListsTenAndCountsTheRest() {
    List<DataKeyFailure> many = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      many.add(kms("arn:" + i, "r", false));
    }

    DataKeyDecryptionException e = DataKeyDecryptionException.of(many);

    assertThat(e.getMessage()).startsWith("no key could decrypt this message; 13 encrypted data keys: arn:0 (aws-kms): r; ")
        .endsWith("arn:9 (aws-kms): r; and 3 more")
        .doesNotContain("arn:10");
    assertThat(e.failures()).hasSize(13);
  }

  @Test
  void messageAndFailureText_neverHoldEncryptedKeyBytes() {
    DataKeyFailure f = kms("arn:a", "r", false);

    assertThat(f.toString()).isEqualTo("arn:a (aws-kms): r");
    assertThat(new NoDecryptableKeyException(List.of(f)).getMessage()).doesNotContain("[1, 2").doesNotContain("AQID");
  }

  @Test
  void constructors_failuresOfTheOtherKind_rejectedWithMessages() {
    assertThatThrownBy(() -> DataKeyDecryptionException.of(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failures must name at least one encrypted data key, was empty");
    assertThatThrownBy(() -> new NoDecryptableKeyException(List.of(kms("arn:a", "r", true))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failures must all be non-retryable for NoDecryptableKeyException, was retryable: arn:a (aws-kms): r, retryable");
    assertThatThrownBy(() -> new KmsUnavailableException(List.of(kms("arn:a", "r", false))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("failures must include a retryable one for KmsUnavailableException, were [arn:a (aws-kms): r]");
    assertThatThrownBy(() -> new DataKeyFailure(null, "r", false))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("encryptedDataKey");
  }

  @Test
  void retryable_otherCryptoExceptions_false() {
    assertThat(new InvalidCiphertextException().retryable()).isFalse();
    assertThat(new KmsOperationException("Encrypt", "k", "KMSInternalException", null).retryable()).isFalse();
  }
}
