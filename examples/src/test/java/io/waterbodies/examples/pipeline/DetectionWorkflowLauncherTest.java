package io.waterbodies.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.pipeline.StepTiming;
import io.waterbodies.events.pipeline.Threshold;
import io.waterbodies.events.pipeline.WorkflowRequest;
import io.waterbodies.events.pipeline.WorkflowResult;
import io.waterbodies.stac.model.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher on its own: Item files in, the reference template run locally, results out. */
class DetectionWorkflowLauncherTest {
  @TempDir Path tmp;

  private WorkflowRequest request(String name, Item item) throws Exception {
    Path itemFile = tmp.resolve(item.id() + ".json");
    Files.writeString(itemFile, Json.write(item.toJson(), true));
    Path work = Files.createDirectories(tmp.resolve("work").resolve(name));
    String href = itemFile.toUri().toString();
    return new WorkflowRequest(
        name,
        "uid-" + name,
        Json.object(),
        Map.of("items", "[\"" + href + "\"]", "aoi", TestScenes.AOI, "epsg", "EPSG:4326"),
        List.of(href),
        TestScenes.AOI,
        "EPSG:4326",
        Threshold.OTSU,
        work);
  }

  @Test
  void runsTheReferenceTemplateAndWritesTheResultCatalog() throws Exception {
    WorkflowRequest req = request("water-bodies-detection-aaaa", TestScenes.florida("LC08_A"));
    WorkflowResult r = DetectionWorkflowLauncher.defaults().launch(req);

    assertThat(r.message()).isEmpty();
    assertThat(r.succeeded()).isTrue();
    assertThat(r.items()).extracting(Item::id).containsExactly("LC08_A");
    assertThat(r.steps())
        .extracting(StepTiming::step)
        .containsExactly("pre-processing", "validate-inputs", "detection", "results");
    assertThat(r.steps()).allMatch(StepTiming::succeeded);
    Path work = req.workDir();
    assertThat(Path.of(r.catalog().orElseThrow())).isEqualTo(work.resolve("catalog.json"));
    assertThat(work.resolve("catalog.json")).isRegularFile();
    assertThat(work.resolve("LC08_A/LC08_A.json")).isRegularFile();
    assertThat(work.resolve("LC08_A/diagnostics.json")).isRegularFile();
    assertThat(work.resolve("LC08_A/quicklook.png")).isRegularFile();
    assertThat(Files.readString(work.resolve("workflow.log")))
        .contains("pre-processing: succeeded", "detection: item LC08_A", "results: succeeded");
    Path mask = work.resolve("LC08_A/mask.tif");
    byte[] direct = TestScenes.directMask(tmp.resolve("direct"));
    assertThat(Files.readAllBytes(mask)).isEqualTo(direct);
    JsonNode asset = r.items().get(0).toJson().path("assets").path("data");
    assertThat(Path.of(java.net.URI.create(asset.path("href").asText()))).isEqualTo(mask);
  }

  @Test
  void aTruncatedRasterFailsTheWorkflowNamingTheItem() throws Exception {
    Item bad = TestScenes.truncatedNir("LC08_BAD", tmp);
    WorkflowResult r =
        DetectionWorkflowLauncher.builder()
            .threads(1)
            .build()
            .launch(request("water-bodies-detection-bbbb", bad));

    assertThat(r.succeeded()).isFalse();
    assertThat(r.items()).isEmpty();
    assertThat(r.message().orElseThrow()).contains("detection", "LC08_BAD", "LC08_BAD-B5.tif");
    assertThat(r.steps())
        .filteredOn(s -> s.step().equals("detection"))
        .singleElement()
        .matches(s -> !s.succeeded());
  }

  @Test
  void anItemWithoutNirFailsInPreProcessing() throws Exception {
    WorkflowResult r =
        DetectionWorkflowLauncher.defaults()
            .launch(request("water-bodies-detection-cccc", TestScenes.withoutNir("LC08_NONIR")));

    assertThat(r.succeeded()).isFalse();
    assertThat(r.items()).isEmpty();
    assertThat(r.message().orElseThrow()).contains("pre-processing", "LC08_NONIR", "'nir'");
    assertThat(r.steps()).extracting(StepTiming::step).containsExactly("pre-processing");
  }

  @Test
  void anUnreachableItemUrlFailsNamingIt() throws Exception {
    WorkflowRequest ok = request("water-bodies-detection-dddd", TestScenes.florida("LC08_D"));
    String missing = tmp.resolve("missing.json").toUri().toString();
    ObjectNode wf = Json.object();
    WorkflowRequest req =
        new WorkflowRequest(
            ok.name(),
            ok.uid(),
            wf,
            Map.of("items", "[\"" + missing + "\"]"),
            List.of(missing),
            TestScenes.AOI,
            "EPSG:4326",
            Threshold.OTSU,
            ok.workDir());
    WorkflowResult r = DetectionWorkflowLauncher.defaults().launch(req);
    assertThat(r.succeeded()).isFalse();
    assertThat(r.message().orElseThrow()).contains("missing.json", "cannot read the STAC item");
  }
}
