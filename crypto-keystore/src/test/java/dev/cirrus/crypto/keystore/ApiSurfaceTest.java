package dev.cirrus.crypto.keystore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.testsupport.ApiSurface;
import org.junit.jupiter.api.Test;

/** The exported package set, and no internal type reachable from a public signature. */
class ApiSurfaceTest {
  @Test
  void exportedPackages_onlyTheApiPackage() {
    assertThat(ApiSurface.exportedPackages("dev.cirrus.crypto.keystore")).containsExactly("dev.cirrus.crypto.keystore");
  }

  @Test
  void internalLeaks_publicSignatures_noInternalTypes() {
    assertThat(ApiSurface.internalLeaks("dev.cirrus.crypto.keystore")).isEmpty();
  }
}
