package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.encryptionsdk.AwsCrypto;
import com.amazonaws.encryptionsdk.CryptoResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.cryptography.materialproviders.IKeyring;

/**
 * Interop with the AWS Encryption SDK for Java 3.0.2 over raw AES keyrings, both directions.
 *
 * <p>Matrix: committing suites 0x0478 and 0x0578; frame lengths 1, 4096 and 65536 (and non-framed for
 * ESDK to Cirrus, since Cirrus writes only framed bodies); payloads empty, 3000 bytes and 10 MiB;
 * contexts empty and large (200 entries, about 9 KB). Frame length 1 is run with the empty and
 * 3000-byte payloads only: 10 MiB at one byte per frame is 10 million frames (about 470 MB of
 * ciphertext) and would dominate the build for no extra coverage.
 */
class EsdkInteropTest {
  static final byte[] WRAPPING_KEY = new byte[32];
  static final String NAMESPACE = "cirrus-test";
  static final String NAME = "wrapping-key-1";
  static final int TEN_MIB = 10 * 1024 * 1024;

  static {
    new Random(7).nextBytes(WRAPPING_KEY);
  }

  static final IKeyring ESDK_KEYRING = Esdk.rawAes(NAMESPACE, NAME, WRAPPING_KEY);
  static final RawAesKeyring CIRRUS_KEYRING =
      RawAesKeyring.builder().keyNamespace(NAMESPACE).keyName(NAME).wrappingKey(WRAPPING_KEY).build();

  static byte[] payload(int size) {
    byte[] b = new byte[size];
    new Random(size).nextBytes(b);
    return b;
  }

  static Map<String, String> largeContext() {
    Map<String, String> m = new TreeMap<>();
    for (int i = 0; i < 200; i++) {
      m.put("key-" + i, "value-" + i + "-" + "x".repeat(i % 20) + "-\u00e9\u4e2d");
    }
    return m;
  }

  static Stream<Arguments> matrix(boolean includeNonFramed) {
    List<Arguments> cases = new ArrayList<>();
    int[] suites = {0x0478, 0x0578};
    List<Integer> frames = new ArrayList<>(List.of(1, 4096, 65536));
    if (includeNonFramed) {
      frames.add(0);
    }
    for (int suite : suites) {
      for (int frame : frames) {
        int[] sizes = frame == 1 ? new int[] {0, 3000} : new int[] {0, 3000, TEN_MIB};
        for (int size : sizes) {
          for (boolean largeCtx : new boolean[] {false, true}) {
            cases.add(Arguments.of(suite, frame, size, largeCtx));
          }
        }
      }
    }
    return cases.stream();
  }

  static Stream<Arguments> cirrusToEsdk() {
    return matrix(false);
  }

  static Stream<Arguments> esdkToCirrus() {
    return matrix(true);
  }

  @ParameterizedTest(name = "suite={0} frame={1} bytes={2} largeContext={3}")
  @MethodSource("cirrusToEsdk")
  void encrypt_cirrusMessage_esdkDecrypts(int suiteId, int frame, int size, boolean largeCtx) {
    Map<String, String> ctx = largeCtx ? largeContext() : Map.of();
    byte[] pt = payload(size);
    CirrusCrypto cirrus =
        CirrusCrypto.builder()
            .keyring(CIRRUS_KEYRING)
            .algorithmSuite(AlgorithmSuite.fromId(suiteId))
            .frameLengthBytes(frame)
            .build();
    EncryptResult r = cirrus.encrypt(pt, ctx);

    CryptoResult<byte[], ?> d = Esdk.client(suiteId, 4096).decryptData(ESDK_KEYRING, r.ciphertext());

    assertThat(d.getResult()).isEqualTo(pt);
    assertThat(d.getEncryptionContext()).containsAllEntriesOf(ctx);
    assertThat(d.getCryptoAlgorithm().getValue()).isEqualTo((short) suiteId);
    assertThat(r.keyIds()).containsExactly(NAME);
  }

  @ParameterizedTest(name = "suite={0} frame={1} bytes={2} largeContext={3}")
  @MethodSource("esdkToCirrus")
  void decrypt_esdkMessage_cirrusDecrypts(int suiteId, int frame, int size, boolean largeCtx) throws Exception {
    Map<String, String> ctx = largeCtx ? largeContext() : Map.of();
    byte[] pt = payload(size);
    byte[] ct = Esdk.client(suiteId, frame).encryptData(ESDK_KEYRING, pt, ctx).getResult();
    CirrusCrypto cirrus = CirrusCrypto.builder().keyring(CIRRUS_KEYRING).build();

    DecryptResult d = cirrus.decrypt(ct, ctx);

    assertThat(d.plaintext()).isEqualTo(pt);
    assertThat(d.encryptionContext()).containsAllEntriesOf(ctx);
    assertThat(d.suite().id()).isEqualTo(suiteId);
    assertThat(d.keyId()).isEqualTo(NAME);
    if (size <= 3000) {
      try (InputStream s = cirrus.decryptingStream(new ByteArrayInputStream(ct))) {
        assertThat(s.readAllBytes()).isEqualTo(pt);
      }
    }
  }

  @Test
  void encryptingStream_esdkDecrypts_everySuiteAndLength() throws Exception {
    for (AlgorithmSuite suite :
        List.of(AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY, AlgorithmSuite.AES_256_GCM_HKDF_SHA512_COMMIT_KEY_ECDSA_P384)) {
      for (int size : new int[] {0, 1, 99, 100, 101, 1000}) {
        CirrusCrypto cirrus =
            CirrusCrypto.builder().keyring(CIRRUS_KEYRING).algorithmSuite(suite).frameLengthBytes(100).build();
        byte[] pt = payload(size);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (OutputStream out = cirrus.encryptingStream(sink, Map.of("k", "v"))) {
          for (int i = 0; i < size; i += 7) {
            out.write(pt, i, Math.min(7, size - i));
          }
        }
        byte[] d = Esdk.client(suite.id(), 4096).decryptData(ESDK_KEYRING, sink.toByteArray()).getResult();
        assertThat(d).as("suite %s size %d", suite, size).isEqualTo(pt);
      }
    }
  }

  @ParameterizedTest(name = "suite={0}")
  @org.junit.jupiter.params.provider.ValueSource(ints = {0x0178, 0x0378})
  void decrypt_legacySuite_onlyWhenPolicyAllows(int suiteId) {
    byte[] pt = payload(5000);
    AwsCrypto esdk = Esdk.client(suiteId, 1024);
    byte[] ct = esdk.encryptData(ESDK_KEYRING, pt, Map.of("a", "b")).getResult();

    CirrusCrypto strict = CirrusCrypto.builder().keyring(CIRRUS_KEYRING).build();
    CirrusCrypto lenient =
        CirrusCrypto.builder()
            .keyring(CIRRUS_KEYRING)
            .commitmentPolicy(CommitmentPolicy.REQUIRE_ENCRYPT_ALLOW_DECRYPT)
            .build();

    assertThatThrownBy(() -> strict.decrypt(ct))
        .isInstanceOf(CommitmentPolicyException.class)
        .hasMessage(
            "message uses non-committing algorithm suite " + String.format("0x%04X", suiteId)
                + " which commitment policy REQUIRE_ENCRYPT_REQUIRE_DECRYPT forbids; configure"
                + " REQUIRE_ENCRYPT_ALLOW_DECRYPT only to read legacy messages");
    assertThat(lenient.decrypt(ct).plaintext()).isEqualTo(pt);
  }
}
