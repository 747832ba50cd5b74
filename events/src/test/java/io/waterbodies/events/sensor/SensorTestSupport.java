package io.waterbodies.events.sensor;

import static org.awaitility.Awaitility.await;

import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Shared helpers for sensor tests against the real NATS server. */
final class SensorTestSupport {
  private SensorTestSupport() {}

  /**
   * The set-up of a sensor test on the real NATS server: a connection, and a bus, sensor name and
   * Redis stream name of its own, whose streams and key bucket are deleted after each test.
   */
  abstract static class OnJetStream {
    Connection nc;
    EventBusConfig bus;
    String name;
    String stream;

    @BeforeEach
    void openBus() throws Exception {
      nc = TestServers.nats();
      bus = TestServers.uniqueBus();
      name = TestServers.unique("sensor");
      stream = TestServers.unique("STREAM");
    }

    @AfterEach
    void removeBus() throws Exception {
      cleanup(nc, bus, name);
      nc.close();
    }

    /** A sensor on this test's bus, reading the stream from its start, retrying fast. */
    Sensor.Builder sensor(SensorSpec spec) {
      return Sensor.builder()
          .spec(spec)
          .bus(bus)
          .natsUri(TestServers.NATS)
          .deliverPolicy(DeliverPolicy.All)
          .backoff(FAST);
    }
  }

  static final RetryPolicy FAST =
      RetryPolicy.builder()
          .maxAttempts(Integer.MAX_VALUE)
          .initialDelay(Duration.ofMillis(50))
          .maxDelay(Duration.ofMillis(200))
          .build();

  /** A one-dependency sensor on redis-source/example with a single trigger {@code t}. */
  static SensorSpec simpleSpec(String name) {
    return SensorSpec.parse(
        "kind: Sensor\nmetadata: {name: "
            + name
            + "}\nspec:\n  dependencies:\n  - {name: d, eventSourceName: redis-source, eventName: example}\n"
            + "  triggers:\n  - template:\n      name: t\n      log: {}\n",
        "test");
  }

  static Envelope event(String href, String messageId, String stream) {
    return Envelope.of(
        EventIds.forStreamEntry("redis-source", "example", stream, messageId),
        "redis-source",
        Envelope.TYPE_REDIS_STREAM,
        "example",
        OffsetDateTime.now(),
        Json.parse(
            "{\"stream\":\""
                + stream
                + "\",\"message_id\":\""
                + messageId
                + "\",\"values\":{\"subject\":\""
                + href
                + "\",\"producer\":\"test\",\"href\":\""
                + href
                + "\"}}",
            "t"));
  }

  static void publish(Connection nc, EventBusConfig bus, Envelope e) throws Exception {
    publish(nc, bus, e.toBytes(), e.id());
  }

  static void publish(Connection nc, EventBusConfig bus, byte[] body, String msgId)
      throws Exception {
    nc.jetStream()
        .publish(
            bus.subject("redis-source", "example"), new Headers().put("Nats-Msg-Id", msgId), body);
  }

  static List<MessageInfo> deadLetters(Connection nc, EventBusConfig bus, int atLeast)
      throws Exception {
    JetStreamManagement jsm = nc.jetStreamManagement();
    String stream = bus.streamName() + "-dead-letter";
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> jsm.getStreamInfo(stream).getStreamState().getMsgCount() >= atLeast);
    List<MessageInfo> out = new ArrayList<>();
    long n = jsm.getStreamInfo(stream).getStreamState().getMsgCount();
    for (long s = 1; s <= n; s++) {
      out.add(jsm.getMessage(stream, s));
    }
    return out;
  }

  static void cleanup(Connection nc, EventBusConfig bus, String sensorName) {
    TestServers.deleteStream(nc, bus.streamName());
    TestServers.deleteStream(nc, bus.streamName() + "-dead-letter");
    TestServers.deleteStream(
        nc,
        "KV_" + (bus.streamName() + "-completed-" + sensorName).replaceAll("[^A-Za-z0-9_-]", "_"));
  }
}
