package io.cdclake.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Assumptions;

/**
 * Adobe S3Mock (the executable jar from Maven Central) started for one test on free loopback ports, with the
 * s3a settings to reach it. Stop it with {@link #close()}.
 *
 * <p>Where the jar comes from: the system property {@code s3mock.jar} (a module's pom copies
 * {@code com.adobe.testing:s3mock:<version>:exec} into {@code target/} with maven-dependency-plugin and passes the
 * path to surefire), else the local Maven repository ({@code s3mock.version}, default {@value #DEFAULT_VERSION}).
 * Without it the calling test is aborted (reported as skipped) with a message saying how to get it.
 *
 * <p>Loopback only: S3Mock's plain-HTTP connector has no host setting and binds every interface, so the server
 * runs with a tiny {@code LD_PRELOAD} shim (compiled once per JVM with the machine's gcc) that turns wildcard
 * binds into 127.0.0.1, and {@link #start} verifies in {@code /proc/net/tcp} that both ports listen on loopback
 * only before handing the server out.
 *
 * <p>s3a needs hadoop-aws and the AWS SDK v1 bundle ({@code com.amazonaws:aws-java-sdk-bundle}) on the test
 * classpath. Settings are per bucket ({@code fs.s3a.bucket.<name>.*}) and bucket names are unique per server, so
 * servers of different tests never share a cached s3a client.
 */
public final class S3MockServer implements AutoCloseable {
  public static final String DEFAULT_VERSION = "3.12.0";
  public static final String ACCESS_KEY = "s3mock-access-key";
  public static final String SECRET_KEY = "s3mock-secret-key";
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(180);

  private static final String BIND_SHIM = """
      #define _GNU_SOURCE
      #include <arpa/inet.h>
      #include <dlfcn.h>
      #include <netinet/in.h>
      #include <string.h>
      #include <sys/socket.h>
      /* Rewrites wildcard binds (0.0.0.0, ::) to loopback, so a server without a host setting stays local. */
      typedef int (*bind_fn)(int, const struct sockaddr *, socklen_t);
      int bind(int fd, const struct sockaddr *addr, socklen_t len) {
        static bind_fn real = 0;
        if (!real) real = (bind_fn) dlsym(RTLD_NEXT, "bind");
        if (addr && addr->sa_family == AF_INET && len >= sizeof(struct sockaddr_in)) {
          struct sockaddr_in a;
          memcpy(&a, addr, sizeof a);
          if (a.sin_addr.s_addr == htonl(INADDR_ANY)) {
            a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
            return real(fd, (const struct sockaddr *) &a, sizeof a);
          }
        } else if (addr && addr->sa_family == AF_INET6 && len >= sizeof(struct sockaddr_in6)) {
          struct sockaddr_in6 a;
          memcpy(&a, addr, sizeof a);
          if (memcmp(&a.sin6_addr, &in6addr_any, sizeof a.sin6_addr) == 0) {
            inet_pton(AF_INET6, "::ffff:127.0.0.1", &a.sin6_addr);
            return real(fd, (const struct sockaddr *) &a, sizeof a);
          }
        }
        return real(fd, addr, len);
      }
      """;
  private static Path shim;

  private final Process process;
  private final Path workDir;
  private final int httpPort;
  private final List<String> buckets;

  private S3MockServer(Process process, Path workDir, int httpPort, List<String> buckets) {
    this.process = process;
    this.workDir = workDir;
    this.httpPort = httpPort;
    this.buckets = List.copyOf(buckets);
  }

  /**
   * Starts S3Mock with one fresh bucket per given prefix; {@link #bucket(int)} gives their actual names (the
   * prefix plus a random suffix).
   */
  public static S3MockServer start(String... bucketPrefixes) {
    Path jar = locateJar();
    Path preload = loopbackShim();
    List<String> buckets = new ArrayList<>();
    for (String prefix : bucketPrefixes) {
      buckets.add((prefix + "-" + UUID.randomUUID().toString().substring(0, 8)).toLowerCase(Locale.ROOT));
    }
    try {
      Path workDir = Files.createTempDirectory("s3mock-");
      int[] ports = ServerProcesses.freePortPair();
      int httpPort = ports[0];
      int httpsPort = ports[1];
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> cmd = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1",
          "-Djava.net.preferIPv4Stack=true", "-jar", jar.toString(),
          "--com.adobe.testing.s3mock.httpPort=" + httpPort,
          "--server.port=" + httpsPort,
          "--server.address=127.0.0.1",
          "--com.adobe.testing.s3mock.domain.root=" + workDir.resolve("data"),
          "--com.adobe.testing.s3mock.domain.retainFilesOnExit=false",
          "--com.adobe.testing.s3mock.domain.initialBuckets=" + String.join(",", buckets),
          "--logging.level.root=WARN",
          "--spring.main.banner-mode=off"));
      ProcessBuilder pb = new ProcessBuilder(cmd)
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(workDir.resolve("s3mock.log").toFile());
      pb.environment().put("LD_PRELOAD", preload.toString());
      Process process = pb.start();
      S3MockServer server = new S3MockServer(process, workDir, httpPort, buckets);
      server.awaitReady();
      server.requireLoopbackOnly(httpPort, httpsPort);
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Mock from " + jar, e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  public String bucket(int index) {
    return buckets.get(index);
  }

  /** The s3a settings for every bucket of this server, to set on a Hadoop configuration or as Spark options. */
  public Map<String, String> s3aSettings() {
    Map<String, String> s = new LinkedHashMap<>();
    for (String b : buckets) {
      String p = "fs.s3a.bucket." + b + ".";
      s.put(p + "endpoint", endpoint().toString());
      s.put(p + "path.style.access", "true");
      s.put(p + "connection.ssl.enabled", "false");
      s.put(p + "aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
      s.put(p + "access.key", ACCESS_KEY);
      s.put(p + "secret.key", SECRET_KEY);
      // S3Mock answers s3a's conditional copy (x-amz-copy-source-if-match on the ETag) with 412, which the SDK
      // turns into a null result; renames are copies, so change detection must be off against S3Mock.
      s.put(p + "change.detection.mode", "none");
      s.put(p + "attempts.maximum", "3");
      s.put(p + "retry.limit", "3");
    }
    return s;
  }

  /** Points s3a at this server for its buckets. */
  public void configure(Configuration hadoopConf) {
    s3aSettings().forEach(hadoopConf::set);
  }

  private static Path locateJar() {
    String configured = System.getProperty("s3mock.jar");
    if (configured != null && !configured.isBlank() && Files.isRegularFile(Paths.get(configured))) {
      return Paths.get(configured);
    }
    String version = System.getProperty("s3mock.version", DEFAULT_VERSION);
    String repo = System.getProperty("maven.repo.local",
        Paths.get(System.getProperty("user.home"), ".m2", "repository").toString());
    Path fromRepo = Paths.get(repo, "com", "adobe", "testing", "s3mock", version, "s3mock-" + version + "-exec.jar");
    if (Files.isRegularFile(fromRepo)) {
      return fromRepo;
    }
    String message = "SKIPPED: the S3Mock executable jar was not found (system property s3mock.jar="
        + configured + ", local repository " + fromRepo + "); build the module with Maven online once, or run"
        + " `mvn dependency:get -Dartifact=com.adobe.testing:s3mock:" + version + ":jar:exec`";
    System.err.println("*** " + message);
    Assumptions.abort(message);
    throw new IllegalStateException(message);
  }

  private static synchronized Path loopbackShim() {
    if (shim != null) {
      return shim;
    }
    try {
      Path dir = Files.createTempDirectory("loopback-shim-");
      Path source = dir.resolve("loopback_bind.c");
      Path lib = dir.resolve("libloopback_bind.so");
      Files.writeString(source, BIND_SHIM, StandardCharsets.UTF_8);
      Process gcc;
      try {
        gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-O2", "-o", lib.toString(), source.toString(), "-ldl")
            .redirectErrorStream(true).start();
      } catch (IOException e) {
        String message = "SKIPPED: no gcc to build the loopback-only bind shim S3Mock needs (" + e.getMessage()
            + "); install gcc";
        System.err.println("*** " + message);
        Assumptions.abort(message);
        throw e;
      }
      String output = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!gcc.waitFor(60, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
        throw new IllegalStateException("gcc could not build the loopback bind shim:\n" + output);
      }
      shim = lib;
      return shim;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe = HttpRequest.newBuilder(endpoint()).timeout(Duration.ofSeconds(5)).GET().build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("S3Mock exited with code " + process.exitValue()
            + " before answering; its output:\n" + logTail());
      }
      try {
        HttpResponse<Void> r = http.send(probe, HttpResponse.BodyHandlers.discarding());
        if (r.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while waiting for S3Mock", e);
      }
      ServerProcesses.sleep(250);
    }
    String log = logTail();
    close();
    throw new IllegalStateException("S3Mock did not answer on " + endpoint() + " within " + STARTUP_TIMEOUT
        + "; its output:\n" + log);
  }

  /** Fails (and stops the server) unless every listening socket on our ports is bound to 127.0.0.1. */
  private void requireLoopbackOnly(int... ports) {
    List<String> offenders = new ArrayList<>();
    for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
      Path file = Paths.get(table);
      if (!Files.isReadable(file)) {
        continue;
      }
      try {
        for (String line : Files.readAllLines(file)) {
          String[] f = line.trim().split("\\s+");
          if (f.length < 4 || !"0A".equals(f[3]) || !f[1].contains(":")) {
            continue; // header, or not LISTEN
          }
          String[] local = f[1].split(":");
          int port = Integer.parseInt(local[1], 16);
          for (int p : ports) {
            if (p == port && !isLoopback(local[0])) {
              offenders.add(table + " " + f[1]);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (!offenders.isEmpty()) {
      close();
      throw new IllegalStateException("S3Mock listens beyond loopback " + offenders
          + "; the LD_PRELOAD bind shim did not take effect");
    }
  }

  private static boolean isLoopback(String hexAddress) {
    // /proc/net/tcp: 127.0.0.1 is 0100007F; tcp6: ::1 or ::ffff:127.0.0.1.
    return hexAddress.equals("0100007F")
        || hexAddress.equals("00000000000000000000000001000000")
        || hexAddress.equals("0000000000000000FFFF00000100007F");
  }

  private String logTail() {
    return ServerProcesses.logTail(workDir.resolve("s3mock.log"));
  }

  @Override
  public void close() {
    ServerProcesses.stop(process, Duration.ofSeconds(15), workDir);
  }

}
