package dev.cirrus.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiSurfaceTest {

  @Test
  void exportedPackages_testSupport_isOnePackage() {
    assertThat(ApiSurface.exportedPackages("dev.cirrus.testsupport")).containsExactly("dev.cirrus.testsupport");
  }

  @Test
  void internalLeaks_testSupport_none() {
    assertThat(ApiSurface.internalLeaks("dev.cirrus.testsupport")).isEmpty();
  }

  @Test
  void internalLeaks_publicSignaturesMentionInternalType_listsEachPlace() {
    assertThat(ApiSurface.internalLeaks("dev.cirrus.testsupport.fixture", true)).containsExactly(
        "dev.cirrus.testsupport.fixture.Leaky#hidden returns -> dev.cirrus.testsupport.fixture.internal.Hidden",
        "dev.cirrus.testsupport.fixture.Leaky#take parameter -> dev.cirrus.testsupport.fixture.internal.Hidden");
  }
}
