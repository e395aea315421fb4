package dev.cirrus.crypto.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.encryptionsdk.jce.JceMasterKey;
import dev.cirrus.testsupport.LocalAws;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class QuickStartExampleTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  @Test
  void run_againstMoto_roundTrips() throws Exception {
    String arn = AWS.createKmsKeyArn();
    assertThat(QuickStartExample.run(AWS.clients().kmsBuilder(), arn))
        .isEqualTo("invoice #1 / a long report / " + arn);
  }

  @Test
  void esdkBridge_roundTrips() {
    JceMasterKey key = JceMasterKey.getInstance(new SecretKeySpec(new byte[32], "AES"), "example", "k1", "AES/GCM/NoPadding");
    assertThat(EsdkBridgeExample.roundTrip(key, new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
  }
}
