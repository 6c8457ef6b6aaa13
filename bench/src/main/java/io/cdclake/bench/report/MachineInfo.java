package io.cdclake.bench.report;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * What the figures were measured on: they mean little without it.
 *
 * @param cores        processors available to the JVM
 * @param memoryBytes  physical memory of the machine
 * @param maxHeapBytes the JVM's heap limit
 * @param cpuModel     CPU model name, when the OS says
 * @param os           operating system and version
 * @param java         Java runtime version
 */
public record MachineInfo(int cores, long memoryBytes, long maxHeapBytes, String cpuModel, String os,
    String java) {

  public static MachineInfo current() {
    long memory = -1;
    if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
      memory = os.getTotalMemorySize();
    }
    return new MachineInfo(Runtime.getRuntime().availableProcessors(), memory, Runtime.getRuntime().maxMemory(),
        readCpuModel().orElse("unknown CPU"), System.getProperty("os.name") + " " + System.getProperty("os.version"),
        System.getProperty("java.runtime.version", System.getProperty("java.version")));
  }

  private static Optional<String> readCpuModel() {
    Path cpuinfo = Path.of("/proc/cpuinfo");
    if (!Files.isReadable(cpuinfo)) {
      return Optional.empty();
    }
    try {
      return Files.readAllLines(cpuinfo).stream()
          .filter(l -> l.startsWith("model name"))
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The OS's one-minute load average (runnable processes), negative where the OS does not say. */
  public static double loadAverage() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  public String describe() {
    return String.format(Locale.ROOT, "%d cores (%s), %.1f GiB memory, JVM heap %.1f GiB, %s, Java %s",
        cores, cpuModel, memoryBytes / (double) (1L << 30), maxHeapBytes / (double) (1L << 30), os, java);
  }
}
