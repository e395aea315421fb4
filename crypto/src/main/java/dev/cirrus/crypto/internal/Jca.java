package dev.cirrus.crypto.internal;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.Mac;

/**
 * The JCA objects of one provider choice: AES-GCM, the three HKDF/HMAC algorithms and ECDSA P-384 with
 * SHA-384. Each algorithm family comes from the first provider of the list that offers every algorithm of
 * the family; an empty list means the JDK's installed providers ({@code getInstance} without a provider).
 * {@code Cipher} and {@code Mac} are not thread-safe, so each thread keeps its own per instance; obtaining
 * them costs a provider lookup that dominates small messages otherwise. Instances come from {@link
 * JcaProviders}, which caches one per distinct provider list so that the thread caches do not multiply.
 * Thread-safe.
 */
public final class Jca {
  static final String AES_GCM = "AES/GCM/NoPadding";
  static final String ECDSA = "SHA384withECDSA";
  private static final String HMAC_SHA256 = "HmacSHA256";
  private static final String HMAC_SHA384 = "HmacSHA384";
  private static final String HMAC_SHA512 = "HmacSHA512";

  /** The algorithm families, each served whole by one provider; the names appear in the log line. */
  enum Family {
    AES_GCM("AES-GCM", List.of(Jca.AES_GCM)),
    HMAC("HMAC", List.of(HMAC_SHA256, HMAC_SHA384, HMAC_SHA512)),
    ECDSA("ECDSA", List.of(Jca.ECDSA));

    final String label;
    final List<String> algorithms;

    Family(String label, List<String> algorithms) {
      this.label = label;
      this.algorithms = algorithms;
    }
  }

  private final Provider gcmProvider;
  private final Provider macProvider;
  private final Provider ecdsaProvider;
  private final String description;
  private final ThreadLocal<Cipher> gcm = ThreadLocal.withInitial(this::newGcm);
  private final ThreadLocal<Cipher> workerGcm = ThreadLocal.withInitial(this::newGcm);
  private final ThreadLocal<Mac> sha256 = ThreadLocal.withInitial(() -> newMac(HMAC_SHA256));
  private final ThreadLocal<Mac> sha384 = ThreadLocal.withInitial(() -> newMac(HMAC_SHA384));
  private final ThreadLocal<Mac> sha512 = ThreadLocal.withInitial(() -> newMac(HMAC_SHA512));

  /**
   * @param providers in preference order; empty for the JDK's installed providers
   * @throws IllegalArgumentException if no provider of a non-empty list offers a family, naming each
   *     provider and the first algorithm of the family it lacks
   */
  Jca(List<Provider> providers) {
    Map<Family, Provider> chosen = new LinkedHashMap<>();
    for (Family f : Family.values()) {
      chosen.put(f, providers.isEmpty() ? null : choose(f, providers));
    }
    this.gcmProvider = chosen.get(Family.AES_GCM);
    this.macProvider = chosen.get(Family.HMAC);
    this.ecdsaProvider = chosen.get(Family.ECDSA);
    this.description = describe(actualProviders());
  }

  /** The first provider that offers every algorithm of {@code f}, found by obtaining one instance of each. */
  private static Provider choose(Family f, List<Provider> providers) {
    List<String> lacks = new ArrayList<>();
    for (Provider p : providers) {
      String missing = firstMissing(f, p);
      if (missing == null) {
        return p;
      }
      lacks.add(nameAndVersion(p) + " lacks " + missing);
    }
    if (providers.size() == 1) {
      throw new IllegalArgumentException("provider " + lacks.get(0) + ", which Cirrus needs for " + f.label);
    }
    throw new IllegalArgumentException(
        "no provider offers all of " + f.label + " (" + String.join(", ", f.algorithms) + "): "
            + String.join("; ", lacks));
  }

  private static String firstMissing(Family f, Provider p) {
    for (String alg : f.algorithms) {
      try {
        switch (f) {
          case AES_GCM -> Cipher.getInstance(alg, p);
          case HMAC -> Mac.getInstance(alg, p);
          case ECDSA -> Signature.getInstance(alg, p);
          default -> throw new AssertionError(f);
        }
      } catch (GeneralSecurityException e) {
        return alg;
      }
    }
    return null;
  }

  /** The provider each family's objects actually come from (for the JDK default, what the JCA picked). */
  private Map<Family, Provider> actualProviders() {
    Map<Family, Provider> actual = new LinkedHashMap<>();
    actual.put(Family.AES_GCM, newGcm().getProvider());
    actual.put(Family.HMAC, newMac(HMAC_SHA256).getProvider());
    actual.put(Family.ECDSA, newSignature().getProvider());
    return actual;
  }

  /** E.g. "AES-GCM and HMAC from SunJCE 17, ECDSA from SunEC 17"; names and versions only. */
  private static String describe(Map<Family, Provider> actual) {
    Map<Provider, List<String>> byProvider = new LinkedHashMap<>();
    actual.forEach((f, p) -> byProvider.computeIfAbsent(p, k -> new ArrayList<>()).add(f.label));
    List<String> parts = new ArrayList<>();
    byProvider.forEach((p, labels) -> parts.add(joinAnd(labels) + " from " + nameAndVersion(p)));
    return String.join(", ", parts);
  }

  private static String joinAnd(List<String> labels) {
    if (labels.size() == 1) {
      return labels.get(0);
    }
    return String.join(", ", labels.subList(0, labels.size() - 1)) + " and " + labels.get(labels.size() - 1);
  }

  static String nameAndVersion(Provider p) {
    return p.getName() + " " + p.getVersionStr();
  }

  /** Which providers serve which algorithms, e.g. "AES-GCM, HMAC and ECDSA from AmazonCorrettoCryptoProvider 2.4.1". */
  public String description() {
    return description;
  }

  /** The provider of AES-GCM, or null for the JDK's installed providers. */
  Provider gcmProvider() {
    return gcmProvider;
  }

  /** A fresh AES-GCM cipher for code that keeps its own (streams). */
  public Cipher newGcm() {
    try {
      return gcmProvider == null ? Cipher.getInstance(AES_GCM) : Cipher.getInstance(AES_GCM, gcmProvider);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks " + AES_GCM, e);
    }
  }

  /** This thread's AES-GCM cipher; callers MUST finish with it before calling out. */
  public Cipher gcm() {
    return gcm.get();
  }

  /**
   * This thread's AES-GCM cipher for parallel frame workers, distinct from {@link #gcm()} so that a
   * caller that runs one chunk of its own message never shares a cipher with itself.
   */
  Cipher workerGcm() {
    return workerGcm.get();
  }

  private Mac newMac(String name) {
    try {
      return macProvider == null ? Mac.getInstance(name) : Mac.getInstance(name, macProvider);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks " + name, e);
    }
  }

  /** This thread's Mac for {@code algorithm} (HmacSHA256, HmacSHA384 or HmacSHA512). */
  Mac mac(String algorithm) {
    switch (algorithm) {
      case HMAC_SHA256:
        return sha256.get();
      case HMAC_SHA384:
        return sha384.get();
      case HMAC_SHA512:
        return sha512.get();
      default:
        throw new IllegalArgumentException("unsupported mac " + algorithm);
    }
  }

  /** A new SHA384withECDSA signature engine. */
  public Signature newSignature() {
    try {
      return ecdsaProvider == null ? Signature.getInstance(ECDSA) : Signature.getInstance(ECDSA, ecdsaProvider);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks " + ECDSA, e);
    }
  }

  /** A new EC key pair generator from the ECDSA provider. */
  KeyPairGenerator newEcKeyPairGenerator() throws GeneralSecurityException {
    return ecdsaProvider == null
        ? KeyPairGenerator.getInstance("EC")
        : KeyPairGenerator.getInstance("EC", ecdsaProvider);
  }

  /** A new EC key factory from the ECDSA provider. */
  KeyFactory newEcKeyFactory() throws GeneralSecurityException {
    return ecdsaProvider == null ? KeyFactory.getInstance("EC") : KeyFactory.getInstance("EC", ecdsaProvider);
  }

  @Override
  public String toString() {
    return "Jca[" + description + "]";
  }
}
