package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** Encrypting and decrypting streams with frames sealed and opened on frame workers. */
class ParallelStreamsTest {
  static final Map<String, String> CTX = Map.of("s", "t");
  static final ExecutorService POOL = Executors.newFixedThreadPool(3);
  static final AtomicInteger SUBMITTED = new AtomicInteger();
  static final AlgorithmSuite UNSIGNED = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
  static final AlgorithmSuite SIGNED = AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384;

  @AfterAll
  static void shutDown() {
    POOL.shutdownNow();
  }

  static ParallelFrames onPool(int threads) {
    return ParallelFrames.builder().executor(r -> {
      SUBMITTED.incrementAndGet();
      POOL.execute(r);
    }).maxThreads(threads).build();
  }

  static byte[] write(CirrusCrypto crypto, byte[] pt, int chunk, long declared) {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = crypto.encryptingStream(sink, CTX, declared)) {
      for (int i = 0; i < pt.length; i += chunk) {
        out.write(pt, i, Math.min(chunk, pt.length - i));
        if (i % (7 * chunk) == 0) {
          out.flush();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return sink.toByteArray();
  }

  static byte[] read(CirrusCrypto crypto, byte[] ct, int chunk, PlaintextRelease release) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    try (InputStream in = crypto.decryptingStream(new ByteArrayInputStream(ct), Map.of(), release)) {
      byte[] buf = new byte[chunk];
      int n;
      while ((n = in.read(buf)) > 0) {
        got.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return got.toByteArray();
  }

  @Test
  void streams_parallelAndSequential_eachReadsTheOtherWithTinyChunks() {
    int before = SUBMITTED.get();
    qt().withFixedSeed(20261205L)
        .withExamples(60)
        .forAll(integers().between(0, 40_000), integers().between(1, 1500), integers().between(1, 97),
            integers().between(0, 3))
        .checkAssert((size, frame, chunk, mode) -> {
          AlgorithmSuite suite = mode % 2 == 1 ? SIGNED : UNSIGNED;
          PlaintextRelease release = mode >= 2 ? PlaintextRelease.SIGNATURE_VERIFIED : PlaintextRelease.FRAME_VERIFIED;
          CirrusCrypto parallel = ParallelFramesTest.crypto(onPool(2 + mode), suite, frame);
          CirrusCrypto sequential = ParallelFramesTest.crypto(ParallelFrames.off(), suite, frame);
          byte[] pt = EsdkInteropTest.payload(size);
          byte[] fromParallel = write(parallel, pt, chunk, mode == 0 ? size : -1);
          byte[] fromSequential = write(sequential, pt, chunk, -1);
          assertThat(sequential.decrypt(fromParallel).plaintext()).isEqualTo(pt);
          assertThat(read(parallel, fromSequential, chunk, release)).isEqualTo(pt);
          assertThat(read(parallel, fromParallel, chunk, release)).isEqualTo(pt);
          if (suite == UNSIGNED) {
            assertThat(fromParallel).hasSameSizeAs(fromSequential);
          }
        });
    assertThat(SUBMITTED.get()).as("batches handed to the executor").isGreaterThan(before + 100);
  }

  @Test
  void decryptingStream_tamperedFrameInTheMiddle_releasesOnlyEarlierFramesThenOpaqueError() {
    int frame = 8192;
    CirrusCrypto crypto = ParallelFramesTest.crypto(onPool(3), UNSIGNED, frame);
    byte[] pt = EsdkInteropTest.payload(frame * 60);
    byte[] ct = crypto.encrypt(pt, CTX).ciphertext();
    int frameBytes = 4 + 12 + frame + 16;
    int bodyStart = ct.length - (59 * frameBytes + 4 + 4 + 12 + 4 + frame + 16);
    int tampered = 30;
    ct[bodyStart + tampered * frameBytes + 4 + 12 + 5] ^= 1;
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    assertThatThrownBy(() -> {
      try (InputStream in = crypto.decryptingStream(new ByteArrayInputStream(ct))) {
        byte[] buf = new byte[3];
        int n;
        while ((n = in.read(buf)) > 0) {
          got.write(buf, 0, n);
        }
      }
    }).isInstanceOf(InvalidCiphertextException.class).hasMessage("invalid ciphertext");
    // Frames are released in batches (8 frames of 8 KiB), each after all its tags verified: earlier batches
    // are released, nothing of the bad frame's batch or later.
    assertThat(got.size()).isBetween(8 * frame, tampered * frame);
    assertThat(got.toByteArray()).isEqualTo(Arrays.copyOf(pt, got.size()));
  }

  @Test
  void streams_executorRejectsEverything_sequentialResult() {
    ParallelFrames rejecting = ParallelFrames.builder().executor(r -> {
      throw new RejectedExecutionException("no");
    }).maxThreads(4).build();
    CirrusCrypto crypto = ParallelFramesTest.crypto(rejecting, UNSIGNED, 64);
    byte[] pt = EsdkInteropTest.payload(64 * 50 + 1);
    byte[] ct = write(crypto, pt, 10, -1);
    assertThat(ParallelFramesTest.crypto(ParallelFrames.off(), UNSIGNED, 64).decrypt(ct).plaintext()).isEqualTo(pt);
    assertThat(read(crypto, ct, 5, PlaintextRelease.FRAME_VERIFIED)).isEqualTo(pt);
  }

  @Test
  void encryptingStream_parallelOutput_esdkDecrypts() {
    for (AlgorithmSuite suite : new AlgorithmSuite[] {UNSIGNED, SIGNED}) {
      CirrusCrypto crypto = ParallelFramesTest.crypto(onPool(3), suite, 1000);
      byte[] pt = EsdkInteropTest.payload(1000 * 45 + 17);
      byte[] ct = write(crypto, pt, 333, -1);
      assertThat(Esdk.client(suite.id(), 1000).decryptData(EsdkInteropTest.ESDK_KEYRING, ct).getResult())
          .isEqualTo(pt);
    }
  }

  @Test
  void decryptingStream_frameLargerThanHalfMaxBuffered_decryptsSequentially() {
    int before = SUBMITTED.get();
    CirrusCrypto crypto =
        CirrusCrypto.builder()
            .keyring(EsdkInteropTest.CIRRUS_KEYRING)
            .frameLengthBytes(1000)
            .maxBufferedBytes(1999)
            .parallelFrames(onPool(2))
            .build();
    byte[] pt = EsdkInteropTest.payload(1000 * 20);
    byte[] ct = ParallelFramesTest.crypto(ParallelFrames.off(), UNSIGNED, 1000).encrypt(pt, CTX).ciphertext();
    assertThat(read(crypto, ct, 100, PlaintextRelease.FRAME_VERIFIED)).isEqualTo(pt);
    assertThat(SUBMITTED.get()).isEqualTo(before);
  }
}
