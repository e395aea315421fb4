package dev.cirrus.crypto.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.testsupport.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EsdkInteropExampleTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  @Test
  void cirrusEncryptsEsdkDecrypts_kmsKeyOnMoto_esdkReadsThePlaintext() {
    String plaintext = EsdkInteropExample.cirrusEncryptsEsdkDecrypts(AWS.kms(), AWS.createKmsKeyArn());

    assertThat(plaintext).isEqualTo("order 4711 shipped");
  }
}
