package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.amazonaws.encryptionsdk.AwsCrypto;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.cryptography.materialproviders.IKeyring;

class ParallelFramesTest {
  static final Map<String, String> CTX = Map.of("p", "q");
  static final ExecutorService POOL = Executors.newFixedThreadPool(3);
  static final AtomicInteger SUBMITTED = new AtomicInteger();

  @AfterAll
  static void shutDown() {
    POOL.shutdownNow();
  }

  static CirrusCrypto crypto(ParallelFrames parallel, AlgorithmSuite suite, int frame) {
    return CirrusCrypto.builder()
        .keyring(EsdkInteropTest.CIRRUS_KEYRING)
        .algorithmSuite(suite)
        .frameLengthBytes(frame)
        .parallelFrames(parallel)
        .build();
  }

  static ParallelFrames onPool(int threads) {
    return ParallelFrames.builder().executor(r -> {
      SUBMITTED.incrementAndGet();
      POOL.execute(r);
    }).maxThreads(threads).build();
  }

  @Test
  void encryptDecrypt_parallelAndSequential_eachReadsTheOther() {
    int before = SUBMITTED.get();
    qt().withFixedSeed(20261204L)
        .withExamples(60)
        .forAll(integers().between(0, 60_000), integers().between(1, 2000), integers().between(2, 5),
            integers().between(0, 1))
        .checkAssert((size, frame, threads, signed) -> {
          AlgorithmSuite suite = signed == 1
              ? AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384
              : AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY;
          CirrusCrypto parallel = crypto(onPool(threads), suite, frame);
          CirrusCrypto sequential = crypto(ParallelFrames.off(), suite, frame);
          byte[] pt = EsdkInteropTest.payload(size);
          byte[] fromParallel = parallel.encrypt(pt, CTX).ciphertext();
          byte[] fromSequential = sequential.encrypt(pt, CTX).ciphertext();
          assertThat(sequential.decrypt(fromParallel).plaintext()).isEqualTo(pt);
          assertThat(parallel.decrypt(fromSequential).plaintext()).isEqualTo(pt);
          assertThat(parallel.decrypt(fromParallel).plaintext()).isEqualTo(pt);
          assertThat(EncryptDecryptPropertyTest.readStream(sequential, fromParallel)).isEqualTo(pt);
          if (signed == 0) {
            // Signed messages differ in length by the DER encoding of their randomised signatures.
            assertThat(fromParallel).hasSameSizeAs(fromSequential);
          }
        });
    assertThat(SUBMITTED.get()).as("chunks handed to the executor").isGreaterThan(before + 40);
  }

  @Test
  void decrypt_tamperedFrameInTheMiddle_opaqueErrorForEverySuite() {
    for (AlgorithmSuite suite : new AlgorithmSuite[] {
        AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384}) {
      CirrusCrypto crypto = crypto(onPool(4), suite, 128);
      byte[] ct = crypto.encrypt(EsdkInteropTest.payload(128 * 100), CTX).ciphertext();
      // Frame 50 of 100 lies around the middle of the body; the header is well under half of the message.
      ct[ct.length / 2] ^= 0x10;
      assertThatThrownBy(() -> crypto.decrypt(ct))
          .isInstanceOf(InvalidCiphertextException.class)
          .hasMessage("invalid ciphertext");
    }
  }

  @Test
  void encryptDecrypt_executorRejectsEverything_sequentialResult() {
    ParallelFrames rejecting = ParallelFrames.builder().executor(r -> {
      throw new RejectedExecutionException("no");
    }).maxThreads(4).build();
    CirrusCrypto crypto = crypto(rejecting, AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, 64);
    byte[] pt = EsdkInteropTest.payload(64 * 50 + 1);
    byte[] ct = crypto.encrypt(pt, CTX).ciphertext();
    assertThat(crypto(ParallelFrames.off(), AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, 64).decrypt(ct)
        .plaintext()).isEqualTo(pt);
    assertThat(crypto.decrypt(ct).plaintext()).isEqualTo(pt);
  }

  @Test
  void encrypt_sharedDefaultPool_roundTrips() {
    CirrusCrypto crypto =
        crypto(ParallelFrames.builder().maxThreads(2).build(), AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, 512);
    byte[] pt = EsdkInteropTest.payload(512 * 40);
    assertThat(crypto.decrypt(crypto.encrypt(pt, CTX).ciphertext()).plaintext()).isEqualTo(pt);
  }

  @Test
  void encrypt_parallelOutput_esdkDecrypts() {
    IKeyring esdkKeyring = EsdkInteropTest.ESDK_KEYRING;
    for (int suiteId : new int[] {0x0478, 0x0578}) {
      AwsCrypto esdk = Esdk.client(suiteId, 1000);
      CirrusCrypto crypto = crypto(onPool(3), AlgorithmSuite.fromId(suiteId), 1000);
      byte[] pt = EsdkInteropTest.payload(1000 * 77 + 3);
      byte[] ct = crypto.encrypt(pt, CTX).ciphertext();
      assertThat(esdk.decryptData(esdkKeyring, ct).getResult()).isEqualTo(pt);
    }
  }

  @Test
  void defaults_offAndBuilderDefaults() {
    assertThat(ParallelFrames.off().isEnabled()).isFalse();
    assertThat(ParallelFrames.off().maxThreads()).isEqualTo(1);
    ParallelFrames d = ParallelFrames.builder().build();
    assertThat(d.minFrames()).isEqualTo(16);
    assertThat(d.maxThreads())
        .isEqualTo(Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 4)));
    assertThat(d.toString()).contains("shared pool");
  }

  @Test
  void maxThreads_outOfRange_throwsNamingValueAndRange() {
    assertThatThrownBy(() -> ParallelFrames.builder().maxThreads(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxThreads must be between 1 and 64, was 0");
    assertThatThrownBy(() -> ParallelFrames.builder().maxThreads(65))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxThreads must be between 1 and 64, was 65");
  }

  @Test
  void minFrames_belowSixteen_throwsNamingValueAndRange() {
    assertThatThrownBy(() -> ParallelFrames.builder().minFrames(15))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("minFrames must be between 16 and 2147483647, was 15");
  }

  @Test
  void executorAndParallelFrames_null_throwNamingTheArgument() {
    assertThatThrownBy(() -> ParallelFrames.builder().executor(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("executor");
    assertThatThrownBy(() -> CirrusCrypto.builder().parallelFrames(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("parallelFrames");
  }
}
