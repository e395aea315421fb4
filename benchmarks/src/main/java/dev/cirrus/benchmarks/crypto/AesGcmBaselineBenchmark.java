package dev.cirrus.benchmarks.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Raw AES-256-GCM of 1 MiB cut into frames, per JCA provider: the floor under Cirrus's framed format for
 * each frame length, to choose the default frame length. No message format, no key derivation.
 *
 * <p>{@code provider=jdk}: the JDK's default {@code AES/GCM/NoPadding} (SunJCE). {@code provider=accp}:
 * the Amazon Corretto Crypto Provider 2.4.1 (native AWS-LC), passed to {@code Cipher.getInstance}
 * explicitly, not installed; the trial fails if it did not load. {@code frameBytes}: 4 KiB (Cirrus's
 * default today), 16, 64 and 256 KiB, and 1 MiB (one call). Every frame is one {@code Cipher.init} with a
 * unique IV (a counter, never repeated within a trial) and one 72-byte AAD, the size of the message
 * format's body AAD (message id, content string, sequence number, frame length; sequence number and
 * length filled in per frame), then one {@code doFinal}; output laid out as IV ‖ ciphertext ‖ tag per
 * frame into a buffer allocated once per trial, so the score is the cipher's cost, not allocation's. A
 * trial checks once that decrypt returns the payload.
 *
 * <p>Throughput in operations (of 1 MiB) per millisecond: GB/s = ops/ms × 1.048576, MiB/s = ops/ms ×
 * 1000. A trial whose longest GCM call is 64 KiB or more first runs {@link GcmWarmUp}, without which
 * the JDK provider measures its pure-Java slow path (about 0.08 ops/ms) through the whole of a short run.
 *
 * <p>Recorded run (per JDK; the machine alone, builds locked out):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.crypto.AesGcmBaselineBenchmark' \
 *     -f 1 -wi 5 -w 2s -i 5 -r 2s -rf json -rff jdk17.json
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Thread)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class AesGcmBaselineBenchmark {
  static final int PAYLOAD_BYTES = 1 << 20;
  static final int AAD_BYTES = 72;
  private static final int IV_BYTES = 12;
  private static final int TAG_BYTES = 16;
  private static final byte[] CONTENT = "AWSKMSEncryptionClient Frame".getBytes(StandardCharsets.US_ASCII);

  /** The JCA provider of {@code AES/GCM/NoPadding}. */
  @Param({"jdk", "accp"})
  public String provider;

  /** Plaintext bytes per GCM call; 1048576 is the whole payload in one call. */
  @Param({"4096", "16384", "65536", "262144", "1048576"})
  public int frameBytes;

  private Cipher cipher;
  private SecretKeySpec key;
  private byte[] payload;
  private byte[] ciphertext;
  private byte[] encryptOut;
  private byte[] decryptOut;
  private final byte[] aad = new byte[AAD_BYTES];
  private long ivCounter;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    if (frameBytes < 1 || PAYLOAD_BYTES % frameBytes != 0) {
      throw new IllegalArgumentException("frameBytes must divide " + PAYLOAD_BYTES + ", was " + frameBytes);
    }
    Provider jca = jcaProvider(provider);
    cipher = jca == null ? Cipher.getInstance("AES/GCM/NoPadding") : Cipher.getInstance("AES/GCM/NoPadding", jca);
    byte[] keyBytes = new byte[32];
    new Random(42).nextBytes(keyBytes);
    key = new SecretKeySpec(keyBytes, "AES");
    payload = new byte[PAYLOAD_BYTES];
    new Random(7).nextBytes(payload);
    new Random(9).nextBytes(aad);
    System.arraycopy(CONTENT, 0, aad, 32, CONTENT.length);
    int frames = PAYLOAD_BYTES / frameBytes;
    encryptOut = new byte[PAYLOAD_BYTES + frames * (IV_BYTES + TAG_BYTES)];
    decryptOut = new byte[PAYLOAD_BYTES];
    ciphertext = encrypt().clone();
    if (!Arrays.equals(decrypt(), payload)) {
      throw new IllegalStateException("decrypt did not return the payload for provider " + provider);
    }
    GcmWarmUp.ifLargeCalls(jca, frameBytes + TAG_BYTES);
  }

  static Provider jcaProvider(String name) {
    switch (name) {
      case "jdk":
        return null;
      case "accp":
        AmazonCorrettoCryptoProvider accp = AmazonCorrettoCryptoProvider.INSTANCE;
        if (accp.getLoadingError() != null) {
          throw new IllegalStateException("ACCP did not load on this platform", accp.getLoadingError());
        }
        accp.assertHealthy();
        return accp;
      default:
        throw new IllegalArgumentException("provider must be jdk or accp, was " + name);
    }
  }

  /** Sequence number and plaintext length of frame {@code seq}, where the format puts them in the AAD. */
  private void frameAad(int seq, int length) {
    for (int k = 0; k < 4; k++) {
      aad[60 + k] = (byte) (seq >>> (24 - 8 * k));
    }
    for (int k = 0; k < 8; k++) {
      aad[64 + k] = (byte) ((long) length >>> (56 - 8 * k));
    }
  }

  @Benchmark
  public byte[] encrypt() throws Exception {
    byte[] out = encryptOut;
    int p = 0;
    for (int in = 0, seq = 1; in < PAYLOAD_BYTES; in += frameBytes, seq++) {
      long iv = ++ivCounter;
      for (int k = 0; k < 8; k++) {
        out[p + 4 + k] = (byte) (iv >>> (8 * k));
      }
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, out, p, IV_BYTES));
      frameAad(seq, frameBytes);
      cipher.updateAAD(aad);
      p += IV_BYTES;
      p += cipher.doFinal(payload, in, frameBytes, out, p);
    }
    return out;
  }

  @Benchmark
  public byte[] decrypt() throws Exception {
    byte[] out = decryptOut;
    int p = 0;
    for (int o = 0, seq = 1; o < PAYLOAD_BYTES; seq++) {
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, ciphertext, p, IV_BYTES));
      frameAad(seq, frameBytes);
      cipher.updateAAD(aad);
      o += cipher.doFinal(ciphertext, p + IV_BYTES, frameBytes + TAG_BYTES, out, o);
      p += IV_BYTES + frameBytes + TAG_BYTES;
    }
    return out;
  }
}
