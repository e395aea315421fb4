package dev.cirrus.crypto;

import java.security.Provider;
import java.security.Security;
import java.util.List;

/**
 * The providers the tests run on. ACCP is reached by reflection, so that test classes load without it (the
 * build's without-accp run takes it off the class path).
 */
final class TestProviders {
  static final String ACCP_CLASS = "com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider";
  static final String ACCP_DESCRIPTION = "AES-GCM, HMAC and ECDSA from AmazonCorrettoCryptoProvider 2.4.1";
  static final Provider SUN_JCE = Security.getProvider("SunJCE");
  static final Provider SUN_EC = Security.getProvider("SunEC");

  private TestProviders() {}

  /** ACCP's {@code INSTANCE}. */
  static Provider accp() {
    try {
      return (Provider) Class.forName(ACCP_CLASS).getField("INSTANCE").get(null);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError("ACCP is not on the test class path", e);
    }
  }

  /** The JDK's providers of AES-GCM and HMAC, and of ECDSA. */
  static List<Provider> jdk() {
    return List.of(SUN_JCE, SUN_EC);
  }

  /** What {@link CirrusCrypto#providerName()} says for {@link #jdk()}. */
  static String jdkDescription() {
    return "AES-GCM and HMAC from SunJCE " + SUN_JCE.getVersionStr() + ", ECDSA from SunEC " + SUN_EC.getVersionStr();
  }
}
