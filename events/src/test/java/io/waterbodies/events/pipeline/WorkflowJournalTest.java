package io.waterbodies.events.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.model.Item;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An acknowledged event is never lost: a workflow accepted by a pipeline that stops (or dies)
 * before it finishes runs when a pipeline starts again on the same output directory.
 */
class WorkflowJournalTest {
  @TempDir Path out;

  @Test
  void unfinishedWorkflowRunsAgainOnRestart() throws Exception {
    List<Item> items = PipelineScenario.items(1);
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    List<WorkflowRequest> first = new CopyOnWriteArrayList<>();
    WorkflowLauncher stuck =
        request -> {
          first.add(request);
          started.countDown();
          release.await();
          throw new IllegalStateException("the first run was stopped");
        };
    try {
      try (PipelineRun run =
          base(stuck)
              .source(StacSource.embedded(items))
              .drainTimeout(Duration.ZERO)
              .build()
              .runEmbedded()) {
        assertThat(started.await(60, TimeUnit.SECONDS)).isTrue();
      }
      String name = first.get(0).name();
      Path entry = out.resolve(name).resolve(".workflow.json");
      assertThat(entry).isRegularFile();
      // A partial output of the interrupted attempt must not leak into the rerun.
      Files.writeString(out.resolve(name).resolve("partial.tif"), "half a mask");

      List<WorkflowRequest> second = new CopyOnWriteArrayList<>();
      WorkflowLauncher finishing =
          request -> {
            second.add(request);
            assertThat(Files.exists(request.workDir().resolve("partial.tif"))).isFalse();
            Item result =
                Item.builder(items.get(0).id())
                    .geometryFromBbox(Bbox.parse(request.aoi()))
                    .datetime(Instant.now())
                    .build();
            return WorkflowResult.succeeded(
                List.of(result), request.workDir().resolve("catalog.json").toString(), List.of());
          };
      try (PipelineRun run =
          base(finishing).source(StacSource.embedded(List.of())).build().runEmbedded()) {
        assertThat(run.awaitCompletions(1, Duration.ofSeconds(60))).isTrue();
        // One run only: the result it POSTs lands in the API this run watches (all collections,
        // as the source names none) and must not be taken for a new scene.
        assertThat(second).hasSize(1);
        assertThat(second.get(0).name()).isEqualTo(name);
        assertThat(second.get(0).items()).isEqualTo(first.get(0).items());
        assertThat(run.completions()).singleElement().matches(CompletionEvent::succeeded);
        assertThat(PipelineScenario.resultIds(run, "water-bodies"))
            .containsExactly(items.get(0).id());
        assertThat(entry).doesNotExist();
      }
    } finally {
      release.countDown();
    }
  }

  private Pipeline.Builder base(WorkflowLauncher launcher) {
    return Pipeline.builder()
        .workflow(launcher)
        .busMode(BusMode.IN_MEMORY)
        .outDir(out)
        .pollInterval(Duration.ofMillis(200));
  }
}
