package io.cdclake.app.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The built application jar (what EMR steps run) against EMR's own classpath: run by failsafe after the shade
 * plugin has written it. Also bounds its size, so that a dependency dragged back in is noticed in review.
 */
class ApplicationJarIT {
  // 1,507,718 bytes once provisioning moved to cdclake-cli and the SDK became provided; room to grow, not for an SDK.
  private static final long MAX_BYTES = 4L * 1024 * 1024;

  private static Path jar() {
    String path = System.getProperty("application.jar");
    assertTrue(path != null && !path.isBlank(), "failsafe passes -Dapplication.jar");
    Path jar = Path.of(path);
    assertTrue(Files.isRegularFile(jar), jar + " not built");
    return jar;
  }

  @Test
  void shipsNoUnrelocatedClassOfAPackageEmrProvides() throws IOException {
    Map<String, Integer> overlap = JarOverlap.of(jar(), EmrClasspath.PACKAGES);
    assertEquals(Map.of(), overlap, jar() + " ships classes EMR already has (package: classes); make the"
        + " dependency provided or relocate it under " + EmrClasspath.RELOCATED + " (docs/operations.md)");
  }

  @Test
  void staysSmall() throws IOException {
    long size = Files.size(jar());
    assertTrue(size <= MAX_BYTES, jar() + " is " + size + " bytes, more than " + MAX_BYTES);
  }

  @Test
  void carriesTheEntryPoint() throws IOException {
    try (java.util.jar.JarFile jar = new java.util.jar.JarFile(jar().toFile())) {
      assertEquals("io.cdclake.app.Main", jar.getManifest().getMainAttributes().getValue("Main-Class"));
      assertTrue(jar.getEntry("io/cdclake/app/Main.class") != null);
      assertTrue(jar.getEntry("io/cdclake/catalog/CatalogSync.class") != null);
    }
  }
}
