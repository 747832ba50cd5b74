package io.waterbodies.events.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.stac.model.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline without servers: embedded STAC API -> in-memory bus -> launcher -> STAC API.
 */
class InMemoryPipelineTest {
  @TempDir Path out;

  Pipeline pipeline(TestWorkflow wf, List<Item> items) {
    return Pipeline.builder()
        .source(StacSource.embedded(items))
        .workflow(wf)
        .busMode(BusMode.IN_MEMORY)
        .outDir(out)
        .pollInterval(Duration.ofMillis(200))
        .parallelism(3)
        .build();
  }

  @Test
  void everyItemBecomesOneResultItemAndOneCompletionEvent() throws Exception {
    int n = 20;
    List<Item> items = PipelineScenario.items(n);
    TestWorkflow wf = new TestWorkflow();
    try (PipelineRun run = pipeline(wf, items).runEmbedded()) {
      assertThat(run.busMode()).isEqualTo(BusMode.IN_MEMORY);
      assertThat(run.awaitCompletions(n, Duration.ofSeconds(60))).isTrue();
      PipelineScenario.assertLaunches(wf, run, items);
      assertThat(PipelineScenario.resultIds(run, "water-bodies"))
          .isEqualTo(items.stream().map(Item::id).sorted().toList());
      List<CompletionEvent> events = run.completions();
      assertThat(events).hasSize(n).allMatch(CompletionEvent::succeeded);
      for (CompletionEvent e : events) {
        assertThat(e.subject())
            .startsWith(run.stacApi() + "collections/" + PipelineScenario.COLLECTION);
        // As the cluster's exit step reports it: href is the result Item's URL in the STAC API.
        assertThat(e.href()).startsWith(run.stacApi() + "collections/water-bodies/items/");
        assertThat(e.workflowName()).matches("water-bodies-detection-[0-9a-f]{12}");
        assertThat(e.stacCatalog()).endsWith(e.workflowName() + "/catalog.json");
        assertThat(e.fields().keySet())
            .containsExactly(
                "subject",
                "workflow_id",
                "workflow_name",
                "workflow_status",
                "href",
                "stac_catalog");
      }
      assertThat(events.stream().map(CompletionEvent::workflowId).distinct()).hasSize(n);
      PipelineSummary s = run.summary();
      assertThat(s.eventsEmitted()).isEqualTo(n);
      assertThat(s.eventsReceived()).isEqualTo(n);
      assertThat(s.workflowsStarted()).isEqualTo(n);
      assertThat(s.workflowsSucceeded()).isEqualTo(n);
      assertThat(s.workflowsFailed()).isZero();
      assertThat(s.workflowsRunning()).isZero();
      assertThat(s.resultItems()).isEqualTo(n);
      assertThat(s.steps().get("detection").count()).isEqualTo(n);
      assertThat(s.steps().get("publish").count()).isEqualTo(n);
      assertThat(s.steps().get("workflow").failures()).isZero();
      assertThat(s.table())
          .contains("in_memory")
          .containsPattern("workflows succeeded +20")
          .contains("detection");
      // Each workflow wrote its own output directory.
      try (var dirs = Files.list(out)) {
        assertThat(dirs.count()).isEqualTo(n);
      }
    }
  }

  @Test
  void failuresGiveFailureEventsAndNoPartialItem() throws Exception {
    List<Item> items = PipelineScenario.items(4);
    TestWorkflow wf = new TestWorkflow();
    String failing = items.get(0).id();
    String throwing = items.get(1).id();
    wf.failing.add(failing);
    wf.throwing.add(throwing);
    // Items 2 and 3 each return a second result Item with the same id: whichever publishes second
    // gets a conflict, and its first Item must be deleted again.
    String a = items.get(2).id();
    String b = items.get(3).id();
    wf.extraItem.put(a, "shared-result");
    wf.extraItem.put(b, "shared-result");
    try (PipelineRun run = pipeline(wf, items).runEmbedded()) {
      assertThat(run.awaitCompletions(4, Duration.ofSeconds(60))).isTrue();
      Map<String, List<CompletionEvent>> by = PipelineScenario.byStatus(run.completions());
      assertThat(by.get(CompletionEvent.FAILED))
          .extracting(CompletionEvent::href)
          .containsExactlyInAnyOrder(href(run, failing), href(run, throwing));
      assertThat(by.get(CompletionEvent.FAILED)).allMatch(e -> e.stacCatalog().isEmpty());
      assertThat(by.get(CompletionEvent.ERROR)).hasSize(1);
      assertThat(by.get(CompletionEvent.SUCCEEDED)).hasSize(1);
      String published = by.get(CompletionEvent.SUCCEEDED).get(0).href().endsWith("/" + a) ? a : b;
      String rolledBack = published.equals(a) ? b : a;
      assertThat(by.get(CompletionEvent.ERROR).get(0).href()).isEqualTo(href(run, rolledBack));
      assertThat(PipelineScenario.resultIds(run, "water-bodies"))
          .containsExactlyInAnyOrder(published, "shared-result");
      PipelineSummary s = run.summary();
      assertThat(s.workflowsFailed()).isEqualTo(3);
      assertThat(s.workflowsSucceeded()).isEqualTo(1);
      assertThat(s.resultItems()).isEqualTo(2);
      assertThat(s.steps().get("detection").failures()).isEqualTo(1);
      assertThat(s.steps().get("launch").failures()).isEqualTo(1);
      assertThat(s.steps().get("publish").failures()).isEqualTo(1);
    }
  }

  static String href(PipelineRun run, String id) {
    return run.stacApi() + "collections/" + PipelineScenario.COLLECTION + "/items/" + id;
  }
}
