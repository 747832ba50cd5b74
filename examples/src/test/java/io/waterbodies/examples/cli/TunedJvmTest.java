package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code detect} relaunched in a tuned JVM: when it is, with what, and that nothing is lost. */
class TunedJvmTest {
  @TempDir Path tmp;

  private static TunedJvm.Host host(List<String> jvmArgs, long maxHeapMb, String thp) {
    return new TunedJvm.Host(
        jvmArgs,
        "/jdk/bin/java",
        17,
        "/x/waterbodies.jar",
        maxHeapMb,
        thp,
        Optional.empty(),
        false,
        42,
        TILE);
  }

  /** Two bands of a whole tile (150 and 170 MB); anything else is small. */
  private static final ToLongFunction<String> TILE =
      f -> f.equals("green.tif") ? 150L << 20 : f.equals("nir.tif") ? 170L << 20 : 1000;

  private static TunedJvm.Host host(Optional<String> env, boolean child) {
    return new TunedJvm.Host(List.of(), "java", 17, "cp", 4096, "madvise", env, child, 1, TILE);
  }

  private static Optional<List<String>> command(TunedJvm.Host h, String... args) {
    return TunedJvm.command(args, h);
  }

  @Test
  void detectRunsWithHugePagesAndAPresizedHeapAndTheUsersOptionsWin() {
    List<String> cmd =
        command(
                host(List.of("-Xmx4g", "-Dkey=value"), 4096, "madvise"),
                "detect",
                "--green",
                "green.tif",
                "--nir=nir.tif:1")
            .orElseThrow();
    assertThat(cmd)
        .containsExactly(
            "/jdk/bin/java",
            "-XX:+UseTransparentHugePages",
            "-Xms1024m",
            "-Xmx4g",
            "-Dkey=value",
            "-D" + TunedJvm.CHILD_PROPERTY + "=42",
            "-cp",
            "/x/waterbodies.jar",
            WaterbodiesCommand.class.getName(),
            "detect",
            "--green",
            "green.tif",
            "--nir=nir.tif:1");
  }

  @Test
  void benchDetectRunsTunedWhateverItsInputOtherBenchesDoNot() {
    TunedJvm.Host h = host(Optional.empty(), false);
    assertThat(command(h, "bench", "detect", "--synthetic", "300").orElseThrow())
        .contains("-XX:+UseTransparentHugePages")
        .endsWith("bench", "detect", "--synthetic", "300");
    assertThat(command(h, "bench", "events")).isEmpty();
    assertThat(command(h, "bench", "detect", "--help")).isEmpty();
    assertThat(command(h, "bench")).isEmpty();
  }

  @Test
  void onJava22AndLaterTheChildMayLoadTheInflateGlue() {
    TunedJvm.Host java25 =
        new TunedJvm.Host(
            List.of(), "java", 25, "cp", 4096, "madvise", Optional.empty(), false, 1, TILE);
    assertThat(command(java25, "detect", "--green", "green.tif", "--nir", "nir.tif").orElseThrow())
        .contains("--enable-native-access=ALL-UNNAMED");
    assertThat(
            command(
                    host(Optional.empty(), false),
                    "detect",
                    "--green",
                    "green.tif",
                    "--nir",
                    "nir.tif")
                .orElseThrow())
        .doesNotContain("--enable-native-access=ALL-UNNAMED");
  }

  @Test
  void theInitialHeapStaysBelowASmallMaximum() {
    assertThat(
            command(
                    host(List.of("-Xmx512m"), 512, "always"),
                    "detect",
                    "--green",
                    "green.tif",
                    "--nir",
                    "nir.tif")
                .orElseThrow())
        .contains("-Xms256m")
        .doesNotContain("-Xms1024m");
  }

  @Test
  void smallInputsOtherCommandsHelpAgentsAndNoHugePagesStayInThisJvm() {
    String[] tile = {"detect", "--green", "green.tif", "--nir", "nir.tif"};
    TunedJvm.Host ok = host(List.of(), 4096, "madvise");
    assertThat(command(ok, tile)).isPresent();
    assertThat(command(ok, "detect", "--green", "small.tif", "--nir", "small2.tif"))
        .as("the relaunch would cost more than it gains")
        .isEmpty();
    assertThat(command(ok, "detect", "--item", "item.json")).isEmpty();
    assertThat(command(ok, "stac", "validate", "green.tif")).isEmpty();
    assertThat(command(ok)).isEmpty();
    assertThat(command(ok, "detect", "--green", "green.tif", "--nir", "nir.tif", "--help"))
        .isEmpty();
    assertThat(
            command(
                host(List.of("-agentlib:jdwp=transport=dt_socket,address=5005"), 4096, "madvise"),
                tile))
        .isEmpty();
    assertThat(command(host(List.of("-javaagent:/a.jar"), 4096, "madvise"), tile)).isEmpty();
    assertThat(command(host(List.of(), 4096, "never"), tile)).isEmpty();
    assertThat(command(host(List.of(), 4096, ""), tile)).isEmpty();
    assertThat(command(host(Optional.empty(), true), tile)).as("no relaunch loop").isEmpty();
    for (String off : List.of("false", "0", "OFF", " no ")) {
      assertThat(command(host(Optional.of(off), false), tile)).as(off).isEmpty();
    }
    assertThat(command(host(Optional.of("always"), false), "detect", "--green", "small.tif"))
        .isPresent();
  }

  private record Run(int exit, String output) {}

  /** {@code waterbodies detect ...} in a fresh JVM started the way {@code java -jar} starts it. */
  private static Run runCli(String mode, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(WaterbodiesCommand.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put(TunedJvm.OPT_OUT, mode);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Run(p.waitFor(), out);
  }

  private static String naip() {
    return Path.of(System.getProperty("waterbodies.shared", "../../shared"))
        .resolve("data/naip-lakes/naip_2020.tif")
        .toAbsolutePath()
        .toString();
  }

  /** Detects water on the NAIP raster's bands 2 and 4 into {@code tmp/<dir>}. */
  private Run detectNaip(String mode, String dir) throws Exception {
    String naip = naip();
    return runCli(
        mode,
        "detect",
        "--green",
        naip + ":2",
        "--nir",
        naip + ":4",
        "--out",
        tmp.resolve(dir).toString());
  }

  @Test
  void theRelaunchedDetectGivesTheSameResultOutputAndExitCode() throws Exception {
    Run tuned = detectNaip("always", "tuned");
    Run plain = detectNaip("false", "plain");
    assertThat(tuned.exit()).as(tuned.output()).isZero();
    assertThat(plain.exit()).as(plain.output()).isZero();
    assertThat(tuned.output()).contains("water 170058 of 675282 valid");
    assertThat(plain.output()).contains("water 170058 of 675282 valid");
    assertThat(tmp.resolve("tuned/mask.tif")).hasSameBinaryContentAs(tmp.resolve("plain/mask.tif"));
    // The stage line names the relaunch's cost where the kernel offers huge pages.
    String mode = TunedJvm.hugePageMode();
    if (mode.equals("madvise") || mode.equals("always")) {
      assertThat(tuned.output()).containsPattern("stages ms: launcher \\d+, jvm_start \\d+");
    } else {
      assertThat(tuned.output()).contains("stages ms: jvm_start");
    }
    assertThat(plain.output()).contains("stages ms: jvm_start").doesNotContain("launcher");
  }

  @Test
  void theChildsExitCodeAndErrorReachTheCaller() throws Exception {
    String missing = tmp.resolve("missing.tif").toString();
    Run tuned =
        runCli("always", "detect", "--green", missing, "--nir", missing, "--out", tmp.toString());
    StringWriter err = new StringWriter();
    int inProcess =
        WaterbodiesCommand.newCommandLine()
            .setOut(new PrintWriter(new StringWriter(), true))
            .setErr(new PrintWriter(err, true))
            .execute("detect", "--green", missing, "--nir", missing, "--out", tmp.toString());
    assertThat(inProcess).isNotZero();
    assertThat(tuned.exit()).isEqualTo(inProcess);
    assertThat(tuned.output()).contains("missing.tif");
  }
}
