package io.waterbodies.events.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Extent;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.server.InMemoryStacStore;
import io.waterbodies.stac.server.StacApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sources other than the embedded one, and the fallback to the in-memory bus. */
class PipelineSourcesTest {
  @TempDir Path out;

  @Test
  void autoFallsBackToTheInMemoryBusWhenTheServersDoNotAnswer() throws Exception {
    List<Item> items = PipelineScenario.items(2);
    TestWorkflow wf = new TestWorkflow();
    Pipeline p =
        Pipeline.builder()
            .source(StacSource.embedded(items))
            .workflow(wf)
            .redisUri("redis://127.0.0.1:1")
            .natsUri("nats://127.0.0.1:1")
            .outDir(out)
            .pollInterval(Duration.ofMillis(200))
            .build();
    assertThat(p.busMode()).isEqualTo(BusMode.AUTO);
    try (PipelineRun run = p.runEmbedded()) {
      assertThat(run.busMode()).isEqualTo(BusMode.IN_MEMORY);
      assertThat(run.awaitCompletions(2, Duration.ofSeconds(60))).isTrue();
      assertThat(run.completions()).allMatch(CompletionEvent::succeeded);
      assertThat(run.summary().busMode()).isEqualTo(BusMode.IN_MEMORY);
    }
  }

  @Test
  void anExistingStacApiAsSourceAndAnotherForResults() throws Exception {
    List<Item> items = PipelineScenario.items(3);
    InMemoryStacStore sourceStore = new InMemoryStacStore();
    sourceStore.createCollection(
        Collection.builder(
                PipelineScenario.COLLECTION,
                "source",
                "proprietary",
                Extent.of(Bbox.of(-180, -90, 180, 90), Optional.empty(), Optional.empty()))
            .build()
            .toJson());
    sourceStore.putItems(PipelineScenario.COLLECTION, items.stream().map(Item::toJson).toList());
    // An item of another collection, which the pipeline must not pick up.
    sourceStore.createCollection(
        Collection.builder(
                "other",
                "other",
                "proprietary",
                Extent.of(Bbox.of(-180, -90, 180, 90), Optional.empty(), Optional.empty()))
            .build()
            .toJson());
    sourceStore.putItems("other", List.of(PipelineScenario.items(1).get(0).toJson()));
    TestWorkflow wf = new TestWorkflow();
    try (StacApiServer source = StacApiServer.builder().store(sourceStore).port(0).build().start();
        StacApiServer results =
            StacApiServer.builder()
                .store(new InMemoryStacStore())
                .port(0)
                .allowWritesWithoutToken()
                .build()
                .start()) {
      Pipeline p =
          Pipeline.builder()
              .source(StacSource.api(source.uri(), PipelineScenario.COLLECTION))
              .resultsApi(results.uri())
              .resultCollection("lakes")
              .workflow(wf)
              .busMode(BusMode.IN_MEMORY)
              .outDir(out)
              .pollInterval(Duration.ofMillis(200))
              .build();
      try (PipelineRun run = p.runEmbedded()) {
        assertThat(run.stacApi()).isEqualTo(source.uri());
        assertThat(run.resultsApi()).isEqualTo(results.uri());
        assertThat(run.awaitCompletions(3, Duration.ofSeconds(60))).isTrue();
        PipelineScenario.assertLaunches(wf, run, items);
        assertThat(PipelineScenario.resultIds(run, "lakes"))
            .isEqualTo(items.stream().map(Item::id).sorted().toList());
        assertThat(sourceStore.collection("lakes")).isEmpty();
        assertThat(run.awaitCompletions(4, Duration.ofSeconds(1))).isFalse();
      }
    }
  }

  @Test
  void aSourceWithinABboxProcessesOnlyTheItemsThere() throws Exception {
    List<Item> items = PipelineScenario.items(2);
    // A third item far away (Europe), which a search within the California bbox must not return.
    Item far = items.get(0).toBuilder().geometryFromBbox(Bbox.of(13.0, 52.0, 13.5, 52.5)).build();
    Item elsewhere = Item.fromJson(far.toJson().put("id", "S2B_33UUU_far"));
    StacSource source =
        StacSource.embedded(List.of(items.get(0), items.get(1), elsewhere))
            .within(Bbox.of(-122, 39, -120, 41));
    assertThat(source.bbox()).contains(Bbox.of(-122, 39, -120, 41));
    TestWorkflow wf = new TestWorkflow();
    Pipeline p =
        Pipeline.builder()
            .source(source)
            .workflow(wf)
            .busMode(BusMode.IN_MEMORY)
            .outDir(out)
            .pollInterval(Duration.ofMillis(200))
            .build();
    try (PipelineRun run = p.runEmbedded()) {
      assertThat(run.awaitCompletions(2, Duration.ofSeconds(60))).isTrue();
      PipelineScenario.assertLaunches(wf, run, items);
      assertThat(run.awaitCompletions(3, Duration.ofSeconds(2))).isFalse();
    }
  }
}
