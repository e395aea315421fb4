package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Provider;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/** {@link CirrusCrypto.Builder#provider}, the default choice and the system property that overrides it. */
class ProviderChoiceTest {
  static final Provider SUN_JCE = TestProviders.SUN_JCE;
  static final Provider SUN_EC = TestProviders.SUN_EC;
  static final String PROPERTY = "cirrus.crypto.provider";

  static CirrusCrypto.Builder builder() {
    return CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING);
  }

  static String jdkDescription() {
    return TestProviders.jdkDescription();
  }

  /** A provider with HMAC and ECDSA from the JDK's providers but no AES-GCM. */
  static Provider withoutAesGcm() {
    return new Provider("NoAesGcm", "1.0", "HMAC and ECDSA only") {
      private static final long serialVersionUID = 1L;

      {
        for (String mac : new String[] {"HmacSHA256", "HmacSHA384", "HmacSHA512"}) {
          putService(delegate(this, SUN_JCE.getService("Mac", mac)));
        }
        putService(delegate(this, SUN_EC.getService("Signature", "SHA384withECDSA")));
      }
    };
  }

  /** A service of {@code owner} whose engines come from the JDK's {@code s}. */
  static Provider.Service delegate(Provider owner, Provider.Service s) {
    return new Provider.Service(owner, s.getType(), s.getAlgorithm(), s.getClassName(), null, null) {
      @Override
      public Object newInstance(Object parameter) throws java.security.NoSuchAlgorithmException {
        return s.newInstance(parameter);
      }

      @Override
      public boolean supportsParameter(Object parameter) {
        return s.supportsParameter(parameter);
      }
    };
  }

  @Test
  void provider_null_throwsNullPointer() {
    assertThatThrownBy(() -> builder().provider(null)).isInstanceOf(NullPointerException.class).hasMessage("provider");
    assertThatThrownBy(() -> builder().provider(SUN_JCE, (Provider[]) null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("more");
    assertThatThrownBy(() -> builder().provider(SUN_JCE, SUN_EC, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("more[1]");
  }

  @Test
  void build_providerWithoutAesGcm_throwsNamingProviderAndAlgorithm() {
    CirrusCrypto.Builder b = builder().provider(withoutAesGcm());

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("provider NoAesGcm 1.0 lacks AES/GCM/NoPadding, which Cirrus needs for AES-GCM");
  }

  @Test
  void build_providerWithoutAesGcmThenJdk_takesAesGcmFromJdkOnly() {
    CirrusCrypto c = builder().provider(withoutAesGcm(), SUN_JCE).build();

    assertThat(c.providerName())
        .isEqualTo("AES-GCM from SunJCE " + SUN_JCE.getVersionStr() + ", HMAC and ECDSA from NoAesGcm 1.0");
    assertThat(c.decrypt(c.encrypt(new byte[100], Map.of()).ciphertext()).plaintext()).isEqualTo(new byte[100]);
  }

  @Test
  void build_jdkProviderLackingEcdsa_throwsNamingIt() {
    CirrusCrypto.Builder b = builder().provider(SUN_JCE);

    assertThatThrownBy(b::build)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "provider SunJCE " + SUN_JCE.getVersionStr() + " lacks SHA384withECDSA, which Cirrus needs for ECDSA");
  }

  @Test
  void build_accpFirst_everythingFromAccp() {
    CirrusCrypto c = builder().provider(TestProviders.accp(), SUN_JCE, SUN_EC).build();

    assertThat(c.providerName()).isEqualTo(TestProviders.ACCP_DESCRIPTION);
  }

  @Test
  void provider_lastCallWins() {
    CirrusCrypto c = builder().provider(TestProviders.accp()).provider(SUN_JCE, SUN_EC).build();

    assertThat(c.providerName()).isEqualTo(jdkDescription());
  }

  @Test
  @ResourceLock(PROPERTY)
  void build_defaultWithAccpOnClassPath_usesAccp() {
    String before = System.clearProperty(PROPERTY);
    try {
      assertThat(builder().build().providerName())
          .isEqualTo(TestProviders.ACCP_DESCRIPTION);
    } finally {
      restore(before);
    }
  }

  @Test
  @ResourceLock(PROPERTY)
  void build_systemPropertyJdk_forcesJdkProvidersUnlessExplicit() {
    String before = System.setProperty(PROPERTY, "jdk");
    try {
      assertThat(builder().build().providerName()).isEqualTo(jdkDescription());
      assertThat(builder().provider(TestProviders.accp()).build().providerName())
          .isEqualTo(TestProviders.ACCP_DESCRIPTION);
    } finally {
      restore(before);
    }
  }

  @Test
  @ResourceLock(PROPERTY)
  void build_systemPropertyUnknown_throwsIllegalState() {
    CirrusCrypto.Builder b = builder();
    String before = System.setProperty(PROPERTY, "fastest");
    try {
      assertThatThrownBy(b::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("system property cirrus.crypto.provider must be auto, jdk or accp, was 'fastest'");
      assertThatThrownBy(() -> CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("system property cirrus.crypto.provider must be auto, jdk or accp, was 'fastest'");
      RawAesKeyring.Builder keyring =
          RawAesKeyring.builder().keyNamespace("ns").keyName("k").wrappingKey(new byte[32]);
      assertThatThrownBy(keyring::build)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("system property cirrus.crypto.provider must be auto, jdk or accp, was 'fastest'");
      assertThat(b.provider(SUN_JCE, SUN_EC).build().providerName()).isEqualTo(jdkDescription());
    } finally {
      restore(before);
    }
  }

  private static void restore(String before) {
    if (before == null) {
      System.clearProperty(PROPERTY);
    } else {
      System.setProperty(PROPERTY, before);
    }
  }
}
