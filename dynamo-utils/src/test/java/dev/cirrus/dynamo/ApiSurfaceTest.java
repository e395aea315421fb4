package dev.cirrus.dynamo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.testsupport.ApiSurface;
import org.junit.jupiter.api.Test;

/** The exported package set, and no internal type reachable from a public signature. */
class ApiSurfaceTest {

  @Test
  void exportedPackages_onlyTheApiPackage() {
    assertThat(ApiSurface.exportedPackages("dev.cirrus.dynamo")).containsExactly("dev.cirrus.dynamo");
  }

  @Test
  void internalLeaks_publicSignatures_noInternalTypes() {
    assertThat(ApiSurface.internalLeaks("dev.cirrus.dynamo")).isEmpty();
  }
}
