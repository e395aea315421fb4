package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The default provider choice with ACCP absent: run by the build's without-accp test execution, whose class
 * path lacks ACCP (the main run leaves this class out, as ACCP is on its class path).
 */
@Tag("without-accp")
class DefaultProviderWithoutAccpTest {
  static final Map<String, String> CTX = Map.of("purpose", "without-accp");

  @Test
  void classPath_lacksAccp() {
    assertThatThrownBy(() -> Class.forName(TestProviders.ACCP_CLASS))
        .isInstanceOf(ClassNotFoundException.class);
  }

  @Test
  void build_defaultWithoutAccp_usesJdkProviders() {
    assertThat(System.getProperty("cirrus.crypto.provider")).isNull();

    assertThat(CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).build().providerName())
        .isEqualTo(TestProviders.jdkDescription());
  }

  @Test
  void build_accpRequiredButAbsent_throwsIllegalState() {
    CirrusCrypto.Builder b = CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING);
    System.setProperty("cirrus.crypto.provider", "accp");
    try {
      assertThatThrownBy(b::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("system property cirrus.crypto.provider is accp but AmazonCorrettoCryptoProvider is not on"
              + " the class path");
    } finally {
      System.clearProperty("cirrus.crypto.provider");
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"AES_256_GCM_HKDF_SHA512_COMMIT_KEY", "AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384"})
  void roundTripAndEsdkInterop_defaultWithoutAccp(AlgorithmSuite suite) throws Exception {
    CirrusCrypto c = CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).algorithmSuite(suite).build();
    byte[] pt = EsdkInteropTest.payload(10_000);

    byte[] ct = c.encrypt(pt, CTX).ciphertext();
    byte[] esdkCt = Esdk.client(suite.id(), 4096).encryptData(EsdkInteropTest.ESDK_KEYRING, pt, CTX).getResult();

    assertThat(c.decrypt(ct, CTX).plaintext()).isEqualTo(pt);
    assertThat(Esdk.client(suite.id(), 4096).decryptData(EsdkInteropTest.ESDK_KEYRING, ct).getResult()).isEqualTo(pt);
    assertThat(c.decrypt(esdkCt, CTX).plaintext()).isEqualTo(pt);
    try (InputStream in = c.decryptingStream(new ByteArrayInputStream(esdkCt))) {
      assertThat(in.readAllBytes()).isEqualTo(pt);
    }
  }
}
