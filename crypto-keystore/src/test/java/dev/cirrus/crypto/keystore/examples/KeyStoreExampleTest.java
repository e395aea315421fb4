package dev.cirrus.crypto.keystore.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.testsupport.LocalAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KeyStoreExampleTest {
  @RegisterExtension static final LocalAws AWS = new LocalAws();

  @Test
  void lifecycle_newTable_rotatesAndReadsBothVersions() {
    String result = KeyStoreExample.lifecycle(AWS.dynamoDb(), AWS.kms(), AWS.uniqueName("example-keys"),
        AWS.createKmsKeyArn());

    assertThat(result).isEqualTo("active is new: true, old version readable: true, context: {tenant=acme}");
  }
}
