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
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code kinesis-local} Kinesis API emulator (npm package, installed by {@code npm ci} at the repository
 * root), started for one test on a free loopback port and stopped by {@link #close()}.
 *
 * <p>The emulator reads its TLS certificate from {@code server.json} in its working directory, so each server
 * runs in a temporary directory holding a copy of the one the package ships. It binds {@code 0.0.0.0} and has no
 * setting for the host, so a {@code --require}d shim rewrites its listen calls to {@code 127.0.0.1}: tests never
 * listen on the network. Clients talk plain HTTP to {@link #endpoint()}, signed with {@link #ACCESS_KEY} /
 * {@link #SECRET_KEY} (any non-empty credentials work; real ones must never be used here).
 *
 * <p>When the package is not installed, {@link #start()} aborts the calling test (reported as skipped) with a
 * message saying to run {@code npm ci}.
 */
public final class KinesisLocalServer implements AutoCloseable {
  public static final String ACCESS_KEY = "kinesisLocalAccessKey";
  public static final String SECRET_KEY = "kinesisLocalSecretKey";
  public static final String REGION = "us-east-1";

  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

  /** Rewrites {@code listen(port)} / {@code listen(port, '0.0.0.0')} / {@code listen({host})} to loopback. */
  private static final String LOOPBACK_SHIM = """
      'use strict';
      const net = require('net');
      const listen = net.Server.prototype.listen;
      const wildcard = (h) => h === undefined || h === null || h === '0.0.0.0' || h === '::';
      net.Server.prototype.listen = function (...args) {
        if (args.length > 0 && typeof args[0] === 'object' && args[0] !== null) {
          if (wildcard(args[0].host)) { args[0] = Object.assign({}, args[0], { host: '127.0.0.1' }); }
        } else if (args.length > 0 && (typeof args[0] === 'number' || typeof args[0] === 'string')) {
          if (typeof args[1] === 'string') {
            if (wildcard(args[1])) { args[1] = '127.0.0.1'; }
          } else {
            args.splice(1, 0, '127.0.0.1');
          }
        }
        return listen.apply(this, args);
      };
      """;

  private final Process process;
  private final Path workDir;
  private final URI endpoint;

  private KinesisLocalServer(Process process, Path workDir, URI endpoint) {
    this.process = process;
    this.workDir = workDir;
    this.endpoint = endpoint;
  }

  /** {@code node_modules/kinesis-local} under the repository root. */
  public static Path packageDir() {
    return ProjectFiles.root().resolve("node_modules").resolve("kinesis-local");
  }

  /** Whether {@code npm ci} has installed the emulator. */
  public static boolean installed() {
    Path root = ProjectFiles.root();
    return Files.isExecutable(root.resolve("node_modules/.bin/kinesis-local"))
        && Files.isRegularFile(packageDir().resolve("server.json"));
  }

  /**
   * Starts an emulator and waits until it answers HTTP. Aborts the calling test (skipped) when the npm package is
   * not installed; fails when it is installed but does not come up.
   */
  public static KinesisLocalServer start() {
    Path root = ProjectFiles.root();
    if (!installed()) {
      String message = "SKIPPED: the kinesis-local emulator is not installed under " + root.resolve("node_modules")
          + "; run `npm ci` in " + root + " to enable the Kinesis emulator tests";
      System.err.println("*** " + message);
      Assumptions.abort(message);
    }
    try {
      Path workDir = Files.createTempDirectory("kinesis-local-");
      Files.copy(packageDir().resolve("server.json"), workDir.resolve("server.json"));
      Path shim = workDir.resolve("loopback-only.js");
      Files.writeString(shim, LOOPBACK_SHIM, StandardCharsets.UTF_8);
      int[] ports = ServerProcesses.freePortPair();
      int plainPort = ports[0];
      int tlsPort = ports[1];
      ProcessBuilder pb = new ProcessBuilder(root.resolve("node_modules/.bin/kinesis-local").toString())
          .directory(workDir.toFile())
          .redirectErrorStream(true)
          .redirectOutput(workDir.resolve("kinesis-local.log").toFile());
      pb.environment().put("KINESIS_MOCK_PLAIN_PORT", Integer.toString(plainPort));
      pb.environment().put("KINESIS_MOCK_TLS_PORT", Integer.toString(tlsPort));
      pb.environment().put("NODE_OPTIONS", "--require " + shim.toAbsolutePath());
      pb.environment().put("AWS_REGION", REGION);
      pb.environment().put("LOG_LEVEL", "WARN");
      // Streams become ACTIVE after this delay; the default 500 ms only slows tests down.
      pb.environment().put("CREATE_STREAM_DURATION", "50ms");
      pb.environment().put("SHOULD_PERSIST_DATA", "false");
      Process process = pb.start();
      KinesisLocalServer server =
          new KinesisLocalServer(process, workDir, URI.create("http://127.0.0.1:" + plainPort));
      server.awaitReady();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start kinesis-local", e);
    }
  }

  /** Plain-HTTP endpoint to pass to the SDK's {@code endpointOverride}. */
  public URI endpoint() {
    return endpoint;
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest probe = HttpRequest.newBuilder(endpoint)
        .timeout(Duration.ofSeconds(2))
        .header("Content-Type", "application/x-amz-json-1.1")
        .header("X-Amz-Target", "Kinesis_20131202.ListStreams")
        .POST(HttpRequest.BodyPublishers.ofString("{}"))
        .build();
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("kinesis-local exited with code " + process.exitValue()
            + " before answering; its output:\n" + logTail());
      }
      try {
        // Unsigned, so it answers with an authentication error: any HTTP answer means it is serving.
        http.send(probe, HttpResponse.BodyHandlers.discarding());
        return;
      } catch (IOException e) {
        ServerProcesses.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        close();
        throw new IllegalStateException("interrupted while waiting for kinesis-local", e);
      }
    }
    String log = logTail();
    close();
    throw new IllegalStateException("kinesis-local did not answer on " + endpoint + " within " + STARTUP_TIMEOUT
        + "; its output:\n" + log);
  }

  /** Whether the emulator still runs, and the end of its output: for a test's failure message. */
  public String diagnostics() {
    return "kinesis-local " + (process.isAlive() ? "is running" : "exited with code " + process.exitValue())
        + "; its output:\n" + logTail();
  }

  private String logTail() {
    return ServerProcesses.logTail(workDir.resolve("kinesis-local.log"));
  }

  @Override
  public void close() {
    // Nothing to flush (persistence is off), and the emulator takes ~10 s to honour SIGTERM: a short grace only.
    ServerProcesses.stop(process, Duration.ofSeconds(1), workDir);
  }
}
