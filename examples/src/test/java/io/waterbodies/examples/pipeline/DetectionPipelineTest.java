package io.waterbodies.examples.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.pipeline.CompletionEvent;
import io.waterbodies.events.pipeline.Pipeline;
import io.waterbodies.events.pipeline.PipelineRun;
import io.waterbodies.events.pipeline.PipelineSummary;
import io.waterbodies.events.pipeline.StacSource;
import io.waterbodies.stac.client.ItemSearch;
import io.waterbodies.stac.client.StacApiClient;
import io.waterbodies.stac.model.Item;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pipeline end to end with real detection: an embedded STAC API holding Items over the Landsat
 * 8 Florida rasters, the watcher, Redis + NATS JetStream (or the in-memory bus), the sensor, the
 * reference workflow run by {@link DetectionWorkflowLauncher}, result Items POSTed back to the STAC
 * API and completion events.
 */
class DetectionPipelineTest {
  static final String REDIS = "redis://127.0.0.1:6379";
  static final String NATS = "nats://127.0.0.1:4222";
  static final int N = 3;

  @TempDir Path tmp;

  final String run = UUID.randomUUID().toString().substring(0, 8);
  final EventBusConfig bus =
      EventBusConfig.builder().name("wbx-" + run).maxAge(Duration.ofHours(1)).build();
  final String stream = "STREAM-" + run;
  final String sensor = "wbx-sensor-" + run;
  final String ok = "WATERBODIES-" + run;
  final String failed = "WATERBODIESFAILURE-" + run;
  boolean servers;

  @AfterEach
  void cleanUp() {
    if (!servers) {
      return;
    }
    RedisClient c = RedisClient.create(REDIS);
    try (StatefulRedisConnection<String, String> conn = c.connect()) {
      String state = "waterbodies:pipeline:" + sensor + ":" + stream;
      conn.sync().del(stream, ok, failed, state + ":seen", state + ":checkpoint");
    } finally {
      c.shutdown();
    }
    try (Connection nc = Nats.connect(NATS)) {
      for (String s :
          List.of(
              bus.streamName(),
              bus.streamName() + "-dead-letter",
              "KV_" + bus.streamName() + "-completed-" + sensor)) {
        try {
          nc.jetStreamManagement().deleteStream(s);
        } catch (Exception e) {
          // never created
        }
      }
    } catch (Exception e) {
      // the test itself reported the servers' state
    }
  }

  private static void require(String what, int port) {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 2000);
    } catch (IOException e) {
      fail(what + " is not answering on 127.0.0.1:" + port + " (" + e.getMessage() + ")");
    }
  }

  private Pipeline pipeline(List<Item> items, BusMode mode) {
    return Pipeline.builder()
        .source(StacSource.embedded(items))
        .workflow(DetectionWorkflowLauncher.builder().threads(2).build())
        .busMode(mode)
        .redisUri(REDIS)
        .natsUri(NATS)
        .bus(bus)
        .stream(stream)
        .sensorName(sensor)
        .completionStreams(ok, failed)
        .aoi(TestScenes.AOI)
        .outDir(tmp.resolve("out"))
        .pollInterval(Duration.ofMillis(200))
        .progressInterval(Duration.ZERO)
        .build();
  }

  private List<Item> scenario() throws IOException {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      items.add(TestScenes.florida("LC08_L1TP_020039_" + i));
    }
    items.add(
        TestScenes.truncatedNir("LC08_TRUNCATED", Files.createDirectories(tmp.resolve("bad"))));
    return items;
  }

  @Test
  void itemsToResultsThroughRedisAndJetStream() throws Exception {
    require("Redis", 6379);
    require("NATS", 4222);
    servers = true;
    List<Item> items = scenario();
    try (PipelineRun r = pipeline(items, BusMode.SERVERS).runEmbedded()) {
      assertThat(r.busMode()).isEqualTo(BusMode.SERVERS);
      check(r, items);
      // The reference exit handler's streams hold the same events, fields as the reference.
      RedisClient c = RedisClient.create(REDIS);
      try (StatefulRedisConnection<String, String> conn = c.connect()) {
        List<StreamMessage<String, String>> good =
            conn.sync().xrange(ok, io.lettuce.core.Range.create("-", "+"));
        List<StreamMessage<String, String>> bad =
            conn.sync().xrange(failed, io.lettuce.core.Range.create("-", "+"));
        assertThat(good).hasSize(N);
        assertThat(bad).hasSize(1);
        for (StreamMessage<String, String> m : good) {
          assertThat(m.getBody().keySet())
              .containsExactly(
                  "subject",
                  "workflow_id",
                  "workflow_name",
                  "workflow_status",
                  "href",
                  "stac_catalog");
          assertThat(m.getBody().get("workflow_status")).isEqualTo("Succeeded");
          assertThat(Path.of(m.getBody().get("stac_catalog"))).isRegularFile();
          // As in the cluster: href is the result Item's URL in the STAC API, subject the input.
          assertThat(m.getBody().get("href"))
              .contains("/items/")
              .isNotEqualTo(m.getBody().get("subject"));
        }
        assertThat(bad.get(0).getBody().get("href")).endsWith("/items/LC08_TRUNCATED");
        assertThat(bad.get(0).getBody().get("workflow_status")).isEqualTo("Failed");
      } finally {
        c.shutdown();
      }
    }
  }

  @Test
  void itemsToResultsOnTheInMemoryBus() throws Exception {
    List<Item> items = scenario();
    try (PipelineRun r = pipeline(items, BusMode.IN_MEMORY).runEmbedded()) {
      assertThat(r.busMode()).isEqualTo(BusMode.IN_MEMORY);
      check(r, items);
    }
  }

  private void check(PipelineRun r, List<Item> items) throws Exception {
    assertThat(r.awaitCompletions(items.size(), Duration.ofMinutes(3)))
        .as("completion events within 3 min: %s", r.summary().line())
        .isTrue();
    Map<Boolean, List<CompletionEvent>> events =
        r.completions().stream().collect(Collectors.partitioningBy(CompletionEvent::succeeded));
    assertThat(events.get(true)).hasSize(N);
    assertThat(events.get(false))
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.href()).endsWith("/collections/landsat-c2-l1/items/LC08_TRUNCATED");
              assertThat(e.workflowStatus()).isEqualTo(CompletionEvent.FAILED);
              assertThat(e.stacCatalog()).isEmpty();
            });

    List<Item> results;
    try (StacApiClient c = StacApiClient.open(r.resultsApi())) {
      results =
          c.search(ItemSearch.builder().collections("water-bodies").limit(100).build())
              .items()
              .toList();
    }
    assertThat(results)
        .extracting(Item::id)
        .containsExactlyInAnyOrderElementsOf(
            TestScenes.ids(items).stream().filter(id -> !id.equals("LC08_TRUNCATED")).toList());

    byte[] direct = TestScenes.directMask(tmp.resolve("direct"));
    for (Item res : results) {
      Path mask = Path.of(URI.create(res.assetHref("data").orElseThrow().toString()));
      assertThat(mask).isRegularFile().startsWith(r.outDir());
      assertThat(Files.readAllBytes(mask)).as("mask of %s", res.id()).isEqualTo(direct);
    }
    for (CompletionEvent e : events.get(true)) {
      Path catalog = Path.of(e.stacCatalog());
      assertThat(catalog).isRegularFile().startsWith(r.outDir());
      assertThat(catalog.resolveSibling("workflow.log")).isRegularFile();
    }
    PipelineSummary s = r.summary();
    assertThat(s.workflowsSucceeded()).isEqualTo(N);
    assertThat(s.workflowsFailed()).isEqualTo(1);
    assertThat(s.resultItems()).isEqualTo(N);
    assertThat(s.steps()).containsKeys("pre-processing", "detection", "publish");
    assertThat(s.steps().get("detection").failures()).isEqualTo(1);
  }
}
