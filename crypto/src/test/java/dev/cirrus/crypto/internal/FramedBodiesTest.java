package dev.cirrus.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import dev.cirrus.crypto.AlgorithmSuite;
import dev.cirrus.crypto.EncryptionMaterials;
import dev.cirrus.crypto.InvalidCiphertextException;
import dev.cirrus.crypto.RawAesKeyring;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Parallel frames against the sequential path with the message id fixed, so whole messages can be
 * compared byte for byte; and what a failed chunk leaves in the output array.
 */
class FramedBodiesTest {
  private static final Jca JCA = JcaProviders.defaults();
  static final byte[] WRAPPING = new byte[32];
  static final KeyringMaterialsManager MATERIALS =
      new KeyringMaterialsManager(
          RawAesKeyring.builder().keyNamespace("ns").keyName("k").wrappingKey(WRAPPING).build());
  static final ExecutorService POOL = Executors.newFixedThreadPool(3);
  static final AtomicInteger SUBMITTED = new AtomicInteger();

  @AfterAll
  static void shutDown() {
    POOL.shutdownNow();
  }

  static FrameWorkers workers(int threads) {
    return new FrameWorkers(r -> {
      SUBMITTED.incrementAndGet();
      POOL.execute(r);
    }, threads, 16);
  }

  static byte[] plaintext(int size, long seed) {
    byte[] pt = new byte[size];
    new Random(seed).nextBytes(pt);
    return pt;
  }

  /** Header and body bytes: everything but the footer, whose ECDSA signature is randomised. */
  static byte[] headerAndBody(EncryptionMaterials m, int frame, int size, byte[] message) {
    int end = MessageCodec.headerTemplate(m, frame).length + 16 + (int) MessageCodec.bodyLength(size, frame);
    return Arrays.copyOf(message, end);
  }

  @Test
  void encrypt_parallelWithFixedMessageId_byteIdenticalToSequential() {
    int before = SUBMITTED.get();
    qt().withFixedSeed(20261204L)
        .withExamples(80)
        .forAll(integers().between(0, 120_000), integers().between(1, 3000), integers().between(2, 6),
            integers().between(0, 1))
        .checkAssert((size, frame, threads, signed) -> {
          AlgorithmSuite suite = signed == 1
              ? AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
              : AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
          EncryptionMaterials m = MATERIALS.encryptionMaterials(suite, Map.of("a", "b"), size);
          byte[] pt = plaintext(size, size * 31L + frame);
          byte[] id = plaintext(32, frame);
          byte[] seq = MessageCodec.encrypt(JCA, m, frame, pt, 0, size, FrameWorkers.SEQUENTIAL, id);
          byte[] par = MessageCodec.encrypt(JCA, m, frame, pt, 0, size, workers(threads), id);
          assertThat(headerAndBody(m, frame, size, par))
              .as("size %d frame %d threads %d suite %s", size, frame, threads, suite)
              .isEqualTo(headerAndBody(m, frame, size, seq));
          if (signed == 0) {
            assertThat(par).isEqualTo(seq);
          }
        });
    assertThat(SUBMITTED.get()).as("chunks handed to the executor").isGreaterThan(before + 40);
  }

  @Test
  void encrypt_offsetIntoLargerArray_byteIdenticalToSequential() {
    EncryptionMaterials m =
        MATERIALS.encryptionMaterials(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, Map.of(), 5000);
    byte[] pt = plaintext(7000, 3);
    byte[] id = plaintext(32, 4);
    byte[] seq = MessageCodec.encrypt(JCA, m, 100, pt, 1000, 5000, FrameWorkers.SEQUENTIAL, id);
    assertThat(MessageCodec.encrypt(JCA, m, 100, pt, 1000, 5000, workers(4), id)).isEqualTo(seq);
  }

  @Test
  void encrypt_executorRejects_sameBytesAsSequential() {
    EncryptionMaterials m =
        MATERIALS.encryptionMaterials(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, Map.of(), 10_000);
    byte[] pt = plaintext(10_000, 5);
    byte[] id = plaintext(32, 6);
    FrameWorkers rejecting = new FrameWorkers(r -> {
      throw new RejectedExecutionException("full");
    }, 4, 16);
    assertThat(MessageCodec.encrypt(JCA, m, 64, pt, 0, pt.length, rejecting, id))
        .isEqualTo(MessageCodec.encrypt(JCA, m, 64, pt, 0, pt.length, FrameWorkers.SEQUENTIAL, id));
  }

  @Test
  void encrypt_executorNeverRunsTasks_callerRunsEveryChunk() {
    EncryptionMaterials m =
        MATERIALS.encryptionMaterials(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, Map.of(), 10_000);
    byte[] pt = plaintext(10_000, 7);
    byte[] id = plaintext(32, 8);
    AtomicInteger dropped = new AtomicInteger();
    FrameWorkers blackHole = new FrameWorkers(r -> dropped.incrementAndGet(), 4, 16);
    assertThat(MessageCodec.encrypt(JCA, m, 64, pt, 0, pt.length, blackHole, id))
        .isEqualTo(MessageCodec.encrypt(JCA, m, 64, pt, 0, pt.length, FrameWorkers.SEQUENTIAL, id));
    assertThat(dropped).hasValue(3);
  }

  @Test
  void open_tamperedMiddleFrame_throwsOpaqueAndZeroesEveryVerifiedFrame() throws Exception {
    int frame = 256;
    int size = 64 * frame + 10;
    EncryptionMaterials m =
        MATERIALS.encryptionMaterials(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, Map.of(), size);
    byte[] ct = MessageCodec.encrypt(JCA, m, frame, plaintext(size, 9), 0, size, FrameWorkers.SEQUENTIAL);
    ByteSource.ArraySource src = ByteSource.of(ct, 0, ct.length);
    MessageHeader h = HeaderCodec.parse(src, 1 << 20, 10);
    int bodyStart = src.position();
    ct[bodyStart + 32 * (int) FramedBodies.regularFrameBytes(frame) + 20] ^= 1;
    MessageCipher mc = MessageCipher.forDecrypt(h, m.dataKey(), JCA, JCA.newGcm());
    byte[] out = new byte[size];
    assertThatThrownBy(() -> FramedBodies.open(workers(4), mc, frame, ct, bodyStart, 65, out))
        .isInstanceOf(InvalidCiphertextException.class)
        .hasMessage("invalid ciphertext");
    assertThat(out).containsOnly(0);
  }

  @Test
  void open_untampered_sameAsSequential() throws Exception {
    int frame = 100;
    int size = 40 * frame;
    EncryptionMaterials m =
        MATERIALS.encryptionMaterials(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, Map.of(), size);
    byte[] pt = plaintext(size, 10);
    byte[] ct = MessageCodec.encrypt(JCA, m, frame, pt, 0, size, workers(3));
    ByteSource.ArraySource src = ByteSource.of(ct, 0, ct.length);
    MessageHeader h = HeaderCodec.parse(src, 1 << 20, 10);
    MessageCipher mc = MessageCipher.forDecrypt(h, m.dataKey(), JCA, JCA.newGcm());
    byte[] out = new byte[size];
    FramedBodies.open(workers(3), mc, frame, ct, src.position(), 40, out);
    assertThat(out).isEqualTo(pt);
  }

  @Test
  void chunks_belowMinFramesOrOneThread_one() {
    assertThat(new FrameWorkers(null, 4, 16).chunks(15)).isEqualTo(1);
    assertThat(new FrameWorkers(null, 4, 16).chunks(16)).isEqualTo(2);
    assertThat(new FrameWorkers(null, 4, 16).chunks(31)).isEqualTo(3);
    assertThat(new FrameWorkers(null, 4, 16).chunks(1000)).isEqualTo(4);
    assertThat(new FrameWorkers(null, 4, 100).chunks(99)).isEqualTo(1);
    assertThat(FrameWorkers.SEQUENTIAL.chunks(1000)).isEqualTo(1);
  }
}
