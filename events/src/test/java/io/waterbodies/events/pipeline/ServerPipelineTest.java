package io.waterbodies.events.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.stac.model.Item;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole pipeline through the real servers: embedded STAC API -> watcher -> Redis stream ->
 * RedisEventSource -> JetStream -> Sensor -> launcher -> STAC API, completion events on Redis.
 */
class ServerPipelineTest {
  @TempDir Path out;

  EventBusConfig bus;
  String stream;
  String sensor;
  String ok;
  String failed;
  RedisClient client;
  StatefulRedisConnection<String, String> redis;
  Connection nc;

  @BeforeEach
  void setUp() throws Exception {
    TestServers.require();
    bus = TestServers.uniqueBus();
    stream = TestServers.unique("STREAM");
    sensor = TestServers.unique("wb-sensor");
    ok = TestServers.unique("WATERBODIES");
    failed = TestServers.unique("WATERBODIESFAILURE");
    client = RedisClient.create(TestServers.REDIS);
    redis = client.connect();
    nc = TestServers.nats();
  }

  @AfterEach
  void tearDown() throws Exception {
    redis
        .sync()
        .del(
            stream,
            ok,
            failed,
            "waterbodies:pipeline:" + sensor + ":" + stream + ":seen",
            "waterbodies:pipeline:" + sensor + ":" + stream + ":checkpoint");
    TestServers.deleteStream(nc, bus.streamName());
    TestServers.deleteStream(nc, bus.streamName() + "-dead-letter");
    TestServers.deleteStream(nc, "KV_" + bus.streamName() + "-completed-" + sensor);
    nc.close();
    redis.close();
    client.shutdown();
  }

  Pipeline pipeline(TestWorkflow wf, List<Item> items, BusMode mode) {
    return Pipeline.builder()
        .source(StacSource.embedded(items))
        .workflow(wf)
        .busMode(mode)
        .bus(bus)
        .stream(stream)
        .sensorName(sensor)
        .completionStreams(ok, failed)
        .outDir(out)
        .pollInterval(Duration.ofMillis(200))
        .build();
  }

  @Test
  void everyItemFlowsThroughRedisAndJetStream() throws Exception {
    int n = 6;
    List<Item> items = PipelineScenario.items(n);
    TestWorkflow wf = new TestWorkflow();
    wf.failing.add(items.get(5).id());
    try (PipelineRun run = pipeline(wf, items, BusMode.AUTO).runEmbedded()) {
      // AUTO picks the servers, which are running.
      assertThat(run.busMode()).isEqualTo(BusMode.SERVERS);
      assertThat(run.awaitCompletions(n, Duration.ofSeconds(90))).isTrue();
      PipelineScenario.assertLaunches(wf, run, items);
      List<String> succeeded = items.subList(0, 5).stream().map(Item::id).sorted().toList();
      assertThat(PipelineScenario.resultIds(run, "water-bodies")).isEqualTo(succeeded);

      // The item events went through the Redis stream, in the reference fields.
      List<StreamMessage<String, String>> entries =
          redis.sync().xrange(stream, io.lettuce.core.Range.create("-", "+"));
      assertThat(entries).hasSize(n);
      assertThat(entries.get(0).getBody()).containsKeys("subject", "producer", "href");

      // Completion events on the two Redis streams.
      List<StreamMessage<String, String>> done =
          redis.sync().xrange(ok, io.lettuce.core.Range.create("-", "+"));
      List<StreamMessage<String, String>> bad =
          redis.sync().xrange(failed, io.lettuce.core.Range.create("-", "+"));
      assertThat(done).hasSize(5);
      assertThat(bad).hasSize(1);
      Map<String, String> f = bad.get(0).getBody();
      assertThat(f.get("workflow_status")).isEqualTo("Failed");
      assertThat(f.get("href")).endsWith("/items/" + items.get(5).id());
      assertThat(f.get("subject")).isEqualTo(f.get("href"));
      assertThat(f.get("stac_catalog")).isEmpty();
      for (StreamMessage<String, String> m : done) {
        assertThat(m.getBody().keySet())
            .containsExactlyInAnyOrder(
                "subject",
                "workflow_id",
                "workflow_name",
                "workflow_status",
                "href",
                "stac_catalog");
        assertThat(m.getBody().get("workflow_status")).isEqualTo("Succeeded");
        assertThat(m.getBody().get("workflow_name")).matches("water-bodies-detection-[0-9a-f]{12}");
        assertThat(m.getBody().get("stac_catalog")).endsWith("/catalog.json");
      }
      assertThat(run.completions()).hasSize(n);
      PipelineSummary s = run.summary();
      assertThat(s.busMode()).isEqualTo(BusMode.SERVERS);
      assertThat(s.eventsEmitted()).isEqualTo(n);
      assertThat(s.eventsReceived()).isEqualTo(n);
      assertThat(s.workflowsSucceeded()).isEqualTo(5);
      assertThat(s.workflowsFailed()).isEqualTo(1);
      assertThat(s.resultItems()).isEqualTo(5);
    }
  }

  @Test
  void aRestartDoesNotRunTheSameItemsAgain() throws Exception {
    List<Item> items = PipelineScenario.items(3);
    TestWorkflow first = new TestWorkflow();
    try (PipelineRun run = pipeline(first, items, BusMode.SERVERS).runEmbedded()) {
      assertThat(run.awaitCompletions(3, Duration.ofSeconds(90))).isTrue();
    }
    // Same names, state in Redis and NATS: the watcher's seen-set and the sensor's durable
    // consumer and completed keys survive, so nothing is triggered again.
    String checkpointKey = "waterbodies:pipeline:" + sensor + ":" + stream + ":checkpoint";
    String checkpoint = redis.sync().get(checkpointKey);
    assertThat(checkpoint).isNotNull();
    TestWorkflow second = new TestWorkflow();
    try (PipelineRun run = pipeline(second, items, BusMode.SERVERS).runEmbedded()) {
      // Wait until the restarted watcher has searched (its checkpoint moves on).
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !checkpoint.equals(redis.sync().get(checkpointKey)));
      assertThat(run.awaitCompletions(1, Duration.ofSeconds(2))).isFalse();
      assertThat(run.summary().eventsEmitted()).isZero();
    }
    assertThat(second.requests).isEmpty();
    assertThat(redis.sync().xlen(ok)).isEqualTo(3);
  }
}
