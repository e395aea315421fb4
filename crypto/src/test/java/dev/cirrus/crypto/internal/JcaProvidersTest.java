package dev.cirrus.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.Provider;
import java.security.Security;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The default provider choice, the ACCP probe and the per-provider cache. */
class JcaProvidersTest {
  static final Provider SUN_JCE = Security.getProvider("SunJCE");
  static final Provider SUN_EC = Security.getProvider("SunEC");
  static final Supplier<JcaProviders.AccpProbe> NEVER = () -> {
    throw new AssertionError("ACCP must not be probed");
  };

  static Provider accp() {
    JcaProviders.AccpProbe probe = JcaProviders.probe(JcaProvidersTest.class.getClassLoader());
    assertThat(probe.problem()).isNull();
    return probe.provider();
  }

  /** A provider with no services at all. */
  static Provider empty(String name) {
    return new Provider(name, "1.0", "offers nothing") {
      private static final long serialVersionUID = 1L;
    };
  }

  static String jdkDescription() {
    return "AES-GCM and HMAC from SunJCE " + SUN_JCE.getVersionStr() + ", ECDSA from SunEC " + SUN_EC.getVersionStr();
  }

  @Test
  void probe_accpOnClassPath_healthyInstance() {
    JcaProviders.AccpProbe probe = JcaProviders.probe(JcaProvidersTest.class.getClassLoader());

    assertThat(probe.problem()).isNull();
    assertThat(probe.provider().getName()).isEqualTo("AmazonCorrettoCryptoProvider");
    assertThat(probe.provider().getVersionStr()).isEqualTo("2.4.1");
  }

  @Test
  void probe_loaderWithoutAccp_absent() {
    ClassLoader bootOnly = new ClassLoader(null) {};

    assertThat(JcaProviders.probe(bootOnly)).isEqualTo(JcaProviders.AccpProbe.ABSENT);
  }

  @Test
  void defaults_unsetWithHealthyAccp_usesAccpWithoutWarning() {
    List<String> warnings = new ArrayList<>();
    Provider accp = accp();

    Jca jca = JcaProviders.defaults(null, () -> new JcaProviders.AccpProbe(accp, null), warnings::add);

    assertThat(jca.description()).isEqualTo("AES-GCM, HMAC and ECDSA from AmazonCorrettoCryptoProvider 2.4.1");
    assertThat(jca.gcmProvider()).isSameAs(accp);
    assertThat(warnings).isEmpty();
  }

  @Test
  void defaults_autoWithoutAccp_usesJdkWithoutWarning() {
    List<String> warnings = new ArrayList<>();

    Jca jca = JcaProviders.defaults("auto", () -> JcaProviders.AccpProbe.ABSENT, warnings::add);

    assertThat(jca).isSameAs(JcaProviders.jdk());
    assertThat(jca.gcmProvider()).isNull();
    assertThat(jca.description()).isEqualTo(jdkDescription());
    assertThat(warnings).isEmpty();
  }

  @Test
  void defaults_jdkProperty_usesJdkWithoutProbingAccp() {
    assertThat(JcaProviders.defaults("jdk", NEVER, w -> {})).isSameAs(JcaProviders.jdk());
    assertThat(JcaProviders.defaults(" JDK ", NEVER, w -> {})).isSameAs(JcaProviders.jdk());
  }

  @Test
  void defaults_unhealthyAccp_warnsAndUsesJdk() {
    List<String> warnings = new ArrayList<>();

    Jca jca = JcaProviders.defaults(
        null, () -> new JcaProviders.AccpProbe(null, "AmazonCorrettoCryptoProvider 2.4.1 is unhealthy: boom"),
        warnings::add);

    assertThat(jca).isSameAs(JcaProviders.jdk());
    assertThat(warnings).containsExactly(
        "Cirrus crypto: not using AmazonCorrettoCryptoProvider, AmazonCorrettoCryptoProvider 2.4.1 is unhealthy:"
            + " boom; using the JDK's providers");
  }

  @Test
  void defaults_accpLackingAnAlgorithm_warnsAndUsesJdk() {
    List<String> warnings = new ArrayList<>();

    Jca jca = JcaProviders.defaults(
        "auto", () -> new JcaProviders.AccpProbe(empty("FakeAccp"), null), warnings::add);

    assertThat(jca).isSameAs(JcaProviders.jdk());
    assertThat(warnings).containsExactly(
        "Cirrus crypto: not using AmazonCorrettoCryptoProvider, provider FakeAccp 1.0 lacks AES/GCM/NoPadding,"
            + " which Cirrus needs for AES-GCM; using the JDK's providers");
  }

  @Test
  void defaults_accpRequiredButAbsent_throwsIllegalState() {
    assertThatThrownBy(() -> JcaProviders.defaults("accp", () -> JcaProviders.AccpProbe.ABSENT, w -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("system property cirrus.crypto.provider is accp but AmazonCorrettoCryptoProvider is not on"
            + " the class path");
  }

  @Test
  void defaults_accpRequiredButUnhealthy_throwsIllegalState() {
    assertThatThrownBy(() -> JcaProviders.defaults(
            "accp", () -> new JcaProviders.AccpProbe(null, "AmazonCorrettoCryptoProvider 2.4.1 is unhealthy: boom"),
            w -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("system property cirrus.crypto.provider is accp but AmazonCorrettoCryptoProvider 2.4.1 is"
            + " unhealthy: boom");
  }

  @Test
  void defaults_accpRequiredAndHealthy_usesAccp() {
    Provider accp = accp();

    assertThat(JcaProviders.defaults("accp", () -> new JcaProviders.AccpProbe(accp, null), w -> {}).gcmProvider())
        .isSameAs(accp);
  }

  @Test
  void defaults_unknownValue_throwsIllegalState() {
    assertThatThrownBy(() -> JcaProviders.defaults("bouncycastle", NEVER, w -> {}))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("system property cirrus.crypto.provider must be auto, jdk or accp, was 'bouncycastle'");
  }

  @Test
  void of_sameProvidersTwice_sameInstance() {
    assertThat(JcaProviders.of(List.of(SUN_JCE, SUN_EC))).isSameAs(JcaProviders.of(List.of(SUN_JCE, SUN_EC)));
    assertThat(JcaProviders.of(List.of(SUN_JCE, SUN_EC))).isNotSameAs(JcaProviders.of(List.of(SUN_EC, SUN_JCE)));
  }

  @Test
  void of_eachFamilyFromFirstProviderOfferingIt_describesChoice() {
    Jca jca = JcaProviders.of(List.of(SUN_EC, empty("Nothing"), SUN_JCE));

    assertThat(jca.description()).isEqualTo(
        "AES-GCM and HMAC from SunJCE " + SUN_JCE.getVersionStr() + ", ECDSA from SunEC " + SUN_EC.getVersionStr());
    assertThat(jca.gcmProvider()).isSameAs(SUN_JCE);
    assertThat(jca.newSignature().getProvider()).isSameAs(SUN_EC);
    assertThat(jca.mac("HmacSHA384").getProvider()).isSameAs(SUN_JCE);
    assertThat(JcaProviders.announcement(jca)).isEqualTo("Cirrus crypto: " + jca.description());
  }

  @Test
  void of_singleProviderLackingFamily_throwsNamingProviderAndAlgorithm() {
    assertThatThrownBy(() -> JcaProviders.of(List.of(SUN_JCE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("provider SunJCE " + SUN_JCE.getVersionStr()
            + " lacks SHA384withECDSA, which Cirrus needs for ECDSA");
  }

  @Test
  void of_noProviderOfListOffersFamily_throwsNamingEach() {
    assertThatThrownBy(() -> JcaProviders.of(List.of(SUN_EC, empty("Nothing"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no provider offers all of AES-GCM (AES/GCM/NoPadding): SunEC " + SUN_EC.getVersionStr()
            + " lacks AES/GCM/NoPadding; Nothing 1.0 lacks AES/GCM/NoPadding");
  }

  @Test
  void mac_unknownAlgorithm_throwsIllegalArgument() {
    assertThatThrownBy(() -> JcaProviders.jdk().mac("HmacMD5"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unsupported mac HmacMD5");
  }
}
