package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.encryptionsdk.CryptoResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.Provider;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every case on both provider choices: ACCP, and the JDK's SunJCE and SunEC named explicitly (so the JDK
 * path is taken although ACCP is on the test class path). Round trips of arrays and streams, decryption by
 * the other provider, every committing suite and the legacy ones (whose HKDF uses HMAC-SHA256 and -SHA384),
 * every single-bit flip, and interop with the AWS Encryption SDK 3.0.2 both ways.
 */
class ProviderMatrixTest {
  static final Map<String, String> CTX = Map.of("purpose", "provider-matrix");
  static final List<AlgorithmSuite> SUITES =
      List.of(
          AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY,
          AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384);

  static List<Provider> accp() {
    return List.of(TestProviders.accp());
  }

  static List<Provider> jdk() {
    return TestProviders.jdk();
  }

  static Stream<Named<List<Provider>>> providers() {
    return Stream.of(Named.of("ACCP", accp()), Named.of("JDK", jdk()));
  }

  static Stream<Arguments> providersAndSuites() {
    return providers().flatMap(p -> SUITES.stream().map(s -> Arguments.of(p, s)));
  }

  static CirrusCrypto.Builder builder(List<Provider> providers) {
    Provider[] more = providers.subList(1, providers.size()).toArray(new Provider[0]);
    return CirrusCrypto.builder().keyring(EsdkInteropTest.CIRRUS_KEYRING).provider(providers.get(0), more);
  }

  static CirrusCrypto crypto(List<Provider> providers, AlgorithmSuite suite, int frameLength) {
    return builder(providers).algorithmSuite(suite).frameLengthBytes(frameLength).build();
  }

  static List<Provider> other(List<Provider> providers) {
    return isAccp(providers) ? jdk() : accp();
  }

  static boolean isAccp(List<Provider> providers) {
    return providers.get(0) == TestProviders.accp();
  }

  static byte[] streamEncrypt(CirrusCrypto c, byte[] pt) throws Exception {
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    try (OutputStream out = c.encryptingStream(sink, CTX, pt.length)) {
      for (int i = 0; i < pt.length; i += 1000) {
        out.write(pt, i, Math.min(1000, pt.length - i));
      }
    }
    return sink.toByteArray();
  }

  static byte[] streamDecrypt(CirrusCrypto c, byte[] ct, PlaintextRelease release) throws Exception {
    try (InputStream in = c.decryptingStream(new ByteArrayInputStream(ct), CTX, release)) {
      return in.readAllBytes();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("providers")
  void providerName_explicitProviders_namesWhatIsUsed(List<Provider> providers) {
    String expected = isAccp(providers) ? TestProviders.ACCP_DESCRIPTION : TestProviders.jdkDescription();

    assertThat(builder(providers).build().providerName()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("providersAndSuites")
  void roundTrip_arraysAndStreams_decryptedByBothProviders(List<Provider> providers, AlgorithmSuite suite)
      throws Exception {
    CirrusCrypto c = crypto(providers, suite, 4096);
    CirrusCrypto o = crypto(other(providers), suite, 4096);
    for (int size : new int[] {0, 1, 4095, 4096, 4097, 3 * 65536 + 5}) {
      byte[] pt = EsdkInteropTest.payload(size);
      byte[] ct = c.encrypt(pt, CTX).ciphertext();
      byte[] streamed = streamEncrypt(c, pt);

      for (byte[] message : new byte[][] {ct, streamed}) {
        assertThat(c.decrypt(message, CTX).plaintext()).as("size %d", size).isEqualTo(pt);
        assertThat(o.decrypt(message, CTX).plaintext()).as("size %d, other provider", size).isEqualTo(pt);
        assertThat(c.decryptAsync(message, CTX).join().plaintext()).as("size %d, async", size).isEqualTo(pt);
        assertThat(streamDecrypt(c, message, PlaintextRelease.FRAME_VERIFIED)).isEqualTo(pt);
        assertThat(streamDecrypt(c, message, PlaintextRelease.SIGNATURE_VERIFIED)).isEqualTo(pt);
      }
      assertThat(o.decrypt(c.encryptAsync(pt, CTX).join().ciphertext(), CTX).plaintext()).isEqualTo(pt);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("providersAndSuites")
  void decrypt_everySingleBitFlip_rejected(List<Provider> providers, AlgorithmSuite suite) {
    CirrusCrypto c = crypto(providers, suite, 16);
    byte[] ct = c.encrypt(TamperingTest.DATA, CTX).ciphertext();
    int keyEnd = TamperingTest.keyEnd(ct);
    for (int i = 0; i < ct.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = ct.clone();
        bad[i] ^= (byte) (1 << bit);
        TamperingTest.assertRejected(c, bad, "byte " + i + " bit " + bit, i, TamperingTest.CONTEXT_START, keyEnd);
      }
      byte[] bad = ct.clone();
      bad[i] ^= 1;
      byte[] released = TamperingTest.released(c, bad, PlaintextRelease.FRAME_VERIFIED);
      assertThat(released)
          .as("stream, byte %d", i)
          .isEqualTo(java.util.Arrays.copyOf(TamperingTest.DATA, released.length));
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("providersAndSuites")
  void encrypt_cirrusMessage_esdkDecrypts(List<Provider> providers, AlgorithmSuite suite) throws Exception {
    CirrusCrypto c = crypto(providers, suite, 1000);
    byte[] pt = EsdkInteropTest.payload(5000);

    for (byte[] ct : new byte[][] {c.encrypt(pt, CTX).ciphertext(), streamEncrypt(c, pt)}) {
      CryptoResult<byte[], ?> d = Esdk.client(suite.id(), 4096).decryptData(EsdkInteropTest.ESDK_KEYRING, ct);

      assertThat(d.getResult()).isEqualTo(pt);
      assertThat(d.getEncryptionContext()).containsAllEntriesOf(CTX);
    }
  }

  @ParameterizedTest(name = "{0} suite={1} frame={2}")
  @MethodSource("esdkCases")
  void decrypt_esdkMessage_cirrusDecrypts(List<Provider> providers, int suiteId, int frame) throws Exception {
    byte[] pt = EsdkInteropTest.payload(5000);
    byte[] ct = Esdk.client(suiteId, frame).encryptData(EsdkInteropTest.ESDK_KEYRING, pt, CTX).getResult();
    CirrusCrypto c = builder(providers).commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT).build();

    DecryptResult d = c.decrypt(ct, CTX);

    assertThat(d.plaintext()).isEqualTo(pt);
    assertThat(d.suite().id()).isEqualTo(suiteId);
    assertThat(streamDecrypt(c, ct, PlaintextRelease.FRAME_VERIFIED)).isEqualTo(pt);
  }

  static Stream<Arguments> esdkCases() {
    return providers().flatMap(p -> Stream.of(0x0178, 0x0378, 0x0478, 0x0578)
        .flatMap(s -> Stream.of(0, 1000).map(f -> Arguments.of(p, s, f))));
  }
}
