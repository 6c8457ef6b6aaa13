package io.cdclake.app.jar;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check the application jar's integration test relies on must find what it is there for. */
class JarOverlapTest {
  @TempDir
  Path dir;

  private Path jar(String... entries) throws IOException {
    Path jar = dir.resolve("t.jar");
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
      for (String e : entries) {
        out.putNextEntry(new ZipEntry(e));
        out.closeEntry();
      }
    }
    return jar;
  }

  @Test
  void countsUnrelocatedClassesOfEmrPackagesIncludingVersionedCopies() throws IOException {
    Path jar = jar("io/netty/buffer/ByteBuf.class", "io/netty/util/Version.class",
        "META-INF/versions/9/org/slf4j/Logger.class", "software/amazon/awssdk/core/SdkClient.class",
        "org/apache/http/client/HttpClient.class");
    assertEquals(Map.of("io/netty/", 2, "org/slf4j/", 1, "software/amazon/awssdk/", 1, "org/apache/http/", 1),
        JarOverlap.of(jar, EmrClasspath.PACKAGES));
  }

  @Test
  void relocatedClassesOwnClassesAndResourcesDoNotCount() throws IOException {
    Path jar = jar(EmrClasspath.RELOCATED + "software/amazon/awssdk/core/SdkClient.class",
        "io/cdclake/app/Main.class", "picocli/CommandLine.class", "software/amazon/awssdk/global/handlers/x.txt",
        "META-INF/services/software.amazon.awssdk.http.SdkHttpService");
    assertEquals(Map.of(), JarOverlap.of(jar, EmrClasspath.PACKAGES));
  }

  @Test
  void aPackageIsMatchedOnlyAsAWholePathSegment() throws IOException {
    Path jar = jar("scalax/Foo.class", "io/nettyish/Bar.class", "scala/Option.class");
    assertEquals(Map.of("scala/", 1), JarOverlap.of(jar, List.of("scala/", "io/netty/")));
  }
}
