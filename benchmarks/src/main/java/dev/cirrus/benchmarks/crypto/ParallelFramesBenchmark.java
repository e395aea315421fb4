package dev.cirrus.benchmarks.crypto;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.CachingMaterialsManager;
import dev.cirrus.crypto.CirrusCrypto;
import dev.cirrus.crypto.ParallelFrames;
import dev.cirrus.crypto.RawAesKeyring;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
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
 * {@code byte[]} encrypt and decrypt of one message of 1 MiB or 8 MiB, frames of 4 KiB or 64 KiB, suite
 * {@code 0x0478} (or {@code 0x0578} with {@code signed=true}), cached data key (as in {@link
 * EnvelopeEncryptionBenchmark}), one calling thread: {@code threads=1} is {@code ParallelFrames.off()},
 * {@code threads=2} is {@code ParallelFrames.builder().maxThreads(2)} on the shared default pool (the
 * caller runs one chunk, a pool thread the other); {@code encryptStream}/{@code decryptStream} move the
 * same message through the streams in 16 KiB writes and reads. Throughput in operations per millisecond; the ratio
 * {@code threads=2 / threads=1} of one run is the figure to read.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ParallelFramesBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s -rf json
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ParallelFramesBenchmark {
  static final int CHUNK = 16 * 1024;
  static final Map<String, String> CONTEXT = Map.of("tenant", "t-42", "purpose", "benchmark");

  @Param({"1048576", "8388608"})
  public int sizeBytes;

  @Param({"4096", "65536"})
  public int frameLength;

  @Param({"1", "2"})
  public int threads;

  @Param({"false"})
  public boolean signed;

  private byte[] payload;
  private byte[] ciphertext;
  private CachingMaterialsManager cache;
  private CirrusCrypto crypto;
  private ByteArrayOutputStream sink;
  private final byte[] readBuffer = new byte[CHUNK];

  @Setup(Level.Trial)
  public void setUp() {
    byte[] wrapping = new byte[32];
    new Random(42).nextBytes(wrapping);
    payload = new byte[sizeBytes];
    new Random(sizeBytes).nextBytes(payload);
    cache =
        CachingMaterialsManager.builder()
            .keyring(RawAesKeyring.builder().keyNamespace("bench").keyName("key-1").wrappingKey(wrapping).build())
            .maxAge(Duration.ofHours(1))
            .build();
    crypto =
        CirrusCrypto.builder()
            .materialsManager(cache)
            .algorithmSuite(
                signed
                    ? AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
                    : AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY)
            .frameLengthBytes(frameLength)
            .parallelFrames(threads == 1 ? ParallelFrames.off() : ParallelFrames.builder().maxThreads(threads).build())
            .build();
    ciphertext = crypto.encrypt(payload, CONTEXT).ciphertext();
    sink = new ByteArrayOutputStream(ciphertext.length + 1024);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    cache.close();
  }

  @Benchmark
  public byte[] encrypt() {
    return crypto.encrypt(payload, CONTEXT).ciphertext();
  }

  @Benchmark
  public byte[] decrypt() {
    return crypto.decrypt(ciphertext).plaintext();
  }

  /** The same message through an encrypting stream, written in 16 KiB chunks, into a preallocated sink. */
  @Benchmark
  public int encryptStream() throws IOException {
    sink.reset();
    try (OutputStream out = crypto.encryptingStream(sink, CONTEXT, -1)) {
      for (int i = 0; i < payload.length; i += CHUNK) {
        out.write(payload, i, Math.min(CHUNK, payload.length - i));
      }
    }
    return sink.size();
  }

  /** The message through a decrypting stream, read in 16 KiB chunks. */
  @Benchmark
  public long decryptStream() throws IOException {
    long total = 0;
    try (InputStream in = crypto.decryptingStream(new ByteArrayInputStream(ciphertext))) {
      int n;
      while ((n = in.read(readBuffer)) > 0) {
        total += n;
      }
    }
    return total;
  }
}
