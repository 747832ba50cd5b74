package io.waterbodies.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.core.json.Json;
import io.waterbodies.examples.cli.WaterbodiesCommand;
import io.waterbodies.stac.model.Item;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code waterbodies run --config pipeline.yaml}. */
class RunCommandTest {
  @TempDir Path dir;

  private Path config(Item... items) throws Exception {
    StringBuilder list = new StringBuilder();
    for (Item i : items) {
      Files.writeString(dir.resolve(i.id() + ".json"), Json.write(i.toJson(), true));
      list.append(list.length() == 0 ? "" : ", ").append(i.id()).append(".json");
    }
    Path f = dir.resolve("pipeline.yaml");
    Files.writeString(
        f,
        """
        source:
          items: [%s]
        bus: in-memory
        aoi: "%s"
        results: {collection: lakes}
        outDir: out
        pollInterval: 200ms
        """
            .formatted(list, TestScenes.AOI));
    return f;
  }

  private int run(StringWriter out, String... args) {
    CommandLine cl = WaterbodiesCommand.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(out, true));
    return cl.execute(args);
  }

  @Test
  void runsUntilMaxItemsAndPrintsTheSummary() throws Exception {
    Path f = config(TestScenes.florida("LC08_R1"), TestScenes.florida("LC08_R2"));
    StringWriter out = new StringWriter();
    int code = run(out, "run", "--config", f.toString(), "--max-items", "2", "--threads", "1");

    assertThat(code).as(out.toString()).isZero();
    assertThat(out.toString())
        .contains("bus IN_MEMORY")
        .containsPattern("Succeeded +http://127.0.0.1:[0-9]+/collections/lakes/items/LC08_R1")
        .contains("2 workflow(s) completed; stopping")
        .containsPattern("result items +2")
        .containsPattern("detection +2 +0 ");
    assertThat(dir.resolve("out")).isDirectory();
  }

  @Test
  void untilIdleStopsAndAFailedWorkflowSetsTheExitCode() throws Exception {
    Path f = config(TestScenes.florida("LC08_I1"), TestScenes.truncatedNir("LC08_IBAD", dir));
    StringWriter out = new StringWriter();
    int code = run(out, "run", "--config", f.toString(), "--until-idle", "3s");

    assertThat(code).as(out.toString()).isEqualTo(WaterbodiesCommand.EXIT_FINDINGS);
    assertThat(out.toString())
        .contains("idle for 3 s; stopping")
        .containsPattern("Failed +http://\\S+/items/LC08_IBAD")
        .containsPattern("workflows failed +1")
        .containsPattern("result items +1");
  }

  @Test
  void printsTheManifestsOfTheFile() throws Exception {
    Path f = config(TestScenes.florida("LC08_M"));
    StringWriter out = new StringWriter();
    int code = run(out, "run", "--config", f.toString(), "--manifests");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("kind: EventBus", "kind: EventSource", "kind: Sensor", "kind: WorkflowTemplate")
        .contains(TestScenes.AOI);
  }
}
