package dev.cirrus.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.crypto.AlgorithmSuite;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PrimitivesTest {
  @Test
  void messageIdBytes_moreIdsThanOnePool_allDistinct() {
    Set<String> seen = new HashSet<>();
    int ids = 5 * Primitives.ID_POOL_BYTES / 16;
    for (int i = 0; i < ids; i++) {
      byte[] id = new byte[i % 3 == 0 ? 16 : 32];
      Primitives.messageIdBytes(id);
      assertThat(seen.add(Arrays.toString(id))).as("id %d", i).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(AlgorithmSuite.class)
  void derive_eachSuiteOnEachProviderChoice_matchesTextbookHkdf(AlgorithmSuite suite) throws Exception {
    Random random = new Random(suite.id());
    byte[] dataKey = new byte[32];
    byte[] messageId = new byte[suite.messageFormatVersion() == 2 ? 32 : 16];
    for (Jca jca : new Jca[] {JcaProviders.jdk(), JcaProviders.defaults()}) {
      for (int round = 0; round < 3; round++) {
        random.nextBytes(dataKey);
        random.nextBytes(messageId);
        byte[] key = new byte[32];
        byte[] commit = new byte[32];
        Primitives.derive(jca.mac(suite.hkdfMacAlgorithm()), suite, dataKey, messageId, key, commit);
        assertThat(key).isEqualTo(expectedKey(suite, dataKey, messageId, false));
        if (suite.isCommitting()) {
          assertThat(commit).isEqualTo(expectedKey(suite, dataKey, messageId, true));
        }
      }
    }
  }

  /** RFC 5869 with the ESDK's salt and info (framework/transitive-requirements.md), one block of output. */
  private static byte[] expectedKey(AlgorithmSuite suite, byte[] dataKey, byte[] messageId, boolean commitKey)
      throws Exception {
    String alg = suite.hkdfMacAlgorithm();
    Mac mac = Mac.getInstance(alg, "SunJCE");
    byte[] salt = suite.isCommitting() ? messageId : new byte[mac.getMacLength()];
    mac.init(new SecretKeySpec(salt, alg));
    byte[] prk = mac.doFinal(dataKey);
    ByteArrayOutputStream info = new ByteArrayOutputStream();
    if (commitKey) {
      info.writeBytes("COMMITKEY".getBytes(StandardCharsets.US_ASCII));
    } else {
      info.write(suite.id() >>> 8);
      info.write(suite.id() & 0xFF);
      info.writeBytes(suite.isCommitting() ? "DERIVEKEY".getBytes(StandardCharsets.US_ASCII) : messageId);
    }
    info.write(1);
    mac.init(new SecretKeySpec(prk, alg));
    return Arrays.copyOf(mac.doFinal(info.toByteArray()), 32);
  }
}
