package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.encryptionsdk.AwsCrypto;
import dev.cirrus.testsupport.LocalAws;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.cryptography.materialproviders.IKeyring;

/**
 * Interop with the ESDK 3.0.2 over AWS KMS keyrings (moto), both directions: both committing suites,
 * frame lengths 1, 4096, 65536 (and non-framed from the ESDK), empty and 3000-byte payloads, empty and
 * large contexts. The 10 MiB payloads run over raw AES keyrings in {@link EsdkInteropTest}: the keyring
 * only wraps the 32-byte data key, so payload size exercises nothing KMS-specific.
 */
class KmsInteropMatrixIntegrationTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  static String arn;
  static IKeyring esdkKeyring;
  static KmsKeyring cirrusKeyring;

  @BeforeAll
  static void keys() {
    arn = AWS.createKmsKeyArn();
    esdkKeyring = KmsKeyringIntegrationTest.esdkKmsKeyring(arn, AWS.kms());
    cirrusKeyring = KmsKeyring.builder().kmsClient(AWS.kms()).generatorKeyId(arn).build();
  }

  static Stream<Arguments> matrix() {
    List<Arguments> cases = new ArrayList<>();
    for (int suite : new int[] {0x0478, 0x0578}) {
      for (int frame : new int[] {0, 1, 4096, 65536}) {
        for (int size : new int[] {0, 3000}) {
          for (boolean large : new boolean[] {false, true}) {
            cases.add(Arguments.of(suite, frame, size, large));
          }
        }
      }
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "suite={0} frame={1} bytes={2} largeContext={3}")
  @MethodSource("matrix")
  void kmsKeyrings_bothDirections_roundTrip(int suiteId, int frame, int size, boolean large) {
    Map<String, String> ctx = large ? EsdkInteropTest.largeContext() : Map.of();
    byte[] pt = EsdkInteropTest.payload(size);
    AwsCrypto esdk = Esdk.client(suiteId, frame == 0 ? 0 : frame);
    CirrusCrypto cirrus = CirrusCrypto.builder().keyring(cirrusKeyring).build();

    byte[] fromEsdk = esdk.encryptData(esdkKeyring, pt, ctx).getResult();
    DecryptResult d = cirrus.decrypt(fromEsdk, ctx);
    assertThat(d.plaintext()).isEqualTo(pt);
    assertThat(d.keyId()).isEqualTo(arn);

    if (frame > 0) {
      CirrusCrypto writer =
          CirrusCrypto.builder()
              .keyring(cirrusKeyring)
              .algorithmSuite(AlgorithmSuite.fromId(suiteId))
              .frameLengthBytes(frame)
              .build();
      byte[] fromCirrus = writer.encrypt(pt, ctx).ciphertext();
      assertThat(esdk.decryptData(esdkKeyring, fromCirrus).getResult()).isEqualTo(pt);
    }
  }
}
