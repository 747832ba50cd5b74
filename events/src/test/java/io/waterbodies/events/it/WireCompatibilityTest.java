package io.waterbodies.events.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.bus.EventBus;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.WorkflowTrigger;
import io.waterbodies.events.source.RedisEventSource;
import io.waterbodies.events.source.RedisEventSourceConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Our sensor consumes what Argo's redisStream source publishes, and our source publishes what
 * Argo's sensor expects (SYSTEM.md section 3).
 */
class WireCompatibilityTest {
  // The reference deployment's sensor (SYSTEM.md §3), bus name aside.
  static final String SENSOR =
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Sensor
      metadata:
        name: %s
      spec:
        dependencies:
          - name: water-bodies
            eventSourceName: redis-source
            eventName: example
            transform:
              jq: ".values.href = [ .values.href ]"
        triggers:
          - template:
              name: water-bodies-detection-trigger
              k8s:
                operation: create
                source:
                  resource:
                    apiVersion: argoproj.io/v1alpha1
                    kind: Workflow
                    metadata:
                      generateName: water-bodies-detection-
                    spec:
                      workflowTemplateRef:
                        name: water-bodies-detection
                      arguments:
                        parameters:
                          - name: items
                          - name: aoi
                            value: "-121.399,39.834,-120.74,40.472"
                          - name: epsg
                            value: "EPSG:4326"
                parameters:
                  - src:
                      dependencyName: water-bodies
                      dataKey: values.href
                    dest: spec.arguments.parameters.0.value
      """;

  Connection nc;
  EventBusConfig bus;
  String name;
  final List<ObjectNode> submitted = new CopyOnWriteArrayList<>();
  final List<String> names = new CopyOnWriteArrayList<>();

  @BeforeEach
  void setUp() throws Exception {
    nc = TestServers.nats();
    bus = TestServers.uniqueBus();
    name = TestServers.unique("water-bodies");
    new EventBus(nc, bus).ensure();
  }

  @AfterEach
  void tearDown() throws Exception {
    TestServers.deleteStream(nc, bus.streamName());
    TestServers.deleteStream(nc, bus.streamName() + "-dead-letter");
    TestServers.deleteStream(nc, "KV_" + bus.streamName() + "-completed-" + name);
    nc.close();
  }

  Sensor sensor() {
    WorkflowTrigger wf =
        (workflow, n) -> {
          submitted.add(workflow);
          names.add(n);
        };
    return Sensor.builder()
        .spec(SensorSpec.parse(SENSOR.formatted(name), "sensor.yaml"))
        .bus(bus)
        .deliverPolicy(DeliverPolicy.All)
        .trigger("water-bodies-detection-trigger", wf)
        .build()
        .start();
  }

  void assertWorkflowFor(ObjectNode wf, String href) {
    assertThat(wf.at("/metadata/name").asText()).matches("water-bodies-detection-[0-9a-f]{12}");
    assertThat(wf.at("/metadata").has("generateName")).isFalse();
    assertThat(wf.at("/spec/workflowTemplateRef/name").asText())
        .isEqualTo("water-bodies-detection");
    JsonNode params = wf.at("/spec/arguments/parameters");
    assertThat(params.get(0).get("name").asText()).isEqualTo("items");
    // The jq transform made href an array; without useRawData it is inserted as its JSON text.
    assertThat(params.get(0).get("value").asText()).isEqualTo("[\"" + href + "\"]");
    assertThat(params.get(1).get("value").asText()).isEqualTo("-121.399,39.834,-120.74,40.472");
    assertThat(params.get(2).get("value").asText()).isEqualTo("EPSG:4326");
  }

  @Test
  void anArgoMessageBuiltByHandIsConsumedAndMapped() throws Exception {
    String href = "https://stac.example/collections/sentinel-2-l2a/items/S2B_10TFK_20210713_0_L2A";
    String id = "8e2d4a5e6b7c4f0a9b1c2d3e4f5a6b7c";
    String argo =
        "{\"specversion\":\"1.0\",\"id\":\""
            + id
            + "\",\"source\":\"redis-source\",\"type\":\"redisStream\",\"subject\":\"example\","
            + "\"datacontenttype\":\"application/json\",\"time\":\"2024-03-17T05:38:41.754123456Z\","
            + "\"data\":{\"stream\":\"STREAM\",\"message_id\":\"1647495121754-0\",\"values\":{"
            + "\"subject\":\""
            + href
            + "\",\"producer\":\"stac-watcher\",\"href\":\""
            + href
            + "\"}}}";
    nc.jetStream()
        .publish(
            bus.subjectPrefix() + ".redis-source.example",
            new Headers().put("Nats-Msg-Id", id),
            argo.getBytes(StandardCharsets.UTF_8));
    try (Sensor s = sensor()) {
      await().atMost(Duration.ofSeconds(15)).until(() -> submitted.size() == 1);
      assertWorkflowFor(submitted.get(0), href);
      assertThat(s.metrics().out()).isEqualTo(1);
    }
  }

  @Test
  void ourSourcesMessageHasArgosShapeAndIsMappedTheSameWay() throws Exception {
    String stream = TestServers.unique("STREAM");
    String href = "https://stac.example/collections/c/items/x1";
    RedisClient client = RedisClient.create(TestServers.REDIS);
    try (StatefulRedisConnection<String, String> redis = client.connect();
        Sensor s = sensor();
        RedisEventSource src =
            RedisEventSource.start(
                RedisEventSourceConfig.builder().bus(bus).stream(stream)
                    .eventSourceName("redis-source")
                    .eventName("example")
                    .build())) {
      redis.sync().xadd(stream, Map.of("subject", href, "producer", "stac-watcher", "href", href));
      await().atMost(Duration.ofSeconds(15)).until(() -> submitted.size() == 1);
      assertWorkflowFor(submitted.get(0), href);
      MessageInfo m = nc.jetStreamManagement().getMessage(bus.streamName(), 1);
      JsonNode ours = Json.parse(new String(m.getData(), StandardCharsets.UTF_8), "ours");
      assertThat(names(ours))
          .containsExactly(
              "data", "datacontenttype", "id", "source", "specversion", "subject", "time", "type");
      assertThat(names(ours.get("data"))).containsExactly("message_id", "stream", "values");
      assertThat(ours.get("type").asText()).isEqualTo("redisStream");
      assertThat(ours.get("id").asText()).matches("[0-9a-f]{32}");
      assertThat(m.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(ours.get("id").asText());
      assertThat(m.getSubject()).isEqualTo(bus.subjectPrefix() + ".redis-source.example");
    } finally {
      try (StatefulRedisConnection<String, String> redis = client.connect()) {
        redis.sync().del(stream);
      }
      client.shutdown();
    }
  }

  static SortedSet<String> names(JsonNode n) {
    SortedSet<String> s = new TreeSet<>();
    n.fieldNames().forEachRemaining(s::add);
    return s;
  }
}
