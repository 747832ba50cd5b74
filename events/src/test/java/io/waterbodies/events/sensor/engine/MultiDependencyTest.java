package io.waterbodies.events.sensor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.waterbodies.core.json.Json;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.TriggerRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Argo's multi-dependency semantics: all dependencies by default, conditions, conditionsReset. */
class MultiDependencyTest {
  final EventBusConfig bus = EventBusConfig.defaults();
  final InMemoryEventBus memory = new InMemoryEventBus();
  final InMemoryStore store = new InMemoryStore();
  final List<TriggerRequest> fired = new CopyOnWriteArrayList<>();
  final RetryPolicy fast =
      RetryPolicy.builder()
          .maxAttempts(Integer.MAX_VALUE)
          .initialDelay(Duration.ofMillis(10))
          .maxDelay(Duration.ofMillis(20))
          .build();

  static String spec(String triggerExtra) {
    return """
        kind: Sensor
        metadata: {name: multi}
        spec:
          dependencies:
          - {name: a, eventSourceName: src, eventName: a}
          - {name: b, eventSourceName: src, eventName: b}
          - {name: c, eventSourceName: src, eventName: c}
          triggers:
          - template:
              name: t
        """
        + triggerExtra
        + "\n      log: {}\n";
  }

  Sensor sensor(String triggerExtra) {
    return Sensor.builder()
        .spec(SensorSpec.parse(spec(triggerExtra), "test"))
        .inMemory(new InMemorySensorTransport(memory, store, new InMemoryDeadLetters()))
        .bus(bus)
        .trigger("t", fired::add)
        .backoff(fast)
        .build()
        .start();
  }

  void publish(String dep, String id) {
    Envelope e = envelope(dep, id);
    memory.publish(bus.subject("src", dep), e.id(), e.toBytes());
  }

  @Test
  void withoutConditionsTheTriggerWaitsForEveryDependency() {
    try (Sensor s = sensor("")) {
      publish("a", "1");
      publish("b", "2");
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().in() == 2);
      assertThat(fired).isEmpty();
      publish("a", "3"); // replaces the held event of a, as Argo does
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().in() == 3);
      publish("c", "4");
      await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 1);
      TriggerRequest r = fired.get(0);
      assertThat(r.events()).containsOnlyKeys("a", "b", "c");
      assertThat(r.events().get("a").data().path("id").asText()).isEqualTo("3");
      // The held events were used up: one more c alone does not fire.
      publish("c", "5");
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().in() == 5);
      assertThat(fired).hasSize(1);
    }
  }

  @Test
  void conditionsWithParenthesesFireWhenTheExpressionHolds() {
    try (Sensor s = sensor("      conditions: \"a && (b || c)\"")) {
      publish("c", "1");
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().in() == 1);
      assertThat(fired).isEmpty();
      publish("a", "2");
      await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 1);
      assertThat(fired.get(0).events()).containsOnlyKeys("a", "c");
      publish("b", "3");
      publish("a", "4");
      await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 2);
      assertThat(fired.get(1).events()).containsOnlyKeys("a", "b");
    }
  }

  @Test
  void orConditionsFireOnEachEvent() {
    try (Sensor s = sensor("      conditions: \"a || b\"")) {
      publish("a", "1");
      publish("b", "2");
      publish("c", "3"); // not routed to this trigger
      await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 2);
      assertThat(fired).allSatisfy(r -> assertThat(r.events()).hasSize(1));
      assertThat(s.metrics().in()).isEqualTo(2);
    }
  }

  @Test
  void conditionsResetDropsEventsHeldFromBeforeTheLastReset() throws Exception {
    String reset =
        "      conditions: \"a && b\"\n"
            + "      conditionsReset:\n"
            + "      - byTime: {cron: \"0 0 * * *\", timezone: \"UTC\"}";
    // A held a from two days ago (before the last midnight reset) must not pair with a new b.
    store.save(
        "t",
        "a",
        new PendingEvents.Held(
            envelope("a", "old").toBytes(), Instant.now().minus(Duration.ofDays(2))));
    try (Sensor s = sensor(reset)) {
      publish("b", "1");
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().in() == 1);
      assertThat(fired).isEmpty();
      assertThat(store.load("t", List.of("a", "b"))).containsOnlyKeys("b");
      publish("a", "2");
      await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 1);
      assertThat(fired.get(0).events().get("a").data().path("id").asText()).isEqualTo("2");
    }
    store.clear("t", List.of("a", "b"), Optional.empty());
  }

  @Test
  void badConditionsAndResetsAreRejectedAtBuild() {
    assertThatThrownBy(() -> sensor("      conditions: \"a && x\""))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("unknown dependency 'x'");
    assertThatThrownBy(
            () ->
                sensor(
                    "      conditions: \"a && b\"\n      conditionsReset:\n"
                        + "      - byTime: {cron: \"0 25 * * *\"}"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("outside 0-23");
  }

  static Envelope envelope(String dep, String id) {
    return Envelope.of(
        EventIds.hash(dep, id),
        "src",
        "webhook",
        dep,
        OffsetDateTime.now(),
        Json.parse("{\"id\":\"" + id + "\"}", "t"));
  }
}
