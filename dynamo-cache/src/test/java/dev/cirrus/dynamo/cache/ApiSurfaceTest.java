package dev.cirrus.dynamo.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.testsupport.ApiSurface;
import org.junit.jupiter.api.Test;

class ApiSurfaceTest {

  @Test
  void exportedPackages_onlyTheApiPackage() {
    assertThat(ApiSurface.exportedPackages("dev.cirrus.dynamo.cache")).containsExactly("dev.cirrus.dynamo.cache");
  }

  @Test
  void internalLeaks_publicSignatures_noInternalTypes() {
    assertThat(ApiSurface.internalLeaks("dev.cirrus.dynamo.cache")).isEmpty();
  }
}
