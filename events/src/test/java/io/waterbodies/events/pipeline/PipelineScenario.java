package io.waterbodies.events.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.client.ItemSearch;
import io.waterbodies.stac.client.StacApiClient;
import io.waterbodies.stac.model.Asset;
import io.waterbodies.stac.model.Item;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The items and checks shared by the in-memory and the server end-to-end tests. */
final class PipelineScenario {
  static final String COLLECTION = "sentinel-2-l2a";

  private PipelineScenario() {}

  /** {@code n} Sentinel-2-like items with green/nir assets, an hour apart, within the last days. */
  static List<Item> items(int n) {
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(2));
    List<Item> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = "S2B_10TFK_" + i;
      out.add(
          Item.builder(id)
              .collection(COLLECTION)
              .geometryFromBbox(Bbox.of(-121.5, 39.7, -120.6, 40.6))
              .datetime(start.plus(Duration.ofHours(i)))
              .asset("green", Asset.builder("https://example.org/" + id + "/B03.tif").build())
              .asset("nir", Asset.builder("https://example.org/" + id + "/B08.tif").build())
              .build());
    }
    return out;
  }

  /** The ids of the Items in the result collection of the run's results API. */
  static List<String> resultIds(PipelineRun run, String collection) {
    try (StacApiClient c = StacApiClient.open(run.resultsApi())) {
      return c.search(ItemSearch.builder().collections(collection).limit(100).build())
          .items()
          .map(Item::id)
          .sorted()
          .toList();
    }
  }

  /** Every launch got the reference parameters and one item URL of the embedded API. */
  static void assertLaunches(TestWorkflow wf, PipelineRun run, List<Item> items) {
    assertThat(wf.requests).hasSize(items.size());
    String api = run.stacApi().toString();
    List<String> expectedHrefs =
        items.stream()
            .map(i -> api + "collections/" + COLLECTION + "/items/" + i.id())
            .sorted()
            .toList();
    assertThat(wf.requests.stream().map(r -> r.items().get(0)).sorted().toList())
        .isEqualTo(expectedHrefs);
    for (WorkflowRequest r : wf.requests) {
      assertThat(r.items()).hasSize(1);
      assertThat(r.aoi()).isEqualTo(Pipeline.DEFAULT_AOI);
      assertThat(r.epsg()).isEqualTo("EPSG:4326");
      assertThat(r.threshold()).isEqualTo(Threshold.OTSU);
      assertThat(r.name()).matches("water-bodies-detection-[0-9a-f]{12}");
      assertThat(r.workflow().at("/metadata/name").asText()).isEqualTo(r.name());
      assertThat(r.workflow().at("/spec/workflowTemplateRef/name").asText())
          .isEqualTo("water-bodies-detection");
      // The jq transform turned the href into a one-element JSON array, passed as text.
      assertThat(r.parameters().get("items")).isEqualTo("[\"" + r.items().get(0) + "\"]");
      assertThat(r.workDir()).isDirectory().startsWith(run.outDir());
    }
    assertThat(wf.requests.stream().map(WorkflowRequest::name).distinct()).hasSize(items.size());
  }

  /** Completion events by workflow status. */
  static Map<String, List<CompletionEvent>> byStatus(List<CompletionEvent> events) {
    return events.stream().collect(Collectors.groupingBy(CompletionEvent::workflowStatus));
  }
}
