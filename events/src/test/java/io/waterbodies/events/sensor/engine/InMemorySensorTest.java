package io.waterbodies.events.sensor.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.sensor.TriggerRequest;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The sensor engine over the in-memory adapters (what the embedded pipeline runs) applies the spec
 * like over JetStream and survives failing triggers.
 */
class InMemorySensorTest {
  static final String SPEC =
      """
      kind: Sensor
      metadata: {name: local}
      spec:
        dependencies:
        - name: d
          eventSourceName: redis-source
          eventName: example
          transform: {jq: ".values.href = [ .values.href ]"}
          filters:
            data: [{path: values.collection, type: string, value: ['^s2$']}]
        triggers:
        - template:
            name: t
            k8s:
              source: {resource: {spec: {items: ''}}}
              parameters: [{src: {dependencyName: d, dataKey: values.href}, dest: spec.items}]
      """;

  final EventBusConfig bus = EventBusConfig.defaults();
  final InMemoryEventBus memory = new InMemoryEventBus();
  final RetryPolicy fast =
      RetryPolicy.builder()
          .maxAttempts(Integer.MAX_VALUE)
          .initialDelay(Duration.ofMillis(10))
          .maxDelay(Duration.ofMillis(20))
          .build();

  final InMemorySensorTransport transport = new InMemorySensorTransport(memory);

  Sensor sensor(String name, Trigger t) {
    return Sensor.builder()
        .spec(SensorSpec.parse(SPEC, "test"))
        .inMemory(transport)
        .bus(bus)
        .trigger(name, t)
        .maxAttempts(3)
        .backoff(fast)
        .build()
        .start();
  }

  void publish(String entry, String collection, String href) {
    ObjectNode data = Json.object();
    data.put("stream", "STREAM");
    data.put("message_id", entry);
    data.putObject("values").put("href", href).put("collection", collection);
    String id = EventIds.forStreamEntry("redis-source", "example", "STREAM", entry);
    Envelope e =
        Envelope.of(
            id, "redis-source", Envelope.TYPE_REDIS_STREAM, "example", OffsetDateTime.now(), data);
    memory.publish(bus.subject("redis-source", "example"), id, e.toBytes());
  }

  @Test
  void filtersTransformsMapsAndDropsDuplicates() {
    List<String> fired = new CopyOnWriteArrayList<>();
    Trigger t = r -> fired.add(r.resource().at("/spec/items").asText());
    try (Sensor s = sensor("t", t)) {
      publish("1-0", "s2", "http://a/1");
      publish("2-0", "landsat", "http://a/2");
      publish("1-0", "s2", "http://a/1"); // same entry again: the bus drops it
      publish("3-0", "s2", "http://a/3");
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().in() == 3);
      await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 2);
      assertThat(fired).containsExactlyInAnyOrder("[\"http://a/1\"]", "[\"http://a/3\"]");
      assertThat(s.metrics().filtered()).isEqualTo(1);
      assertThat(s.metrics().out()).isEqualTo(2);
    }
  }

  @Test
  void aFailingTriggerIsRetriedThenGivenUp() {
    AtomicInteger calls = new AtomicInteger();
    List<Long> attempts = new CopyOnWriteArrayList<>();
    Trigger flaky =
        (TriggerRequest r) -> {
          attempts.add(r.attempt());
          if (r.resource().at("/spec/items").asText().contains("/bad")
              || calls.incrementAndGet() == 1) {
            throw new IllegalStateException("workflow API down");
          }
        };
    try (Sensor s = sensor("t", flaky)) {
      publish("1-0", "s2", "http://a/good");
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().out() == 1);
      publish("2-0", "s2", "http://a/bad");
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().deadLettered() == 1);
      assertThat(transport.deadLetters().reasons())
          .singleElement()
          .asString()
          .contains("failed 3 time(s)");
      assertThat(attempts).containsExactly(1L, 2L, 1L, 2L, 3L);
      assertThat(s.metrics().redelivered()).isEqualTo(3);
    }
  }

  @Test
  void anEventThatIsNotACloudEventIsGivenUpAtOnce() {
    List<String> fired = new CopyOnWriteArrayList<>();
    try (Sensor s = sensor("t", r -> fired.add("x"))) {
      memory.publish(bus.subject("redis-source", "example"), "m1", "not json".getBytes());
      publish("1-0", "s2", "http://a/1");
      await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 1);
      assertThat(s.metrics().deadLettered()).isEqualTo(1);
    }
  }

  @Test
  void aLuaTransformOverItsBudgetDeadLettersTheEventAndTheSensorGoesOn() {
    // The event's own data decides how much the script builds: a hostile one asks for 10 GB.
    String spec =
        SPEC.replace(
            "transform: {jq: \".values.href = [ .values.href ]\"}",
            "transform: {script: \"event.values.href = string.rep(event.values.href,"
                + " #event.values.collection == 2 and 1 or 2^30) return event\"}");
    List<String> fired = new CopyOnWriteArrayList<>();
    try (Sensor s =
        Sensor.builder()
            .spec(SensorSpec.parse(spec, "test"))
            .inMemory(transport)
            .bus(bus)
            .trigger("t", r -> fired.add(r.resource().at("/spec/items").asText()))
            .maxAttempts(3)
            .backoff(fast)
            .build()
            .start()) {
      publish("1-0", "s2-hostile", "http://a/1");
      publish("2-0", "s2", "http://a/2");
      await().atMost(Duration.ofSeconds(10)).until(() -> fired.size() == 1);
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().deadLettered() == 1);
      assertThat(fired).containsExactly("http://a/2");
      assertThat(transport.deadLetters().reasons())
          .singleElement()
          .asString()
          .contains("Lua transform of dependency 'd' failed")
          .contains("string.rep: a result of 10737418240 bytes is over the script's memory budget");
    }
  }
}
