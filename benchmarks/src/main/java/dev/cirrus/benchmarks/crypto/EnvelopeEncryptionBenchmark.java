package dev.cirrus.benchmarks.crypto;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CommitmentPolicy;
import com.amazonaws.encryptionsdk.CryptoAlgorithm;
import com.amazonaws.encryptionsdk.CryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.CachingCryptoMaterialsManager;
import com.amazonaws.encryptionsdk.caching.LocalCryptoMaterialsCache;
import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.CachingMaterialsManager;
import dev.cirrus.crypto.CirrusCrypto;
import dev.cirrus.crypto.RawAesKeyring;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Duration;
import java.util.Map;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Envelope encryption with a cached data key: encrypt and decrypt one message of 100 B, 1 KiB or 1 MiB,
 * suite {@code 0x0478} (AES-256-GCM, HKDF-SHA512, key commitment), encryption context of two entries,
 * one thread; each implementation with its own default frame length (Cirrus 65536, the ESDK 4096).
 *
 * <p>{@code impl=cirrus}: {@code CirrusCrypto} with its defaults (frame length, and the JCA provider:
 * ACCP, which is on this module's class path) over a {@code CachingMaterialsManager} (raw AES keyring,
 * max age 1 h, no practical message or byte limit), i.e. the full message format: fresh message id,
 * HKDF, commitment, header tag, frames; decrypt parses, finds the cached data key and verifies
 * everything. {@code impl=cirrusJdk}: the same with the JDK's providers ({@code provider(SunJCE,
 * SunEC)}), what a user without ACCP gets. {@code impl=esdk}: the AWS Encryption SDK for Java 3.0.2,
 * {@code AwsCrypto} with the same suite and its default frame length (4096) over {@code
 * CachingCryptoMaterialsManager} + {@code LocalCryptoMaterialsCache} and a {@code JceMasterKey} (its raw
 * AES master key), same limits. {@code impl=jdk}: the floor, raw JDK {@code AES/GCM/NoPadding} of the same
 * payload with one key and a fresh random 12-byte IV (output IV || ciphertext || tag), no format, no key
 * derivation. {@code impl=accp}: the same one call on the Amazon Corretto Crypto Provider, the fastest
 * AES-GCM on the machine, the floor Cirrus's 0.8x target is read against. {@code impl=jdkFramed}: the
 * floor for any JCA implementation of a message in the ESDK's 4096-byte frames, raw JDK AES-256-GCM of the
 * same payload cut into frames of that length, one {@code Cipher.init} per frame with a unique counter IV
 * and a 72-byte per-frame AAD (the size of the format's body AAD), output laid out as IV || ciphertext ||
 * tag per frame; no header,
 * no key derivation. It separates the cost of the format from the JDK's per-frame cost: every {@code
 * Cipher.init} builds a new GCM engine, and each frame pays a fixed per-call cost; {@code
 * AesGcmBaselineBenchmark} measures that cost per frame length and provider. Throughput in operations
 * per millisecond; allocation per operation with {@code -prof gc} ({@code gc.alloc.rate.norm}).
 *
 * <p>Warm-up of {@code impl=jdk} at 1 MiB: HotSpot uses the AES-GCM intrinsics only inside C2-compiled
 * callers, and the callers on the JDK's path for a call of 64 KiB or more run a handful of times per
 * call, so a fresh JVM runs one 1 MiB {@code doFinal} on the pure-Java fallback (about 13 ms, 80 MB/s,
 * on JDK 17.0.15 and 25) for its first ~700 calls, i.e. through a whole quick run, and JMH's warm-up
 * alone cannot fix it (see {@link GcmWarmUp}). So a trial of {@code jdk} and {@code jdkFramed} first
 * runs {@link GcmWarmUp#ifLargeCalls}: 10,000 GCM calls of 96 KiB with another key when the measured
 * operation makes a call of 64 KiB or more ({@code jdk} at 1 MiB), nothing otherwise; the measured
 * operation is unchanged. With it, the quick and the recorded settings give the same {@code jdk} 1 MiB
 * score within noise (docs/benchmarks.md); without it, the quick run measured 0.06 ops/ms.
 *
 * <p>Recorded run (alone on the machine; JDK 17 needs long warm-up for the AES/GHASH intrinsics):
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'dev.cirrus.benchmarks.crypto.EnvelopeEncryptionBenchmark' \
 *     -f 1 -wi 5 -w 2s -i 5 -r 2s -prof gc -rf json -rff benchmarks/target/jmh-crypto.json
 * </pre>
 *
 * <p>Smoke run: {@code ... EnvelopeEncryptionBenchmark -f 1 -wi 1 -i 1 -w 1s -r 1s}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
public class EnvelopeEncryptionBenchmark {
  /** The ESDK's default frame length, used by the esdk and jdkFramed rows. */
  static final int FRAME_LENGTH = 4096;
  static final Map<String, String> CONTEXT = Map.of("tenant", "t-42", "purpose", "benchmark");

  @Param({"cirrus", "cirrusJdk", "esdk", "jdk", "accp", "jdkFramed"})
  public String impl;

  @Param({"100", "1024", "1048576"})
  public int sizeBytes;

  private byte[] payload;
  private byte[] ciphertext;

  private CachingMaterialsManager cirrusCache;
  private CirrusCrypto cirrus;

  private AwsCrypto esdk;
  private CryptoMaterialsManager esdkCmm;

  private SecretKeySpec jdkKey;
  private Cipher jdkCipher;
  private SecureRandom random;

  @Setup(Level.Trial)
  public void setUp() throws Exception {
    byte[] wrapping = new byte[32];
    new Random(42).nextBytes(wrapping);
    payload = new byte[sizeBytes];
    new Random(sizeBytes).nextBytes(payload);
    switch (impl) {
      case "cirrus":
      case "cirrusJdk":
        setUpCirrus(wrapping);
        break;
      case "esdk":
        esdk =
            AwsCrypto.builder()
                .withCommitmentPolicy(CommitmentPolicy.RequireEncryptRequireDecrypt)
                .withEncryptionAlgorithm(CryptoAlgorithm.ALG_AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
                .withEncryptionFrameSize(FRAME_LENGTH)
                .build();
        esdkCmm =
            CachingCryptoMaterialsManager.newBuilder()
                .withMasterKeyProvider(
                    JceMasterKey.getInstance(new SecretKeySpec(wrapping, "AES"), "bench", "key-1", "AES/GCM/NoPadding"))
                .withCache(new LocalCryptoMaterialsCache(100))
                .withMaxAge(1, TimeUnit.HOURS)
                .build();
        ciphertext = esdk.encryptData(esdkCmm, payload, CONTEXT).getResult();
        break;
      case "jdk":
        jdkKey = new SecretKeySpec(wrapping, "AES");
        jdkCipher = Cipher.getInstance("AES/GCM/NoPadding");
        random = new SecureRandom();
        ciphertext = jdkEncrypt();
        GcmWarmUp.ifLargeCalls(null, sizeBytes + 16);
        break;
      case "accp":
        jdkKey = new SecretKeySpec(wrapping, "AES");
        jdkCipher = Cipher.getInstance("AES/GCM/NoPadding", AesGcmBaselineBenchmark.jcaProvider("accp"));
        random = new SecureRandom();
        ciphertext = jdkEncrypt();
        break;
      case "jdkFramed":
        jdkKey = new SecretKeySpec(wrapping, "AES");
        jdkCipher = Cipher.getInstance("AES/GCM/NoPadding");
        ciphertext = jdkFramedEncrypt();
        GcmWarmUp.ifLargeCalls(null, Math.min(FRAME_LENGTH, sizeBytes) + 16);
        break;
      default:
        throw new IllegalArgumentException(
            "impl must be cirrus, cirrusJdk, esdk, jdk, accp or jdkFramed, was " + impl);
    }
  }

  private void setUpCirrus(byte[] wrapping) throws Exception {
    cirrusCache =
        CachingMaterialsManager.builder()
            .keyring(RawAesKeyring.builder().keyNamespace("bench").keyName("key-1").wrappingKey(wrapping).build())
            .maxAge(Duration.ofHours(1))
            .build();
    CirrusCrypto.Builder b =
        CirrusCrypto.builder()
            .materialsManager(cirrusCache)
            .algorithmSuite(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY);
    if (impl.equals("cirrusJdk")) {
      b.provider(Security.getProvider("SunJCE"), Security.getProvider("SunEC"));
      // Frames of 64 KiB are large JDK GCM calls: warm the JDK's path as for the jdk row.
      GcmWarmUp.ifLargeCalls(null, Math.min(CirrusCrypto.DEFAULT_FRAME_LENGTH_BYTES, sizeBytes) + 16);
    }
    cirrus = b.build();
    ciphertext = cirrus.encrypt(payload, CONTEXT).ciphertext();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (cirrusCache != null) {
      cirrusCache.close();
    }
  }

  private byte[] jdkEncrypt() throws Exception {
    byte[] out = new byte[12 + payload.length + 16];
    random.nextBytes(iv);
    System.arraycopy(iv, 0, out, 0, 12);
    jdkCipher.init(Cipher.ENCRYPT_MODE, jdkKey, new GCMParameterSpec(128, iv));
    jdkCipher.doFinal(payload, 0, payload.length, out, 12);
    return out;
  }

  private final byte[] iv = new byte[12];

  private byte[] jdkDecrypt() throws Exception {
    byte[] out = new byte[ciphertext.length - 28];
    jdkCipher.init(Cipher.DECRYPT_MODE, jdkKey, new GCMParameterSpec(128, ciphertext, 0, 12));
    jdkCipher.doFinal(ciphertext, 12, ciphertext.length - 12, out, 0);
    return out;
  }

  private final byte[] frameAad = new byte[72];
  private long frameCounter;

  private int frames() {
    return payload.length == 0 ? 1 : (payload.length + FRAME_LENGTH - 1) / FRAME_LENGTH;
  }

  private byte[] jdkFramedEncrypt() throws Exception {
    int frames = frames();
    byte[] out = new byte[payload.length + frames * 28];
    int p = 0;
    for (int in = 0, f = 0; f < frames; f++, in += FRAME_LENGTH) {
      int n = Math.min(FRAME_LENGTH, payload.length - in);
      frameCounter++;
      for (int k = 0; k < 8; k++) {
        out[p + 4 + k] = (byte) (frameCounter >>> (8 * k));
      }
      jdkCipher.init(Cipher.ENCRYPT_MODE, jdkKey, new GCMParameterSpec(128, out, p, 12));
      jdkCipher.updateAAD(frameAad);
      p += 12;
      p += jdkCipher.doFinal(payload, in, n, out, p);
    }
    return out;
  }

  private byte[] jdkFramedDecrypt() throws Exception {
    int frames = frames();
    byte[] out = new byte[ciphertext.length - frames * 28];
    int p = 0;
    int o = 0;
    for (int f = 0; f < frames; f++) {
      int n = Math.min(FRAME_LENGTH, out.length - o);
      jdkCipher.init(Cipher.DECRYPT_MODE, jdkKey, new GCMParameterSpec(128, ciphertext, p, 12));
      jdkCipher.updateAAD(frameAad);
      o += jdkCipher.doFinal(ciphertext, p + 12, n + 16, out, o);
      p += 12 + n + 16;
    }
    return out;
  }

  @Benchmark
  public byte[] encrypt() throws Exception {
    switch (impl) {
      case "cirrus":
      case "cirrusJdk":
        return cirrus.encrypt(payload, CONTEXT).ciphertext();
      case "esdk":
        return esdk.encryptData(esdkCmm, payload, CONTEXT).getResult();
      case "jdkFramed":
        return jdkFramedEncrypt();
      default:
        return jdkEncrypt();
    }
  }

  @Benchmark
  public byte[] decrypt() throws Exception {
    switch (impl) {
      case "cirrus":
      case "cirrusJdk":
        return cirrus.decrypt(ciphertext).plaintext();
      case "esdk":
        return esdk.decryptData(esdkCmm, ciphertext).getResult();
      case "jdkFramed":
        return jdkFramedDecrypt();
      default:
        return jdkDecrypt();
    }
  }
}
