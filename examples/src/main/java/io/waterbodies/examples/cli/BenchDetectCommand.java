package io.waterbodies.examples.cli;

import io.waterbodies.detection.ArrayDetection;
import io.waterbodies.detection.BandRef;
import io.waterbodies.detection.DetectionInput;
import io.waterbodies.detection.DetectionOutputs;
import io.waterbodies.detection.DetectionResult;
import io.waterbodies.detection.WaterDetector;
import io.waterbodies.examples.demo.SyntheticScene;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench detect}: (1) the kernel alone on in-memory arrays (index, statistics, histogram,
 * Otsu, mask) in Mpx/s; (2) with {@code --green/--nir} (or {@code --synthetic}), end to end on
 * files (read, detect, write outputs) in this JVM, then as the standalone {@code detect} command in
 * a fresh JVM (wall time, peak RSS from {@code /usr/bin/time -v}, its stage line), optionally side
 * by side with the Python reference, the ratios and RSS against the goals on one line. Each is run
 * {@code --repeat} times, standalone and reference in turn, and compared by medians: a single run
 * on a VM depends on whether the memory it faults in was touched before.
 */
@Command(name = "detect", mixinStandardHelpOptions = true, description = "Detection benchmark.")
final class BenchDetectCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(names = "--kernel-pixels", defaultValue = "50000000", description = "Kernel size.")
  int kernelPixels;

  @Option(names = "--rounds", defaultValue = "5", description = "Timed kernel rounds.")
  int rounds;

  @Option(names = "--green", description = "Green band for the end-to-end run.")
  String green;

  @Option(names = "--nir", description = "NIR band for the end-to-end run.")
  String nir;

  @Option(
      names = "--synthetic",
      paramLabel = "SIZE",
      description =
          "End to end on a synthetic SIZE x SIZE scene (uint16, tiled, deflate; 10980 = a full"
              + " Sentinel-2 tile) written under --out, instead of --green/--nir.")
  Integer synthetic;

  @Option(names = "--out", defaultValue = "/tmp/waterbodies-bench", description = "Output dir.")
  Path out;

  @Option(
      names = "--standalone",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "Also time the standalone `detect` command on the same files in a fresh JVM"
              + " (default; --no-standalone skips it).")
  boolean standalone;

  @Option(
      names = "--repeat",
      defaultValue = "3",
      description =
          "Standalone and reference runs, taken in turn (default 3); the ratio line compares"
              + " their medians. One run each depends on what memory this VM touched before.")
  int repeat;

  @Option(
      names = "--reference",
      paramLabel = "reference_water.py",
      description = "Also run the Python reference on the same files (/usr/bin/python3).")
  Path reference;

  @Override
  public Integer call() throws Exception {
    long jvmStartMs = StageTimes.jvmUptimeMs();
    PrintWriter o = spec.commandLine().getOut();
    o.printf(
        Locale.ROOT,
        "machine: %d cores, max heap %d MB, %s %s, load %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"),
        loadAverage());
    kernel(o);
    if (synthetic != null) {
      Path dir = out.resolve("synthetic-" + synthetic);
      if (!Files.exists(dir.resolve(SyntheticScene.NIR))) {
        long t0 = System.nanoTime();
        SyntheticScene.builder().size(synthetic).build().writeTo(dir);
        o.printf(
            Locale.ROOT,
            "synthetic scene: %dx%d written to %s in %.1f s%n",
            synthetic,
            synthetic,
            dir,
            (System.nanoTime() - t0) / 1e9);
      }
      green = dir.resolve(SyntheticScene.GREEN).toString();
      nir = dir.resolve(SyntheticScene.NIR).toString();
    }
    if (green != null && nir != null) {
      endToEnd(o, jvmStartMs);
    }
    return 0;
  }

  private void kernel(PrintWriter o) {
    int n = kernelPixels;
    float[] a = new float[n];
    float[] b = new float[n];
    SplittableRandom rnd = new SplittableRandom(42);
    for (int i = 0; i < n; i++) {
      boolean water = rnd.nextInt(4) == 0;
      a[i] = 500 + rnd.nextInt(1500);
      b[i] = water ? 100 + rnd.nextInt(600) : 1500 + rnd.nextInt(3000);
    }
    float[] v = new float[n];
    byte[] mask = new byte[n];
    double best = Double.MAX_VALUE;
    double bestCpu = Double.MAX_VALUE;
    long sink = 0;
    for (int r = 0; r < rounds + 2; r++) {
      long c0 = processCpuNanos();
      long t0 = System.nanoTime();
      sink += ArrayDetection.run(a, b, 0f, true, v, mask).waterPixels();
      double s = (System.nanoTime() - t0) / 1e9;
      if (r >= 2) {
        best = Math.min(best, s);
        bestCpu = Math.min(bestCpu, (processCpuNanos() - c0) / 1e9);
      }
    }
    o.printf(
        Locale.ROOT,
        "kernel: %d px, best of %d: %.3f s = %.0f Mpx/s (index+range+histogram+counts+otsu+mask),"
            + " %d threads, water %d%n",
        n,
        rounds,
        best,
        n / best / 1e6,
        java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1,
        sink / (rounds + 2));
    // On a shared machine wall time includes waiting for the CPU; the process CPU time does not.
    o.printf(
        Locale.ROOT,
        "kernel cpu: best %.3f CPU-s = %.0f Mpx per CPU-second (x %d cores = %.0f Mpx/s if"
            + " the cores were free)%n",
        bestCpu,
        n / bestCpu / 1e6,
        Runtime.getRuntime().availableProcessors(),
        n / bestCpu / 1e6 * Runtime.getRuntime().availableProcessors());
    o.flush();
  }

  private static long processCpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean()
            instanceof com.sun.management.OperatingSystemMXBean os
        ? os.getProcessCpuTime()
        : 0;
  }

  private void endToEnd(PrintWriter o, long jvmStartMs) throws Exception {
    int runs = Math.max(1, repeat);
    // The first run pays the JIT and faults the heap in; the later ones are what a long-running
    // host that embeds the detector sees.
    double wall = inProcess(o, jvmStartMs, runs > 1 ? " 1/" + runs : "");
    List<Double> warm = new ArrayList<>();
    for (int i = 2; i <= runs; i++) {
      warm.add(inProcess(o, jvmStartMs, " " + i + "/" + runs + ", warm"));
    }
    List<Measured> alone = new ArrayList<>();
    List<Measured> refs = new ArrayList<>();
    for (int i = 1; i <= runs; i++) {
      String of = runs > 1 ? " " + i + "/" + runs : "";
      if (standalone) {
        alone.add(standalone(o, true, of));
      }
      if (reference != null) {
        refs.add(reference(o, of));
      }
    }
    Measured untuned = standalone ? standalone(o, false, "") : null;
    if (!refs.isEmpty()) {
      double ref = median(refs);
      StringBuilder sb =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "ratio java/ref (medians of %d): in-process %.2f (first run, %.2f s / %.2f s)",
                  refs.size(),
                  wall / ref,
                  wall,
                  ref));
      if (!warm.isEmpty()) {
        double w = medianOf(warm);
        sb.append(
            String.format(
                Locale.ROOT, ", in-process warm %.2f (%.2f s / %.2f s)", w / ref, w, ref));
      }
      if (!alone.isEmpty()) {
        sb.append(
            String.format(
                Locale.ROOT,
                ", standalone detect %.2f (%.2f s / %.2f s; runs %s; untuned JVM %.2f, %.2f s),"
                    + " goal <= 0.30",
                median(alone) / ref,
                median(alone),
                ref,
                walls(alone),
                untuned.wall() / ref,
                untuned.wall()));
      }
      sb.append("; reference runs ").append(walls(refs));
      sb.append("; peak RSS:");
      if (!alone.isEmpty()) {
        sb.append(" standalone detect ").append(mb(peakRss(alone))).append(" (goal < 1024 MB),");
      }
      sb.append(" reference ").append(mb(peakRss(refs)));
      sb.append("; load ").append(loadAverage());
      o.println(sb);
    } else if (!alone.isEmpty()) {
      o.printf(
          Locale.ROOT,
          "standalone detect: median %.2f s wall (runs %s), peak RSS %s; load %s%n",
          median(alone),
          walls(alone),
          mb(peakRss(alone)),
          loadAverage());
    }
    o.flush();
  }

  /** One detection on the bands in this JVM, outputs written; returns its wall time. */
  private double inProcess(PrintWriter o, long jvmStartMs, String of) throws Exception {
    System.gc();
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      p.resetPeakUsage();
    }
    long t0 = System.nanoTime();
    DetectionResult r =
        WaterDetector.builder()
            .build()
            .detect(DetectionInput.ndwi(BandRef.parse(green), BandRef.parse(nir)));
    long w0 = System.nanoTime();
    DetectionOutputs.write(r, out);
    long writeMs = (System.nanoTime() - w0) / 1_000_000;
    double wall = (System.nanoTime() - t0) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        peak += p.getPeakUsage().getUsed();
      }
    }
    o.printf(
        Locale.ROOT,
        "java end-to-end%s: %dx%d, %.2f s wall (in process, %s JVM, read+detect+write), peak heap"
            + " <= %d MB (sum of pool peaks), threshold %.6f, water %d of %d%n",
        of,
        r.width(),
        r.height(),
        wall,
        ManagementFactory.getRuntimeMXBean()
                .getInputArguments()
                .contains("-XX:+UseTransparentHugePages")
            ? "tuned"
            : "untuned",
        peak >> 20,
        r.threshold(),
        r.diagnostics().waterPixels(),
        r.diagnostics().validPixels());
    // The kernel benchmark above ran first in this JVM: its figures are not the JVM's start.
    o.println(StageTimes.line(jvmStartMs, r.diagnostics(), writeMs));
    o.flush();
    return wall;
  }

  private static double median(List<Measured> runs) {
    return medianOf(runs.stream().map(Measured::wall).toList());
  }

  private static double medianOf(List<Double> values) {
    double[] w = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    int n = w.length;
    return n % 2 == 1 ? w[n / 2] : (w[n / 2 - 1] + w[n / 2]) / 2;
  }

  /** The largest peak RSS of the runs (kB), -1 when none is known. */
  private static long peakRss(List<Measured> runs) {
    return runs.stream().mapToLong(Measured::rssKb).max().orElse(-1);
  }

  /** The wall times of the runs in the order they ran, e.g. "2.31 2.25 2.40 s". */
  private static String walls(List<Measured> runs) {
    StringBuilder sb = new StringBuilder();
    for (Measured m : runs) {
      sb.append(String.format(Locale.ROOT, "%.2f ", m.wall()));
    }
    return sb.append('s').toString();
  }

  /**
   * A child process's wall time, exit code, peak RSS (kB, -1 when unknown), user and system CPU
   * seconds (-1 when unknown) and output.
   */
  private record Measured(
      double wall, int exit, long rssKb, double userS, double sysS, String output) {
    /** "user 3.41 s, sys 0.40 s", or empty when /usr/bin/time was not there. */
    String cpu() {
      return userS < 0 ? "" : String.format(Locale.ROOT, ", user %.2f s, sys %.2f s", userS, sysS);
    }
  }

  /**
   * Runs {@code waterbodies detect} on the same files in a fresh JVM, as a user would (the README
   * command, no JVM options), under {@code /usr/bin/time -v} when present for its peak RSS; {@code
   * tuned} false keeps it in the launching JVM ({@link TunedJvm#OPT_OUT}), to show what the tuned
   * child gains.
   */
  private Measured standalone(PrintWriter o, boolean tuned, String of) throws Exception {
    List<String> cmd = new ArrayList<>(javaCommand());
    cmd.addAll(
        List.of(
            "detect",
            "--green",
            green,
            "--nir",
            nir,
            "--out",
            out.resolve("standalone").toString()));
    String label = (tuned ? "standalone detect" : "standalone detect, untuned") + of;
    o.println(label + ": " + (tuned ? "" : TunedJvm.OPT_OUT + "=false ") + String.join(" ", cmd));
    o.flush();
    Measured m = measure(cmd, tuned ? Map.of() : Map.of(TunedJvm.OPT_OUT, "false"));
    String stages =
        m.output()
            .lines()
            .filter(l -> l.startsWith("stages ms:"))
            .findFirst()
            .orElse("(no stage line)");
    String result =
        m.output().lines().filter(l -> l.contains(" valid (")).findFirst().orElse("").trim();
    o.printf(
        Locale.ROOT,
        "%s: %.2f s wall (process, exit %d%s), peak RSS %s; %s%n",
        label,
        m.wall(),
        m.exit(),
        m.cpu(),
        mb(m.rssKb()),
        result);
    o.println(label + " " + stages);
    if (m.exit() != 0) {
      o.println("standalone output: " + m.output().trim().replace('\n', ' '));
    }
    o.flush();
    return m;
  }

  private Measured reference(PrintWriter o, String of) throws Exception {
    Path tmpOut = Files.createTempFile("reference-mask", ".tif");
    try {
      List<String> cmd =
          List.of(
              "/usr/bin/python3",
              reference.toString(),
              "--green",
              green,
              "--nir",
              nir,
              "--out",
              tmpOut.toString());
      Measured m = measure(cmd, Map.of());
      o.printf(
          Locale.ROOT,
          "reference end-to-end%s: %.2f s wall (process, exit %d%s), peak RSS %s%n",
          of,
          m.wall(),
          m.exit(),
          m.cpu(),
          mb(m.rssKb()));
      String json =
          m.output().lines().filter(l -> l.startsWith("{")).findFirst().orElse(m.output()).trim();
      o.printf("reference output: %s%n", json.replace('\n', ' '));
      o.flush();
      return m;
    } finally {
      Files.deleteIfExists(tmpOut);
    }
  }

  /**
   * Runs a command to its end and measures its wall time; under {@code /usr/bin/time -v} (when
   * installed) also its peak RSS, whose report is taken out of the output.
   */
  private static Measured measure(List<String> command, Map<String, String> env) throws Exception {
    List<String> cmd = new ArrayList<>();
    boolean timeTool = Files.isExecutable(Path.of("/usr/bin/time"));
    if (timeTool) {
      cmd.addAll(List.of("/usr/bin/time", "-v"));
    }
    cmd.addAll(command);
    long t0 = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().putAll(env);
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    double wall = (System.nanoTime() - t0) / 1e9;
    int at = text.indexOf("\tCommand being timed:");
    String output = timeTool && at >= 0 ? text.substring(0, at) : text;
    return new Measured(
        wall, rc, (long) number(MAX_RSS, text), number(USER, text), number(SYSTEM, text), output);
  }

  /** The number {@code p} captures in /usr/bin/time's report, -1 when it is not there. */
  private static double number(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? Double.parseDouble(m.group(1)) : -1;
  }

  private static final Pattern MAX_RSS =
      Pattern.compile("Maximum resident set size \\(kbytes\\): (\\d+)");
  private static final Pattern USER = Pattern.compile("\tUser time \\(seconds\\): ([0-9.]+)");
  private static final Pattern SYSTEM = Pattern.compile("\tSystem time \\(seconds\\): ([0-9.]+)");

  /**
   * The command starting this program in a fresh JVM: {@code java -jar waterbodies.jar} when it
   * runs from the jar, else {@code java -cp <class path> <main class>} (tests, IDEs).
   */
  private static List<String> javaCommand() {
    String java = TunedJvm.javaExecutable();
    try {
      Path self =
          Path.of(
              BenchDetectCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      if (Files.isRegularFile(self) && self.toString().endsWith(".jar")) {
        return List.of(java, "-jar", self.toString());
      }
    } catch (java.net.URISyntaxException | RuntimeException e) {
      // no code source: use the class path
    }
    return List.of(
        java, "-cp", System.getProperty("java.class.path"), WaterbodiesCommand.class.getName());
  }

  private static String mb(long kb) {
    return kb < 0 ? "? MB" : (kb >> 10) + " MB";
  }

  /** The 1, 5 and 15 minute load averages (Linux), or "?". */
  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (java.io.IOException | RuntimeException e) {
      return "?";
    }
  }
}
