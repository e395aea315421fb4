package dev.cirrus.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cirrus.testsupport.ApiSurface;
import org.junit.jupiter.api.Test;

class ApiSurfaceTest {
  @Test
  void exportedPackages_theApiPackageAndTheEsdkBridge() {
    assertThat(ApiSurface.exportedPackages("dev.cirrus.crypto")).containsExactly("dev.cirrus.crypto", "dev.cirrus.crypto.esdk");
  }

  @Test
  void internalLeaks_publicSignatures_noInternalTypes() {
    assertThat(ApiSurface.internalLeaks("dev.cirrus.crypto")).isEmpty();
  }
}
