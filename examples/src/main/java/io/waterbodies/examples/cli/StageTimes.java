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
 * One line with where a detection's time went (JVM start, opening, reading and inflating, index,
 * histogram, Otsu, mask, quicklook, writing) and the process's peak RSS, printed by {@code detect}
 * and {@code bench detect} so the distance to a goal is visible stage by stage. {@code read_tasks}
 * is the decode and inflate time summed over the two reader threads, {@code read_wait} the time the
 * kernel waited for them, and {@code read+index wall} the wall time of that whole phase; {@code
 * uptime} is the JVM's age when the line is printed (the process ends right after). {@code
 * launcher}, printed first when the command was relaunched in a tuned JVM ({@link TunedJvm}), is
 * the time from the launching JVM's start to this one's.
 */
final class StageTimes {
  /** The detector's stages in the order they run (see {@code WaterDetector}'s timings). */
  private static final List<String> STAGES =
      List.of("open", "read_tasks", "read_wait", "index", "histogram", "otsu", "mask", "quicklook");

  private StageTimes() {}

  /** Milliseconds since the JVM started: its start-up and class loading before this call. */
  static long jvmUptimeMs() {
    return ManagementFactory.getRuntimeMXBean().getUptime();
  }

  /**
   * The stage line, e.g. {@code stages ms: jvm_start 410, open 8, read_tasks 3100, ...}.
   *
   * @param jvmStartMs {@link #jvmUptimeMs()} taken when the command started
   * @param writeMs time spent writing the outputs
   */
  static String line(long jvmStartMs, Diagnostics d, long writeMs) {
    Map<String, Long> t = new java.util.HashMap<>(d.timingsMs());
    if (t.containsKey("threshold") && t.containsKey("histogram")) {
      // The detector's "threshold" stage holds the histogram pass; printed apart, they add up.
      t.put("otsu", Math.max(0, t.get("threshold") - t.get("histogram")));
    } else if (t.containsKey("threshold")) {
      t.put("otsu", t.get("threshold"));
    }
    StringBuilder sb = new StringBuilder("stages ms: ");
    TunedJvm.launcherMs().ifPresent(ms -> sb.append("launcher ").append(ms).append(", "));
    sb.append("jvm_start ").append(jvmStartMs);
    for (String s : STAGES) {
      if (t.containsKey(s)) {
        sb.append(", ").append(s).append(' ').append(t.get(s));
      }
    }
    sb.append(", write ").append(writeMs);
    if (t.containsKey("total")) {
      sb.append(", detect_total ").append(t.get("total"));
    }
    sb.append(';');
    if (t.containsKey("read_and_index") && t.containsKey("open")) {
      sb.append(" read+index wall ").append(t.get("read_and_index") - t.get("open")).append(',');
    }
    if (t.containsKey("read_cpu")) {
      sb.append(" read cpu ").append(t.get("read_cpu")).append(',');
    }
    sb.append(" uptime ").append(jvmUptimeMs());
    peakRssMb().ifPresent(mb -> sb.append(String.format(Locale.ROOT, ", peak RSS %d MB", mb)));
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
