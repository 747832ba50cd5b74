package io.waterbodies.events.k8s;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import io.waterbodies.argo.k8s.MockApiServer;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.pipeline.Pipeline;
import io.waterbodies.events.pipeline.StacSource;
import io.waterbodies.events.pipeline.WorkflowResult;
import io.waterbodies.events.sensor.Dependency;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.TriggerFactory;
import io.waterbodies.events.source.RedisEventSource;
import io.waterbodies.events.source.RedisEventSourceConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The sensor with the Kubernetes triggers, on the shared NATS (and Redis) servers. */
class KubernetesSensorTest {
  static final RetryPolicy FAST =
      RetryPolicy.builder()
          .maxAttempts(Integer.MAX_VALUE)
          .initialDelay(Duration.ofMillis(50))
          .maxDelay(Duration.ofMillis(200))
          .build();

  private Connection nc;
  private EventBusConfig bus;
  private SensorSpec spec;
  private MockApiServer mock;

  @BeforeEach
  void setUp() throws Exception {
    nc = TestServers.nats();
    bus = TestServers.uniqueBus();
    // The seed's sensor, as the reference bundle renders it.
    spec = SensorProcess.spec();
  }

  @AfterEach
  void tearDown() throws Exception {
    TestServers.deleteStream(nc, bus.streamName());
    TestServers.deleteStream(nc, bus.streamName() + "-dead-letter");
    TestServers.deleteStream(
        nc,
        "KV_" + (bus.streamName() + "-completed-" + spec.name()).replaceAll("[^A-Za-z0-9_-]", "_"));
    nc.close();
    if (mock != null) {
      mock.close();
    }
  }

  private Sensor sensor(int maxAttempts) {
    return Sensor.builder()
        .spec(spec)
        .bus(bus)
        .deliverPolicy(DeliverPolicy.All)
        .backoff(FAST)
        .maxAttempts(maxAttempts)
        .triggerFactory(KubernetesTriggerFactory.of(mock.k8s).or(TriggerFactory.logOnly()))
        .build()
        .start();
  }

  private void publish(String href, String messageId) throws Exception {
    Dependency d = spec.dependencies().get(0);
    SensorProcess.publish(nc, bus, d, SensorProcess.event(d, href, messageId));
  }

  @Test
  void anRbacRefusalIsDeadLetteredAtOnceWithTheApiServersReason() throws Exception {
    mock = MockApiServer.expectations();
    mock.server
        .expect()
        .post()
        .withPath(MockApiServer.WORKFLOWS)
        .andReturn(
            403,
            "{\"kind\":\"Status\",\"code\":403,\"reason\":\"Forbidden\",\"message\":"
                + "\"workflows.argoproj.io is forbidden: User"
                + " \\\"system:serviceaccount:eoap:default\\\" cannot create resource"
                + " \\\"workflows\\\"\"}")
        .always();
    try (Sensor s = sensor(5)) {
      publish("https://stac.example/items/a", "1-0");
      JetStreamManagement jsm = nc.jetStreamManagement();
      String dl = bus.streamName() + "-dead-letter";
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> jsm.getStreamInfo(dl).getStreamState().getMsgCount() >= 1);
      MessageInfo m = jsm.getMessage(dl, 1);
      assertThat(m.getHeaders().getFirst(Sensor.HEADER_REASON))
          .contains("HTTP 403 Forbidden")
          .contains("cannot create resource")
          .contains("Workflow eoap/water-bodies-detection-")
          .doesNotContain(MockApiServer.TOKEN);
      assertThat(m.getHeaders().getFirst(Sensor.HEADER_ATTEMPTS)).isEqualTo("1");
      assertThat(s.metrics().out()).isZero();
    }
  }

  @Test
  void aServerErrorIsRetriedWithBackoffAndTheWorkflowCreatedOnce() throws Exception {
    mock = MockApiServer.expectations();
    mock.server
        .expect()
        .post()
        .withPath(MockApiServer.WORKFLOWS)
        .andReturn(500, "{\"kind\":\"Status\",\"code\":500,\"message\":\"etcd timeout\"}")
        .times(2);
    mock.server
        .expect()
        .post()
        .withPath(MockApiServer.WORKFLOWS)
        .andReturn(201, "{\"kind\":\"Workflow\",\"apiVersion\":\"argoproj.io/v1alpha1\"}")
        .once();
    try (Sensor s = sensor(5)) {
      publish("https://stac.example/items/b", "2-0");
      await().atMost(Duration.ofSeconds(30)).until(() -> s.metrics().out() == 1);
      assertThat(mock.server.getRequestCount()).isEqualTo(3);
      assertThat(s.metrics().redelivered()).isEqualTo(2);
      assertThat(s.metrics().deadLettered()).isZero();
      String first = null;
      for (int i = 0; i < 3; i++) {
        JsonNode body = Json.parse(mock.server.takeRequest().getBody().readUtf8(), "request");
        String name = body.at("/metadata/name").asText();
        assertThat(name).startsWith("water-bodies-detection-");
        first = first == null ? name : first;
        assertThat(name).isEqualTo(first);
      }
    }
  }

  @Test
  void aPipelineInClusterModeCreatesItsWorkflowsOnKubernetes() throws Exception {
    mock = MockApiServer.crud();
    Pipeline pipeline =
        Pipeline.builder()
            .source(StacSource.api(URI.create("http://127.0.0.1:1/")))
            .workflow(r -> WorkflowResult.failed("runs on the cluster", List.of()))
            .natsUri(TestServers.NATS)
            .bus(bus)
            .backoff(FAST)
            .cluster("water", "redis-service", 6379)
            .build();
    spec = pipeline.sensorSpec();
    try (Sensor s =
        pipeline.clusterSensor(mock.k8s).deliverPolicy(DeliverPolicy.All).build().start()) {
      publish("https://stac.example/items/c", "3-0");
      await().atMost(Duration.ofSeconds(30)).until(() -> mock.workflows("water").size() == 1);
      JsonNode wf = mock.workflows("water").get(0);
      assertThat(wf.at("/spec/arguments/parameters/0/value").asText())
          .isEqualTo("[\"https://stac.example/items/c\"]");
      assertThat(mock.workflows()).isEmpty();
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().out() == 1);
    }
  }

  @Test
  void theReferenceSensorCreatesTheWorkflowFromARedisStreamEntry() throws Exception {
    mock = MockApiServer.crud();
    Dependency d = spec.dependencies().get(0);
    String stream = TestServers.unique("STREAM");
    String href =
        "https://earth-search.aws.element84.com/v1/collections/sentinel-2-l2a/items/"
            + TestServers.unique("S2B_10TFK_20210713_0_L2A");
    RedisClient client = RedisClient.create(TestServers.REDIS);
    try (StatefulRedisConnection<String, String> redis = client.connect();
        Sensor s = sensor(5);
        RedisEventSource source =
            RedisEventSource.start(
                RedisEventSourceConfig.builder().bus(bus).stream(stream)
                    .eventSourceName(d.eventSourceName())
                    .eventName(d.eventName())
                    .build())) {
      redis.sync().xadd(stream, Map.of("subject", href, "producer", "test", "href", href));
      await().atMost(Duration.ofSeconds(30)).until(() -> mock.workflows().size() == 1);
      JsonNode wf = mock.workflows().get(0);
      assertThat(wf.at("/metadata/name").asText()).matches("water-bodies-detection-[0-9a-f]{12}");
      assertThat(wf.at("/metadata/namespace").asText()).isEqualTo(MockApiServer.NAMESPACE);
      assertThat(wf.at("/spec/workflowTemplateRef/name").asText())
          .isEqualTo("water-bodies-detection");
      JsonNode params = wf.at("/spec/arguments/parameters");
      assertThat(params.get(0).get("name").asText()).isEqualTo("items");
      assertThat(params.get(0).get("value").asText()).isEqualTo("[\"" + href + "\"]");
      assertThat(params.get(1).get("value").asText()).isEqualTo("-121.399,39.834,-120.74,40.472");
      assertThat(params.get(2).get("value").asText()).isEqualTo("EPSG:4326");
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().out() == 1);
      assertThat(s.metrics().deadLettered()).isZero();
      assertThat(source.metrics().out()).isEqualTo(1);
    } finally {
      try (StatefulRedisConnection<String, String> redis = client.connect()) {
        redis.sync().del(stream);
      }
      client.shutdown();
    }
  }
}
