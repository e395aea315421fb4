package dev.cirrus.s3.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/** Checksum helpers in the encodings S3 uses (base64 of the big-endian value). */
public final class Checksums {
  private Checksums() {}

  public static Checksum newChecksum(String algorithm) {
    switch (algorithm) {
      case "CRC32C":
        return new CRC32C();
      case "CRC32":
        return new CRC32();
      default:
        throw new IllegalArgumentException("algorithm must be CRC32C or CRC32, was " + algorithm);
    }
  }

  public static byte[] crc(String algorithm, byte[] data, int off, int len) {
    Checksum c = newChecksum(algorithm);
    c.update(data, off, len);
    return int4(c.getValue());
  }

  public static byte[] int4(long value) {
    return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
  }

  public static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }

  public static byte[] md5(byte[] data, int off, int len) {
    MessageDigest md = md5();
    md.update(data, off, len);
    return md.digest();
  }

  public static MessageDigest md5() {
    try {
      return MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is required of every Java platform", e);
    }
  }

  public static String hex(byte[] bytes) {
    StringBuilder sb = new StringBuilder(bytes.length * 2);
    for (byte b : bytes) {
      sb.append(Character.forDigit((b >>> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return sb.toString();
  }

  /**
   * S3's composite ("checksum of checksums") value: the checksum of the concatenated raw part checksums, in
   * base64, followed by {@code -} and the part count.
   */
  public static String composite(String algorithm, byte[][] partChecksums) {
    Checksum c = newChecksum(algorithm);
    for (byte[] p : partChecksums) {
      c.update(p, 0, p.length);
    }
    return base64(int4(c.getValue())) + "-" + partChecksums.length;
  }
}
