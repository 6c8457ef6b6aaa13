package io.cdclake.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandLineTest {
  @Test
  void parsesEnvironmentConfDirFlagsAndValues() {
    CommandLine cl = CommandLine.parse(new String[] {
        "maintain", "--env", "prod", "--conf-dir=/etc/cdclake", "--zorder", "--tables", "a,b"});
    assertEquals("maintain", cl.command());
    assertEquals("prod", cl.env());
    assertEquals(Paths.get("/etc/cdclake"), cl.confDir());
    assertTrue(cl.flag("zorder"));
    assertFalse(cl.flag("no-vacuum"));
    assertEquals("a,b", cl.option("tables").orElseThrow());
    assertEquals(List.of("--env", "prod", "--conf-dir=/etc/cdclake", "--zorder", "--tables", "a,b"), cl.raw());
    assertEquals(java.util.Set.of("a", "b"), Tables.selected(cl));
  }

  @Test
  void aNumberOptionNamesItselfWhenItsValueIsNotANumberOrTooSmall() {
    CommandLine cl = CommandLine.parse(new String[] {"curate", "--parallelism", "eight"});
    CommandLine.UsageException e = assertThrows(CommandLine.UsageException.class,
        () -> cl.intOption("parallelism", 1, 4));
    assertTrue(e.getMessage().contains("--parallelism") && e.getMessage().contains("'eight'"), e.getMessage());
    CommandLine zero = CommandLine.parse(new String[] {"curate", "--parallelism", "0"});
    assertThrows(CommandLine.UsageException.class, () -> zero.intOption("parallelism", 1, 4));
    assertEquals(8, CommandLine.parse(new String[] {"curate", "--parallelism", "8"}).intOption("parallelism", 1, 4));
    assertEquals(4, CommandLine.parse(new String[] {"curate"}).intOption("parallelism", 1, 4));
  }

  @Test
  void defaultsToTheLocalEnvironment() {
    CommandLine cl = CommandLine.parse(new String[] {"curate"});
    assertEquals("local", cl.env());
    assertEquals(Paths.get("conf"), cl.confDir());
    assertTrue(Tables.selected(cl).isEmpty());
  }

  @Test
  void rejectsOptionsACommandDoesNotTake() {
    CommandLine cl = CommandLine.parse(new String[] {"curate", "--dry-rn"});
    CommandLine.UsageException e = assertThrows(CommandLine.UsageException.class, () -> cl.allowOnly("tables"));
    assertTrue(e.getMessage().contains("--dry-rn"), e.getMessage());
    assertThrows(CommandLine.UsageException.class, () -> CommandLine.parse(new String[] {"curate", "stray"}));
  }

  @Test
  void mainReportsUsageErrorsWithExitCodeTwoAndConfigErrorsWithOne() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream stream = new PrintStream(err, true, StandardCharsets.UTF_8);
    assertEquals(2, Main.run(new String[] {"frobnicate"}, stream));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown command 'frobnicate'"));
    assertEquals(2, Main.run(new String[0], stream));

    for (String help : List.of("help", "--help", "-h")) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      assertEquals(0, Main.run(new String[] {help}, new PrintStream(out, true, StandardCharsets.UTF_8), stream),
          help);
      assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage: Main <command>"), help);
    }

    err.reset();
    assertEquals(1, Main.run(new String[] {"curate", "--env", "nosuchenv"}, stream));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("nosuchenv.json does not exist"),
        err.toString(StandardCharsets.UTF_8));
  }
}
