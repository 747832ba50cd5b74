package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchPipelineCommandTest {
  @Test
  void printsLatencyFiguresForEveryItem() {
    CliRun r =
        CliRun.run("bench", "pipeline", "--items", "5", "--interval-ms", "10", "--poll-ms", "100");
    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out())
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
    CliRun r =
        CliRun.run(
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
    assertThat(r.exit()).as(r.out() + r.err()).isZero();
    assertThat(r.out())
        .contains("detection on copies of " + item)
        .containsPattern("throughput: [0-9]+ items/min")
        .containsPattern("result items +3")
        .containsPattern("detection +3 +0 ");
  }
}
