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
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench detect}: (1) the kernel alone on in-memory arrays (index, statistics, histogram,
 * Otsu, mask) in Mpx/s; (2) with {@code --green/--nir}, end to end on files (read, detect, write
 * outputs), wall time and peak heap, optionally side by side with the Python reference.
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
        "machine: %d cores, max heap %d MB, %s %s%n",
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20,
        System.getProperty("java.vm.name"),
        System.getProperty("java.version"));
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
        "java end-to-end: %dx%d, %.2f s wall (in process, read+detect+write), peak heap <= %d MB"
            + " (sum of pool peaks), threshold %.6f, water %d of %d%n",
        r.width(),
        r.height(),
        wall,
        peak >> 20,
        r.threshold(),
        r.diagnostics().waterPixels(),
        r.diagnostics().validPixels());
    // The kernel benchmark above ran first in this JVM: its figures are not the JVM's start.
    o.println(StageTimes.line(jvmStartMs, r.diagnostics(), writeMs));
    o.flush();
    if (reference != null) {
      Path tmpOut = Files.createTempFile("reference-mask", ".tif");
      boolean timeTool = Files.isExecutable(Path.of("/usr/bin/time"));
      java.util.List<String> cmd = new java.util.ArrayList<>();
      if (timeTool) {
        cmd.addAll(java.util.List.of("/usr/bin/time", "-f", "maxrss_kb=%M"));
      }
      cmd.addAll(
          java.util.List.of(
              "/usr/bin/python3",
              reference.toString(),
              "--green",
              green,
              "--nir",
              nir,
              "--out",
              tmpOut.toString()));
      long t1 = System.nanoTime();
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int rc = p.waitFor();
      double refWall = (System.nanoTime() - t1) / 1e9;
      Files.deleteIfExists(tmpOut);
      String rss = text.replaceAll("(?s).*maxrss_kb=(\\d+).*", "$1");
      o.printf(
          Locale.ROOT,
          "reference end-to-end: %.2f s wall (process, exit %d), peak RSS %s MB; ratio java/ref"
              + " = %.2f%n",
          refWall,
          rc,
          rss.matches("\\d+") ? Long.toString(Long.parseLong(rss) >> 10) : "?",
          wall / refWall);
      o.printf("reference output: %s%n", text.trim().replace('\n', ' '));
    }
    return;
  }
}
