package io.waterbodies.events.sensor;

import static io.waterbodies.events.sensor.SensorTestSupport.FAST;
import static io.waterbodies.events.sensor.SensorTestSupport.event;
import static io.waterbodies.events.sensor.SensorTestSupport.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.waterbodies.events.TestServers;
import io.waterbodies.events.sensor.engine.CompletedKeys;
import io.waterbodies.events.sensor.engine.InMemoryEventBus;
import io.waterbodies.events.sensor.engine.InMemorySensorTransport;
import io.waterbodies.events.sensor.engine.InMemoryStore;
import io.waterbodies.events.sensor.engine.SensorPorts;
import io.waterbodies.events.sensor.engine.SensorTransport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Issue 14 items 4, 5 and 14: atomic claims, a lost consumer, supervised routes. */
class SensorReliabilityTest extends SensorTestSupport.OnJetStream {
  /** Two dependencies on the same events, routed to one trigger with {@code a || b}. */
  SensorSpec twoRoutes() {
    return SensorSpec.parse(
        "kind: Sensor\nmetadata: {name: "
            + name
            + "}\nspec:\n  dependencies:\n"
            + "  - {name: a, eventSourceName: redis-source, eventName: example}\n"
            + "  - {name: b, eventSourceName: redis-source, eventName: example}\n"
            + "  triggers:\n  - template:\n      name: t\n      conditions: \"a || b\"\n"
            + "      log: {}\n",
        "test");
  }

  @Test
  void twoRoutesToOneTriggerFireEachKeyExactlyOnce() throws Exception {
    Map<String, AtomicInteger> fires = new ConcurrentHashMap<>();
    AtomicInteger total = new AtomicInteger();
    try (Sensor s =
        sensor(twoRoutes())
            .batch(50)
            .trigger(
                "t",
                r -> {
                  total.incrementAndGet();
                  fires
                      .computeIfAbsent(r.idempotencyKey(), k -> new AtomicInteger())
                      .incrementAndGet();
                })
            .build()
            .start()) {
      for (int i = 0; i < 500; i++) {
        publish(nc, bus, event("https://s/i/" + i, i + "-0", stream));
      }
      await()
          .atMost(Duration.ofSeconds(120))
          .failFast(() -> total.get() > 500)
          .until(() -> s.metrics().duplicates() == 500);
      await().atMost(Duration.ofSeconds(20)).until(() -> s.metrics().lag() == 0);
      assertThat(total).hasValue(500);
      assertThat(fires).hasSize(500);
      assertThat(fires.values()).allSatisfy(n -> assertThat(n).hasValue(1));
      assertThat(s.metrics().out()).isEqualTo(500);
    }
  }

  @Test
  void aDeletedConsumerIsRecreatedWhereItStopped() throws Exception {
    Set<String> fired = ConcurrentHashMap.newKeySet();
    AtomicInteger total = new AtomicInteger();
    try (Sensor s =
        Sensor.builder()
            .spec(SensorTestSupport.simpleSpec(name))
            .bus(bus)
            .natsUri(TestServers.NATS)
            .backoff(FAST)
            .trigger(
                "t",
                r -> {
                  total.incrementAndGet();
                  fired.add(r.idempotencyKey());
                })
            .build()
            .start()) {
      for (int i = 0; i < 20; i++) {
        publish(nc, bus, event("https://s/i/" + i, i + "-0", stream));
      }
      await().atMost(Duration.ofSeconds(20)).until(() -> fired.size() == 20);
      await().atMost(Duration.ofSeconds(20)).until(() -> s.metrics().lag() == 0);
      nc.jetStreamManagement().deleteConsumer(bus.streamName(), name + "-t-d");
      for (int i = 20; i < 45; i++) {
        publish(nc, bus, event("https://s/i/" + i, i + "-0", stream));
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> fired.size() == 45);
      assertThat(total).hasValue(45);
      assertThat(nc.jetStreamManagement().getConsumerInfo(bus.streamName(), name + "-t-d"))
          .isNotNull();
      await().atMost(Duration.ofSeconds(20)).until(() -> s.metrics().lag() == 0);
    }
  }

  @Test
  void aTriggerThrowingAnErrorRestartsItsRouteAndTheEventStillFires() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Sensor s =
        sensor(SensorTestSupport.simpleSpec(name))
            .maxAttempts(1)
            .trigger(
                "t",
                r -> {
                  if (calls.incrementAndGet() == 1) {
                    throw new NoClassDefFoundError("com/example/Missing");
                  }
                })
            .build()
            .start()) {
      publish(nc, bus, event("https://s/i/1", "1-0", stream));
      await().atMost(Duration.ofSeconds(20)).until(() -> s.metrics().out() == 1);
      assertThat(s.health().restarts()).isEqualTo(1);
      assertThat(s.health().lastError()).contains("com/example/Missing");
      assertThat(s.health().running()).isTrue();
      assertThat(s.metrics().deadLettered()).isZero();
    }
  }

  @Test
  void aTriggerThatRanButCouldNotBeRecordedIsNeitherFailedNorDeadLettered() {
    InMemoryEventBus memory = new InMemoryEventBus();
    InMemoryStore store = new InMemoryStore();
    AtomicInteger recordFailures = new AtomicInteger(3);
    CompletedKeys flaky =
        new CompletedKeys() {
          @Override
          public Claim claim(String key, String eventId, Duration expiry) {
            return store.claim(key, eventId, expiry);
          }

          @Override
          public void complete(String key, String eventId) {
            if (recordFailures.getAndDecrement() > 0) {
              throw new IllegalStateException("key-value store unavailable");
            }
            store.complete(key, eventId);
          }

          @Override
          public void release(String key) {
            store.release(key);
          }
        };
    InMemorySensorTransport inner = new InMemorySensorTransport(memory);
    SensorTransport transport =
        new SensorTransport() {
          @Override
          public SensorPorts open(String sensorName) {
            SensorPorts p = inner.open(sensorName);
            return new SensorPorts(p.events(), flaky, p.pending(), p.deadLetters());
          }

          @Override
          public String describe() {
            return "flaky store";
          }

          @Override
          public void close() {}
        };
    AtomicInteger calls = new AtomicInteger();
    try (Sensor s =
        Sensor.builder()
            .spec(SensorTestSupport.simpleSpec(name))
            .transport(transport)
            .bus(bus)
            .backoff(FAST)
            .maxAttempts(1)
            .trigger("t", r -> calls.incrementAndGet())
            .build()
            .start()) {
      var e = event("https://s/i/1", "1-0", stream);
      memory.publish(bus.subject("redis-source", "example"), e.id(), e.toBytes());
      await().atMost(Duration.ofSeconds(20)).until(() -> recordFailures.get() < 0);
      await().atMost(Duration.ofSeconds(20)).until(() -> s.health().unrecorded() == 0);
      assertThat(calls).hasValue(1);
      assertThat(s.metrics().out()).isEqualTo(1);
      assertThat(s.metrics().failed()).isZero();
      assertThat(s.metrics().deadLettered()).isZero();
      assertThat(inner.deadLetters().letters()).isEmpty();
      await().atMost(Duration.ofSeconds(20)).until(() -> memory.pending() == 0);
    }
  }

  @Test
  void anEventWaitingForItsPartnerSurvivesARestartInTheBucket() throws Exception {
    SensorSpec spec =
        SensorSpec.parse(
            "kind: Sensor\nmetadata: {name: "
                + name
                + "}\nspec:\n  dependencies:\n"
                + "  - {name: a, eventSourceName: redis-source, eventName: example}\n"
                + "  - {name: b, eventSourceName: other-source, eventName: example}\n"
                + "  triggers:\n  - template:\n      name: t\n      log: {}\n",
            "test");
    java.util.List<TriggerRequest> fired = new java.util.concurrent.CopyOnWriteArrayList<>();
    Sensor.Builder b = sensor(spec).trigger("t", fired::add);
    try (Sensor s = b.build().start()) {
      publish(nc, bus, event("https://s/i/a", "1-0", stream));
      await().atMost(Duration.ofSeconds(20)).until(() -> s.metrics().in() == 1);
      await().atMost(Duration.ofSeconds(20)).until(() -> s.metrics().lag() == 0);
      assertThat(fired).isEmpty();
    }
    // The held event was acknowledged; it lives in the bucket, not in the stream's pending list.
    try (Sensor s = b.build().start()) {
      var other = event("https://s/i/b", "2-0", stream);
      var moved =
          io.waterbodies.events.envelope.Envelope.of(
              other.id(), "other-source", other.type(), "example", other.time(), other.data());
      nc.jetStream()
          .publish(
              bus.subject("other-source", "example"),
              new io.nats.client.impl.Headers().put("Nats-Msg-Id", moved.id()),
              moved.toBytes());
      await().atMost(Duration.ofSeconds(20)).until(() -> fired.size() == 1);
      assertThat(fired.get(0).events()).containsOnlyKeys("a", "b");
      assertThat(fired.get(0).events().get("a").data().at("/values/href").asText())
          .isEqualTo("https://s/i/a");
    }
  }

  @Test
  void aClaimLeftByACrashedSensorIsTakenOverOnceItExpires() throws Exception {
    var e = event("https://s/i/1", "1-0", stream);
    String key = io.waterbodies.events.envelope.EventIds.hash(name, "t", e.id());
    AtomicInteger calls = new AtomicInteger();
    java.util.concurrent.atomic.AtomicLong firedAt = new java.util.concurrent.atomic.AtomicLong();
    Sensor.Builder b =
        sensor(SensorTestSupport.simpleSpec(name))
            .trigger(
                "t",
                r -> {
                  firedAt.set(System.currentTimeMillis());
                  calls.incrementAndGet();
                });
    // Start once so the bucket exists, then leave a claim as a sensor that died while firing would.
    b.build().start().close();
    String bucket = (bus.streamName() + "-completed-" + name).replaceAll("[^A-Za-z0-9_-]", "_");
    long expires = System.currentTimeMillis() + 3000;
    nc.keyValue(bucket)
        .put(key, ("claimed " + expires + " " + e.id()).getBytes(StandardCharsets.UTF_8));
    try (Sensor s = b.build().start()) {
      publish(nc, bus, e);
      // While the claim holds, the event is handed back, not fired.
      await().atMost(Duration.ofSeconds(20)).until(() -> s.metrics().redelivered() >= 1);
      assertThat(calls).hasValue(0);
      await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() == 1);
      await().atMost(Duration.ofSeconds(20)).until(() -> s.metrics().lag() == 0);
      assertThat(firedAt.get()).isGreaterThanOrEqualTo(expires);
      // Recorded: the new claim names a group whose record lists the key.
      String claim = new String(nc.keyValue(bucket).get(key).getValue(), StandardCharsets.UTF_8);
      assertThat(claim).startsWith("claimed ").contains(" @");
      String group = claim.substring(claim.lastIndexOf(" @") + 2);
      assertThat(
              new String(
                  nc.keyValue(bucket).get("done." + group).getValue(), StandardCharsets.UTF_8))
          .contains(key + "\n");
    }
  }
}
