package io.waterbodies.events.pipeline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.TestStacApi;
import io.waterbodies.events.pipeline.CompletionEvent;
import io.waterbodies.events.pipeline.ResultPublisher;
import io.waterbodies.events.pipeline.Threshold;
import io.waterbodies.events.pipeline.WorkflowResult;
import io.waterbodies.stac.client.StacApiClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever waits for a completion event reads counters that already hold that workflow (the
 * in-memory pipeline once saw 17 of 20 workflows counted after all 20 completions had arrived).
 */
class WorkflowExecutorTest {
  @TempDir Path out;

  @Test
  void aWorkflowIsCountedBeforeItsCompletionEventIsEmitted() throws Exception {
    Progress progress = new Progress();
    List<String> seenAtEmit = new CopyOnWriteArrayList<>();
    CompletionSink sink =
        (CompletionEvent e) ->
            seenAtEmit.add(
                e.workflowName()
                    + " finished="
                    + (progress.succeeded.get() + progress.failed.get())
                    + " running="
                    + progress.running.get());
    // The launcher fails every workflow, so nothing is published to the API.
    try (TestStacApi api = new TestStacApi();
        StacApiClient stac = StacApiClient.open(api.root())) {
      WorkflowExecutor executor =
          new WorkflowExecutor(
              request -> WorkflowResult.failed("step failed", List.of()),
              Threshold.OTSU,
              out,
              new ResultPublisher(stac, "results"),
              sink,
              progress,
              1);
      executor.submit(workflow("https://example/items/a"), "wf-a");
      executor.submit(workflow("https://example/items/b"), "wf-b");
      assertThat(executor.shutdown(Duration.ofSeconds(30))).isTrue();
    }
    assertThat(seenAtEmit)
        .containsExactly("wf-a finished=1 running=0", "wf-b finished=2 running=0");
  }

  private static ObjectNode workflow(String item) {
    ObjectNode wf = Json.object();
    ObjectNode p = wf.putObject("spec").putObject("arguments").putArray("parameters").addObject();
    p.put("name", "items");
    p.put("value", "[\"" + item + "\"]");
    return wf;
  }
}
