package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchPipelineCommandTest {
  @Test
  void printsLatencyFiguresForEveryItem() {
    StringWriter out = new StringWriter();
    CommandLine cl = WaterbodiesCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    int code =
        cl.execute("bench", "pipeline", "--items", "5", "--interval-ms", "10", "--poll-ms", "100");
    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("bus IN_MEMORY, 5 items")
        .containsPattern("p50 [0-9.]+ ms, p99 [0-9.]+ ms")
        .containsPattern("result items +5");
  }

  @Test
  void withASceneRunsRealDetectionOnEveryItem() {
    String item =
        java.nio.file.Path.of(System.getProperty("waterbodies.shared", "../../shared"))
            .resolve("data/s2-29RKH-desert/item.json")
            .toString();
    StringWriter out = new StringWriter();
    CommandLine cl = WaterbodiesCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(new StringWriter(), true));
    int code =
        cl.execute(
            "bench",
            "pipeline",
            "--items",
            "3",
            "--interval-ms",
            "0",
            "--poll-ms",
            "100",
            "--scene",
            item);
    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("detection on copies of " + item)
        .containsPattern("throughput: [0-9]+ items/min")
        .containsPattern("result items +3")
        .containsPattern("detection +3 +0 ");
  }
}
