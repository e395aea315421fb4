package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.testsupport.ApiSurface;
import org.junit.jupiter.api.Test;

class ApiSurfaceTest {
  @Test
  void exportedPackages_onlyTheApiPackage() {
    assertThat(ApiSurface.exportedPackages("dev.cirrus.crypto")).containsExactly("dev.cirrus.crypto");
  }

  @Test
  void internalLeaks_publicSignatures_noInternalTypes() {
    assertThat(ApiSurface.internalLeaks("dev.cirrus.crypto")).isEmpty();
  }
}
