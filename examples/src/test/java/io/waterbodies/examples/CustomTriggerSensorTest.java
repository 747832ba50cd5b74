package io.waterbodies.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.PublishAck;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.sensor.Sensor;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * {@link CustomTriggerSensor}: events on the JetStream bus that pass the collection filter reach
 * the Java trigger with the reference parameter mapping applied; others do not.
 */
class CustomTriggerSensorTest {
  private static final String NATS = "nats://127.0.0.1:4222";

  @Test
  void javaTriggerReceivesTheMappedItemsOfMatchingEventsOnly() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    EventBusConfig bus =
        EventBusConfig.builder().name("example-" + run).maxAge(Duration.ofHours(1)).build();
    Map<String, String> fired = new ConcurrentHashMap<>();
    Connection nc;
    try {
      nc = Nats.connect(NATS);
    } catch (Exception e) {
      throw new AssertionError("NATS JetStream must run at " + NATS + ": " + e.getMessage(), e);
    }
    try (nc;
        Sensor sensor =
            CustomTriggerSensor.start(
                NATS,
                bus,
                CustomTriggerSensor.spec("example-" + run, "^sentinel-2-l2a$"),
                fired::put)) {
      publish(nc, bus, "1", "https://stac.example/items/a", "sentinel-2-l2a");
      publish(nc, bus, "2", "https://stac.example/items/b", "landsat-c2-l2");
      publish(nc, bus, "3", "https://stac.example/items/c", "sentinel-2-l2a");
      await().atMost(Duration.ofSeconds(30)).until(() -> fired.size() >= 2);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> sensor.metrics().in() >= 3 && sensor.metrics().lag() == 0);
      assertThat(fired.values())
          .containsExactlyInAnyOrder(
              "[\"https://stac.example/items/a\"]", "[\"https://stac.example/items/c\"]");
      assertThat(fired.keySet()).allMatch(n -> n.matches("water-bodies-detection-[0-9a-f]{12}"));
    } finally {
      try (Connection c = Nats.connect(NATS)) {
        for (String s :
            new String[] {
              bus.streamName(),
              bus.streamName() + "-dead-letter",
              "KV_" + bus.streamName() + "-completed-example-" + run
            }) {
          try {
            c.jetStreamManagement().deleteStream(s);
          } catch (Exception ignored) {
            // not created by this run
          }
        }
      }
    }
  }

  private static void publish(
      Connection nc, EventBusConfig bus, String id, String href, String collection)
      throws Exception {
    ObjectNode data = Json.object();
    data.put("stream", "STREAM");
    data.put("message_id", id + "-0");
    data.putObject("values").put("href", href).put("collection", collection);
    Envelope e =
        Envelope.of(
            UUID.randomUUID().toString().replace("-", ""),
            "redis-source",
            Envelope.TYPE_REDIS_STREAM,
            "example",
            OffsetDateTime.now(ZoneOffset.UTC),
            data);
    PublishAck ack = nc.jetStream().publish(bus.subject("redis-source", "example"), e.toBytes());
    assertThat(ack.getStream()).isEqualTo(bus.streamName());
  }
}
