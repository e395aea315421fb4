package dev.cirrus.crypto.internal;

import dev.cirrus.crypto.InvalidCiphertextException;
import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * ECDSA P-384 with SHA-384 for the signed suites. The public key travels in the encryption context as
 * base64 of the SEC 1 compressed point (one prefix byte 02/03 for the parity of y, then x in 48 bytes).
 * The signature in the footer is DER {@code ECDSA-Sig-Value}, which is what the JCA produces.
 */
public final class Ecdsa {
  static final int FIELD_BYTES = 48;
  /** Upper bound of a DER P-384 signature: 2 + 2 * (2 + 49). */
  static final int MAX_SIGNATURE_BYTES = 104;
  private static final ECParameterSpec P384 = p384();
  private static final BigInteger P = ((ECFieldFp) P384.getCurve().getField()).getP();
  private static final BigInteger SQRT_EXP = P.add(BigInteger.ONE).shiftRight(2);

  private Ecdsa() {}

  private static ECParameterSpec p384() {
    try {
      AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
      params.init(new ECGenParameterSpec("secp384r1"));
      return params.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("JCA lacks secp384r1", e);
    }
  }

  /** Generates a fresh P-384 key pair with the EC key pair generator of {@code jca}. */
  public static KeyPair generate(Jca jca) {
    try {
      KeyPairGenerator g = jca.newEcKeyPairGenerator();
      g.initialize(new ECGenParameterSpec("secp384r1"), Primitives.random());
      return g.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot generate P-384 key pair", e);
    }
  }

  /** Base64 of the compressed point of {@code key}. */
  public static String encodePublicKey(PublicKey key) {
    ECPoint w = ((ECPublicKey) key).getW();
    byte[] out = new byte[1 + FIELD_BYTES];
    out[0] = (byte) (w.getAffineY().testBit(0) ? 3 : 2);
    byte[] x = w.getAffineX().toByteArray();
    int len = Math.min(x.length, FIELD_BYTES);
    System.arraycopy(x, x.length - len, out, out.length - len, len);
    return Base64.getEncoder().encodeToString(out);
  }

  /**
   * Decodes a compressed P-384 point from base64 into a key of the EC key factory of {@code jca}.
   *
   * @throws InvalidCiphertextException if the text is not a valid compressed point on the curve
   */
  public static PublicKey decodePublicKey(Jca jca, String base64) {
    try {
      byte[] raw = Base64.getDecoder().decode(base64);
      if (raw.length != 1 + FIELD_BYTES || (raw[0] != 2 && raw[0] != 3)) {
        throw new InvalidCiphertextException();
      }
      BigInteger x = new BigInteger(1, Arrays.copyOfRange(raw, 1, raw.length));
      if (x.compareTo(P) >= 0) {
        throw new InvalidCiphertextException();
      }
      BigInteger rhs =
          x.pow(3).add(P384.getCurve().getA().multiply(x)).add(P384.getCurve().getB()).mod(P);
      BigInteger y = rhs.modPow(SQRT_EXP, P);
      if (!y.multiply(y).mod(P).equals(rhs)) {
        throw new InvalidCiphertextException();
      }
      if (y.testBit(0) != (raw[0] == 3)) {
        y = P.subtract(y);
      }
      return jca.newEcKeyFactory().generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P384));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      throw new InvalidCiphertextException(e);
    }
  }
}
