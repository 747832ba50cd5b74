package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bench detect} runs the kernel, writes a synthetic scene and agrees with the reference. */
class BenchDetectCommandTest {
  @TempDir Path tmp;

  @Test
  void syntheticEndToEndMatchesTheReferenceSideBySide() {
    Path reference =
        Path.of(System.getProperty("waterbodies.shared", "../../shared"))
            .resolve("tools/reference_water.py");
    CliRun r =
        CliRun.run(
            "bench",
            "detect",
            "--kernel-pixels",
            "300000",
            "--rounds",
            "1",
            "--synthetic",
            "300",
            "--out",
            tmp.toString(),
            "--repeat",
            "2",
            "--reference",
            reference.toString());
    String text = r.out();
    assertThat(r.exit()).as(text + r.err()).isZero();
    assertThat(text)
        .containsPattern("kernel: 300000 px, best of 1: [0-9.]+ s = [0-9]+ Mpx/s")
        .contains("synthetic scene: 300x300 written to")
        .containsPattern("java end-to-end 1/2: 300x300, [0-9.]+ s wall \\(in process")
        .containsPattern("java end-to-end 2/2, warm: 300x300, [0-9.]+ s wall \\(in process")
        // Standalone and reference in turn, each run with its CPU times.
        .containsPattern(
            "(?s)standalone detect 1/2: .*reference end-to-end 1/2: .*standalone detect 2/2: .*"
                + "reference end-to-end 2/2: ")
        .containsPattern(
            "reference end-to-end 2/2: [0-9.]+ s wall \\(process, exit 0, user [0-9.]+ s, sys"
                + " [0-9.]+ s\\)")
        .containsPattern("stages ms: jvm_start \\d+, open \\d+, read_tasks \\d+, .*, write \\d+")
        // The standalone command in a fresh JVM, its own stage line, and the goals side by side.
        .containsPattern(
            "standalone detect 1/2: [0-9.]+ s wall \\(process, exit 0, user [0-9.]+ s, sys [0-9.]+"
                + " s\\), peak RSS \\d+ MB")
        .containsPattern(
            "standalone detect 2/2 stages ms: (launcher \\d+, )?jvm_start \\d+, open \\d+, read_tasks"
                + " \\d+")
        // ... and once more kept in its launching JVM, to show what the tuned child gains.
        .containsPattern(
            "standalone detect, untuned: [0-9.]+ s wall \\(process, exit 0, .*\\), peak RSS \\d+ MB")
        .containsPattern("standalone detect, untuned stages ms: jvm_start \\d+, open \\d+")
        .containsPattern(
            "ratio java/ref \\(medians of 2\\): in-process [0-9.]+ \\(first run, .*\\), in-process"
                + " warm [0-9.]+ \\(.*\\), standalone detect [0-9.]+ \\(.*; runs [0-9.]+ [0-9.]+ s;"
                + " untuned JVM [0-9.]+, [0-9.]+ s\\), goal <= 0.30; reference runs [0-9.]+ [0-9.]+ s;"
                + " peak RSS: standalone detect \\d+ MB \\(goal < 1024 MB\\), reference \\d+ MB");
    Matcher java =
        Pattern.compile("threshold (-?[0-9.]+), water ([0-9]+) of ([0-9]+)").matcher(text);
    assertThat(java.find()).as(text).isTrue();
    Matcher ref =
        Pattern.compile(
                "\"valid_pixels\": ([0-9]+), \"water_pixels\": ([0-9]+), .*\"threshold\":"
                    + " (-?[0-9.e-]+)")
            .matcher(text);
    assertThat(ref.find()).as(text).isTrue();
    assertThat(Long.parseLong(java.group(2))).isEqualTo(Long.parseLong(ref.group(2)));
    assertThat(Long.parseLong(java.group(3))).isEqualTo(Long.parseLong(ref.group(1)));
    assertThat(Double.parseDouble(java.group(1)))
        .isCloseTo(Double.parseDouble(ref.group(3)), org.assertj.core.data.Offset.offset(1e-6));
  }
}
