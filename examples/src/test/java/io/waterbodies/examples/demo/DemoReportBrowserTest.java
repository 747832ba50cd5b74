package io.waterbodies.examples.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.examples.cli.WaterbodiesCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code results/report.html} of a demo, opened in a real headless browser (Debian's {@code
 * chromium}, no network): it renders without console errors, shows one row per scene with its
 * quicklook decoded from the inlined data URI, and the footprint map. The screenshot is kept as
 * {@code target/demo-report.png}.
 */
class DemoReportBrowserTest {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir Path tmp;

  @Test
  void reportRendersOneRowPerSceneWithoutConsoleErrors() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cl = WaterbodiesCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(out, true));
    int rc =
        cl.execute(
            "demo", "--bus", "memory", "--items", "3", "--size", "200", "--out", tmp.toString());
    assertThat(rc).as(out.toString()).isZero();
    Path report = tmp.resolve("results/report.html");
    assertThat(out.toString()).contains("report:    " + report);
    String html = Files.readString(report);
    // Self-contained: no URL the browser would fetch from a network.
    assertThat(html).doesNotContainPattern("(src|href)=\"https?://(?!127\\.0\\.0\\.1)");
    assertThat(html).doesNotContain("<link ").doesNotContain("@import");

    assertThat(CHROMIUM)
        .as("the browser test needs Debian's chromium (apt-get install chromium)")
        .isExecutable();
    Path target = Path.of("target").toAbsolutePath();
    Files.createDirectories(target);
    Path screenshot = target.resolve("demo-report.png");
    Files.deleteIfExists(screenshot);
    Browser shot = chromium(report, "--screenshot=" + screenshot, "--window-size=1280,1400");
    Browser dom = chromium(report, "--dump-dom");

    assertThat(screenshot).isNotEmptyFile();
    assertThat(consoleErrors(shot.log)).as(shot.log).isEmpty();
    assertThat(consoleErrors(dom.log)).as(dom.log).isEmpty();
    assertThat(count(dom.stdout, "<tr class=\"scene\"")).as(dom.stdout).isEqualTo(3);
    assertThat(dom.stdout).contains("data-images-loaded=\"3\"");
    assertThat(count(dom.stdout, "<polygon")).isEqualTo(3);
    assertThat(count(dom.stdout, ">Succeeded<")).isEqualTo(3);
    assertThat(dom.stdout).contains("pre-processing").contains("detection").contains(" %");
  }

  private record Browser(String stdout, String log) {}

  private Browser chromium(Path page, String... extra) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                CHROMIUM.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--enable-logging=stderr",
                "--v=0",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-")));
    cmd.addAll(List.of(extra));
    cmd.add(page.toUri().toString());
    Path stdout = tmp.resolve("chromium-" + System.nanoTime() + ".out");
    Path stderr = tmp.resolve("chromium-" + System.nanoTime() + ".err");
    Process p =
        new ProcessBuilder(cmd)
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile())
            .start();
    if (!p.waitFor(3, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish in 3 minutes: " + cmd);
    }
    String log = Files.readString(stderr, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(log).isZero();
    return new Browser(Files.readString(stdout, StandardCharsets.UTF_8), log);
  }

  /**
   * The page's console messages and uncaught exceptions. Chromium logs every console message at
   * INFO whatever its level, and the page logs nothing itself, so any message is a failure.
   */
  private static List<String> consoleErrors(String log) {
    List<String> errors = new ArrayList<>();
    for (String line : log.split("\n")) {
      if (line.contains(":CONSOLE") || line.contains("Uncaught")) {
        errors.add(line);
      }
    }
    return errors;
  }

  private static int count(String text, String what) {
    Matcher m = Pattern.compile(Pattern.quote(what)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }
}
