package io.waterbodies.examples.cli;

import io.waterbodies.detection.Diagnostics;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * One line with where a detection's time went (JVM start, reading and inflating, index, threshold,
 * mask, quicklook, writing) and the process's peak RSS, printed by {@code detect} and {@code bench
 * detect} so the distance to a goal is visible stage by stage.
 */
final class StageTimes {
  /** The detector's stages in the order they run (see {@code WaterDetector}'s timings). */
  private static final List<String> STAGES =
      List.of("read_tasks", "read_wait", "index", "threshold", "mask", "quicklook");

  private StageTimes() {}

  /** Milliseconds since the JVM started: its start-up and class loading before this call. */
  static long jvmUptimeMs() {
    return ManagementFactory.getRuntimeMXBean().getUptime();
  }

  /**
   * The stage line, e.g. {@code stages ms: jvm_start 410, read_tasks 2300 (2 threads), ...}.
   *
   * @param jvmStartMs {@link #jvmUptimeMs()} taken when the command started
   * @param writeMs time spent writing the outputs
   */
  static String line(long jvmStartMs, Diagnostics d, long writeMs) {
    Map<String, Long> t = d.timingsMs();
    StringBuilder sb = new StringBuilder("stages ms: jvm_start ").append(jvmStartMs);
    for (String s : STAGES) {
      if (t.containsKey(s)) {
        sb.append(", ").append(s).append(' ').append(t.get(s));
      }
    }
    sb.append(", write ").append(writeMs);
    t.entrySet().stream()
        .filter(e -> e.getKey().equals("total"))
        .forEach(e -> sb.append(", detect_total ").append(e.getValue()));
    peakRssMb().ifPresent(mb -> sb.append(String.format(Locale.ROOT, "; peak RSS %d MB", mb)));
    return sb.toString();
  }

  /** The process's peak resident set (Linux VmHWM), when the system tells it. */
  static OptionalLong peakRssMb() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmHWM:")) {
          return OptionalLong.of(Long.parseLong(l.replaceAll("\\D+", "")) >> 10);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or no procfs: no figure
    }
    return OptionalLong.empty();
  }
}
