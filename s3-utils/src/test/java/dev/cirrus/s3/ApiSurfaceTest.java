package dev.cirrus.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.testsupport.ApiSurface;
import org.junit.jupiter.api.Test;

/** The exported package set, and no internal type reachable from a public signature. */
class ApiSurfaceTest {

  @Test
  void exportedPackages_onlyTheApiPackage() {
    assertThat(ApiSurface.exportedPackages("dev.cirrus.s3")).containsExactly("dev.cirrus.s3");
  }

  @Test
  void internalLeaks_publicSignatures_noInternalTypes() {
    assertThat(ApiSurface.internalLeaks("dev.cirrus.s3")).isEmpty();
  }
}
