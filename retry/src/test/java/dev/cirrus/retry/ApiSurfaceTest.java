package dev.cirrus.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.testsupport.ApiSurface;
import org.junit.jupiter.api.Test;

class ApiSurfaceTest {

  @Test
  void exportedPackages_apiAndSdkAdapter() {
    assertThat(ApiSurface.exportedPackages("dev.cirrus.retry")).containsExactly("dev.cirrus.retry",
        "dev.cirrus.retry.sdk");
  }

  @Test
  void internalLeaks_publicSignatures_noInternalTypes() {
    assertThat(ApiSurface.internalLeaks("dev.cirrus.retry")).isEmpty();
  }
}
