package io.cdclake.ops.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cdclake.common.testing.ProjectFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Static checks of everything under deploy/: it is run by hand against production, so it is checked here. */
class DeployFilesTest {
  private static final ObjectMapper STRICT_JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final String JAVA17_EXPORT = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED";
  private static final String CONNECTOR_JAR =
      "/usr/share/aws/kinesis/spark-sql-kinesis/lib/spark-streaming-sql-kinesis-connector.jar";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Z][A-Za-z0-9]*)}");

  private static Path deploy() {
    return ProjectFiles.root().resolve("deploy");
  }

  private static List<Path> files(String suffix) throws IOException {
    try (Stream<Path> walk = Files.walk(deploy())) {
      return walk.filter(Files::isRegularFile).filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    }
  }

  private static JsonNode json(Path file) throws IOException {
    return STRICT_JSON.readTree(file.toFile());
  }

  @Test
  void everyJsonFileParses() throws IOException {
    List<Path> jsonFiles = files(".json");
    assertTrue(jsonFiles.size() >= 9, "expected the cluster, step and IAM documents, found " + jsonFiles);
    for (Path f : jsonFiles) {
      assertTrue(json(f).isContainerNode(), f + " is not a JSON object or array");
    }
  }

  @Test
  void iamPoliciesAreLeastPrivilege() throws IOException {
    int policies = 0;
    for (Path f : files(".json")) {
      JsonNode doc = json(f);
      if (doc.has("Statement")) {
        policies++;
        List<String> problems = IamPolicyCheck.problems(doc);
        assertEquals(List.of(), problems, f.toString());
      }
    }
    assertTrue(policies >= 4, "ingest, curate, catalog and provision policies expected, found " + policies);
  }

  /** The checker itself must catch what it is there for. */
  @Test
  void policyCheckRejectsWildcards() throws IOException {
    JsonNode bad = STRICT_JSON.readTree("""
        {"Version":"2012-10-17","Statement":[
          {"Effect":"Allow","Action":["s3:PutObject"],"Resource":"*"},
          {"Effect":"Allow","Action":"kinesis:*","Resource":"arn:aws:kinesis:${Region}:${AccountId}:stream/x"},
          {"Effect":"Allow","NotAction":"iam:*","Resource":"arn:aws:s3:::${LakeBucket}"},
          {"Effect":"Allow","Action":["glue:GetTable"],"Resource":["*"]},
          {"Effect":"Allow","Action":["kms:Decrypt"],"Resource":["arn:aws:kms:eu-west-1:123456789012:key/k"]}
        ]}""");
    List<String> problems = IamPolicyCheck.problems(bad);
    assertEquals(4, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("s3:PutObject") && problems.get(0).contains("\"*\""), problems.get(0));
    assertTrue(problems.get(1).contains("kinesis:*"), problems.get(1));
    assertTrue(problems.get(2).contains("NotAction"), problems.get(2));
    assertTrue(problems.get(3).contains("123456789012"), problems.get(3));
  }

  @Test
  void noAccountIdsOrKeysAnywhereUnderDeploy() throws IOException {
    Pattern accountId = Pattern.compile("(?<![0-9A-Za-z])[0-9]{12}(?![0-9A-Za-z])");
    Pattern accessKey = Pattern.compile("(AKIA|ASIA)[A-Z0-9]{16}");
    try (Stream<Path> walk = Files.walk(deploy())) {
      for (Path f : walk.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(f);
        assertFalse(accountId.matcher(text).find(), f + " contains what looks like an AWS account id");
        assertFalse(accessKey.matcher(text).find(), f + " contains what looks like an access key");
      }
    }
  }

  @Test
  void everyPlaceholderIsDocumented() throws IOException {
    String docs = Files.readString(ProjectFiles.root().resolve("docs/operations.md"));
    Set<String> undocumented = new TreeSet<>();
    for (Path f : files(".json")) {
      Matcher m = PLACEHOLDER.matcher(Files.readString(f));
      while (m.find()) {
        if (!docs.contains("`" + m.group(1) + "`")) {
          undocumented.add(m.group(1) + " (" + deploy().relativize(f) + ")");
        }
      }
    }
    assertEquals(Set.of(), undocumented, "placeholders missing from docs/operations.md");
  }

  @Test
  void clusterUsesGlueMetastoreDeltaAndTheKinesisConnector() throws IOException {
    JsonNode config = json(deploy().resolve("emr/cluster/configurations.json"));
    assertEquals("com.amazonaws.glue.catalog.metastore.AWSGlueDataCatalogHiveClientFactory",
        classification(config, "spark-hive-site").path("hive.metastore.client.factory.class").asText());
    assertEquals("true", classification(config, "delta-defaults").path("delta.enabled").asText());
    JsonNode defaults = classification(config, "spark-defaults");
    assertTrue(defaults.path("spark.jars").asText().contains(CONNECTOR_JAR));
    assertTrue(Pattern.compile(defaults.path("spark.redaction.regex").asText()).matcher("CDC_PCI_HASH_KEY").find(),
        "the PCI hash key variable must be redacted in the Spark UI and event logs");
  }

  private static JsonNode classification(JsonNode configurations, String name) {
    for (JsonNode c : configurations) {
      if (name.equals(c.path("Classification").asText())) {
        return c.path("Properties");
      }
    }
    throw new AssertionError("no " + name + " classification");
  }

  @Test
  void stepsRunTheReleasedLauncher() throws IOException {
    Set<String> commands = Set.of("ingest", "curate", "catalog-sync", "catalog-ddl", "maintain");
    List<Path> stepFiles = files(".json").stream().filter(p -> p.getParent().endsWith("steps")).toList();
    assertFalse(stepFiles.isEmpty());
    for (Path f : stepFiles) {
      for (JsonNode step : json(f)) {
        assertTrue(step.path("Jar").asText().endsWith("/libs/script-runner/script-runner.jar"), f.toString());
        List<String> args = new ArrayList<>();
        step.path("Args").forEach(a -> args.add(a.asText()));
        assertEquals("${ReleaseUri}/cdclake-submit.sh", args.get(0), f.toString());
        assertTrue(commands.contains(args.get(1)), f + ": " + args.get(1));
        assertTrue(args.containsAll(List.of("--env", "--release")), f.toString());
        assertFalse(args.stream().anyMatch(a -> a.contains("HASH_KEY=")), f + " passes the PCI key as an argument");
      }
    }
  }

  @Test
  void launcherPassesJava17FlagsAndMatchesThePom() throws IOException {
    List<Path> submitting = new ArrayList<>();
    for (Path f : files(".sh")) {
      if (Files.readString(f).lines().anyMatch(l -> l.strip().startsWith("spark-submit"))) {
        submitting.add(f);
      }
    }
    assertEquals(List.of(deploy().resolve("emr/cdclake-submit.sh")), submitting,
        "one launcher submits every job; steps and DAGs go through it");
    String script = Files.readString(submitting.get(0));
    Matcher opts = Pattern.compile("readonly JAVA17_OPTS=\"([^\"]*)\"").matcher(script);
    assertTrue(opts.find(), "JAVA17_OPTS not found");
    String pom = Files.readString(ProjectFiles.root().resolve("pom.xml"));
    Matcher pomFlags = Pattern.compile("<spark.jvm.flags>([^<]*)</spark.jvm.flags>").matcher(pom);
    assertTrue(pomFlags.find());
    assertTrue(opts.group(1).startsWith(pomFlags.group(1).trim()),
        "the launcher's JVM flags drifted from spark.jvm.flags in the root pom");
    assertTrue(opts.group(1).contains(JAVA17_EXPORT));
    assertTrue(script.contains("spark.driver.extraJavaOptions=${JAVA17_OPTS}")
        && script.contains("spark.executor.extraJavaOptions=${JAVA17_OPTS}"));
  }

  @Test
  void launcherBuildsTheExpectedCommands() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")),
        "SKIPPED: no bash to run deploy/emr/cdclake-submit.sh --dry-run");
    String release = "s3://artifacts/cdclake/releases/1.2.3";
    String curate = run("curate", "--env", "prod", "--release", release, "--app-env", "CDC_LAKE_BUCKET=lake",
        "--dry-run");
    assertTrue(curate.startsWith("spark-submit --master yarn --deploy-mode cluster --name cdclake-curate-prod"),
        curate);
    assertTrue(curate.contains("spark.driver.extraJavaOptions=" + JAVA17_EXPORT), curate);
    assertTrue(curate.contains("spark.executor.extraJavaOptions=" + JAVA17_EXPORT), curate);
    assertTrue(curate.contains("--archives " + release + "/conf.zip#cdclake-conf"), curate);
    assertTrue(curate.contains("spark.yarn.appMasterEnv.CDC_LAKE_BUCKET=lake"), curate);
    assertTrue(curate.trim().endsWith(release + "/cdclake-app-emr.jar curate --env prod --conf-dir cdclake-conf"),
        curate);
    assertFalse(curate.contains("waitAppCompletion=false"), "batch steps must wait so that failures fail the step");
    String ddl = run("catalog-ddl", "--env", "prod", "--release", release, "--dry-run", "--", "--out", "/tmp/ddl");
    assertTrue(ddl.trim().endsWith("catalog-ddl --env prod --conf-dir cdclake-conf --out /tmp/ddl"), ddl);

    String ingest = run("ingest", "--env", "prod", "--release", release, "--hash-key-secret-id",
        "cdclake/prod/pci-hash-key", "--dry-run");
    assertTrue(ingest.contains("--jars " + CONNECTOR_JAR), ingest);
    for (String conf : List.of("spark.yarn.maxAppAttempts=4", "spark.yarn.am.attemptFailuresValidityInterval=1h",
        "spark.yarn.submit.waitAppCompletion=false")) {
      assertTrue(ingest.contains("--conf " + conf), conf + " missing: " + ingest);
    }
    assertTrue(ingest.contains("spark.driver.extraJavaOptions=" + JAVA17_EXPORT), ingest);

    assertEquals(2, exit("ingest", "--env", "prod", "--release", release, "--dry-run"),
        "ingest without the hash key secret must be refused");
    assertEquals(2, exit("curate", "--env", "prod", "--release", release, "--app-env", "CDC_PCI_HASH_KEY=x",
        "--dry-run"), "the hash key must never be passed as a step argument");
    assertEquals(2, exit("purge", "--env", "prod", "--release", release));
  }

  /**
   * The release script copies the jars the poms build, under the names the launcher submits: a renamed
   * finalName or a launcher pointed at the command-line jar would otherwise be found only on the cluster.
   */
  @Test
  void releaseShipsTheJarsThePomsBuildAndStepsRunOnlyTheApplicationJar() throws IOException {
    String upload = Files.readString(deploy().resolve("emr/build-and-upload.sh"));
    String launcher = Files.readString(deploy().resolve("emr/cdclake-submit.sh"));
    String app = finalName("app/pom.xml").replace("${project.version}", "${version}");
    String cli = finalName("cli/pom.xml").replace("${project.version}", "${version}");
    assertEquals("cdclake-app-${version}-emr", app);
    assertTrue(upload.contains("jar=\"app/target/" + app + ".jar\""), "build-and-upload.sh does not copy " + app);
    assertTrue(upload.contains("cli_jar=\"cli/target/" + cli + ".jar\""), "build-and-upload.sh does not copy " + cli);
    assertTrue(upload.contains("-pl app,cli -am package"), "build-and-upload.sh must build both jars");
    Matcher uploads = Pattern.compile("(?m)^for f in ([^;]+); do").matcher(upload);
    assertTrue(uploads.find(), "build-and-upload.sh's upload loop not found");
    assertTrue(List.of(uploads.group(1).split(" ")).containsAll(List.of("cdclake-app-emr.jar", "cdclake-cli.jar")),
        "not uploaded: " + uploads.group(1));
    assertTrue(launcher.contains("/cdclake-app-emr.jar"), "the launcher submits the application jar");
    assertFalse(launcher.contains("cdclake-cli"), "EMR steps never run the command-line jar");
  }

  private static String finalName(String pom) throws IOException {
    Matcher m = Pattern.compile("<finalName>([^<]+)</finalName>")
        .matcher(Files.readString(ProjectFiles.root().resolve(pom)));
    assertTrue(m.find(), pom + " names no shaded finalName");
    return m.group(1);
  }

  @Test
  void shellScriptsAreSyntacticallyValid() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "SKIPPED: no bash for bash -n");
    for (Path f : files(".sh")) {
      Process p = new ProcessBuilder("/bin/bash", "-n", f.toString()).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
      assertEquals(0, p.exitValue(), f + ": " + out);
      assertTrue(Files.isExecutable(f), f + " is not executable");
    }
    Path shellcheck = Stream.of("/usr/bin/shellcheck", "/usr/local/bin/shellcheck").map(Path::of)
        .filter(Files::isExecutable).findFirst().orElse(null);
    if (shellcheck == null) {
      System.err.println("*** shellcheck not installed: deploy/ scripts checked with bash -n only ***");
      return;
    }
    List<String> cmd = new ArrayList<>(List.of(shellcheck.toString()));
    files(".sh").forEach(f -> cmd.add(f.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
  }

  private static String run(String... args) throws Exception {
    Process p = launcher(args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  private static int exit(String... args) throws Exception {
    Process p = launcher(args);
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    return p.exitValue();
  }

  private static Process launcher(String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("/bin/bash", deploy().resolve("emr/cdclake-submit.sh").toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    // A dry run must not need AWS or YARN: an empty PATH proves it calls neither.
    Map<String, String> env = pb.environment();
    env.put("PATH", "/nonexistent");
    return pb.start();
  }
}
