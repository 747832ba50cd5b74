package io.waterbodies.events.sensor;

import static io.waterbodies.events.sensor.SensorTestSupport.event;
import static io.waterbodies.events.sensor.SensorTestSupport.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.MessageInfo;
import io.waterbodies.events.envelope.Envelope;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SensorDeliveryTest extends SensorTestSupport.OnJetStream {
  Sensor.Builder sensor(Trigger t) {
    return sensor(SensorTestSupport.simpleSpec(name)).trigger("t", t);
  }

  @Test
  void aTriggerThatFailsTwiceThenSucceedsRunsOnceSuccessfully() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AtomicInteger successes = new AtomicInteger();
    try (Sensor s =
        sensor(
                req -> {
                  if (calls.incrementAndGet() <= 2) {
                    throw new IllegalStateException("workflow API unavailable");
                  }
                  assertThat(req.attempt()).isEqualTo(3);
                  successes.incrementAndGet();
                })
            .build()
            .start()) {
      publish(nc, bus, event("https://s/i/1", "1-0", stream));
      await().atMost(Duration.ofSeconds(20)).until(() -> s.metrics().out() == 1);
      assertThat(calls).hasValue(3);
      assertThat(successes).hasValue(1);
      assertThat(s.metrics().redelivered()).isEqualTo(2);
      assertThat(s.metrics().failed()).isEqualTo(2);
      assertThat(s.metrics().deadLettered()).isZero();
      await().until(() -> s.metrics().lag() == 0);
    }
  }

  @Test
  void aTriggerThatKeepsFailingIsDeadLetteredWithTheReason() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Sensor s =
        sensor(
                req -> {
                  calls.incrementAndGet();
                  throw new IllegalStateException("quota exceeded");
                })
            .maxAttempts(3)
            .build()
            .start()) {
      Envelope e = event("https://s/i/1", "1-0", stream);
      publish(nc, bus, e);
      MessageInfo dl = SensorTestSupport.deadLetters(nc, bus, 1).get(0);
      assertThat(calls).hasValue(3);
      assertThat(dl.getSubject()).isEqualTo(s.deadLetterSubject());
      assertThat(dl.getHeaders().getFirst(Sensor.HEADER_REASON))
          .contains("quota exceeded")
          .contains("3 time(s)");
      assertThat(dl.getHeaders().getFirst(Sensor.HEADER_ATTEMPTS)).isEqualTo("3");
      assertThat(Envelope.parse(dl.getData(), "dl")).isEqualTo(e);
      await().until(() -> s.metrics().lag() == 0);
    }
  }

  @Test
  void poisonMessagesGoToTheDeadLetterSubjectAndTheRestFlows() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (Sensor s =
        sensor(req -> calls.incrementAndGet()).maxEventBytes(64 * 1024).build().start()) {
      publish(nc, bus, "not json at all".getBytes(StandardCharsets.UTF_8), "p1");
      publish(
          nc,
          bus,
          ("{\"pad\":\"" + "x".repeat(100_000) + "\"}").getBytes(StandardCharsets.UTF_8),
          "p2");
      publish(
          nc, bus, "{\"specversion\":\"1.0\",\"data\":{}}".getBytes(StandardCharsets.UTF_8), "p3");
      publish(nc, bus, event("https://s/i/ok", "1-0", stream));
      List<MessageInfo> dls = SensorTestSupport.deadLetters(nc, bus, 3);
      assertThat(dls).hasSize(3);
      assertThat(dls.get(0).getHeaders().getFirst(Sensor.HEADER_REASON))
          .contains("not a CloudEvents");
      assertThat(dls.get(1).getHeaders().getFirst(Sensor.HEADER_REASON))
          .contains("more than the limit");
      assertThat(dls.get(2).getHeaders().getFirst(Sensor.HEADER_REASON))
          .contains("not a CloudEvents");
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() == 1);
      assertThat(s.metrics().deadLettered()).isEqualTo(3);
    }
  }

  @Test
  void aRedeliveredEventDoesNotTriggerTwiceEvenAcrossRestarts() throws Exception {
    Map<String, Integer> runs = new ConcurrentHashMap<>();
    Trigger t = req -> runs.merge(req.idempotencyKey(), 1, Integer::sum);
    Envelope e = event("https://s/i/1", "1-0", stream);
    try (Sensor s = sensor(t).build().start()) {
      publish(nc, bus, e);
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().out() == 1);
    }
    // The same event again (a replay outside JetStream's duplicate window, a lost ack):
    // a new sensor instance recognises it from the completed-keys bucket.
    publish(nc, bus, e.toBytes(), "other-msg-id");
    try (Sensor s = sensor(t).build().start()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> s.metrics().duplicates() == 1);
      assertThat(s.metrics().out()).isZero();
    }
    assertThat(runs).hasSize(1).containsValue(1);
  }

  @Test
  void restartingTheSensorMidBatchLosesNothingAndRepeatsNothing() throws Exception {
    Map<String, Integer> runs = new ConcurrentHashMap<>();
    Trigger slow =
        req -> {
          runs.merge(req.events().get("d").data().at("/values/href").asText(), 1, Integer::sum);
          Thread.sleep(2);
        };
    int n = 300;
    new io.waterbodies.events.bus.EventBus(nc, bus).ensure();
    for (int i = 0; i < n; i++) {
      publish(nc, bus, event("https://s/i/" + i, i + "-0", stream));
    }
    Sensor first = sensor(slow).build().start();
    await().atMost(Duration.ofSeconds(20)).until(() -> runs.size() >= 50);
    first.close();
    int afterFirst = runs.size();
    assertThat(afterFirst).isLessThan(n);
    try (Sensor second = sensor(slow).build().start()) {
      await().atMost(Duration.ofSeconds(30)).until(() -> runs.size() == n);
      await().until(() -> second.metrics().lag() == 0);
    }
    assertThat(runs.values()).allMatch(c -> c == 1);
  }

  @Test
  void theRateLimitSpacesTriggerRuns() throws Exception {
    SensorSpec limited =
        SensorSpec.parse(
            "kind: Sensor\nmetadata: {name: "
                + name
                + "}\nspec:\n  dependencies:\n"
                + "  - {name: d, eventSourceName: redis-source, eventName: example}\n"
                + "  triggers:\n  - template: {name: t, log: {}}\n"
                + "    rateLimit: {unit: Second, requestsPerUnit: 20}\n",
            "limited.yaml");
    List<Long> starts = new java.util.concurrent.CopyOnWriteArrayList<>();
    new io.waterbodies.events.bus.EventBus(nc, bus).ensure();
    for (int i = 0; i < 8; i++) {
      publish(nc, bus, event("https://s/i/" + i, i + "-0", stream));
    }
    try (Sensor s =
        Sensor.builder()
            .spec(limited)
            .bus(bus)
            .deliverPolicy(DeliverPolicy.All)
            .trigger("t", req -> starts.add(System.nanoTime()))
            .build()
            .start()) {
      await().atMost(Duration.ofSeconds(10)).until(() -> starts.size() == 8);
    }
    // 20 per second: the limiter hands out slots 50 ms apart, so 8 runs span at least 7 slots
    // (a little slack for the clock).
    assertThat(starts.get(7) - starts.get(0)).isGreaterThan(330_000_000L);
  }

  @Test
  void aSensorWithoutATriggerImplementationIsRejectedWhenBuilt() {
    SensorSpec spec =
        SensorSpec.parse(
            "kind: Sensor\nmetadata: {name: s}\nspec:\n  dependencies:\n"
                + "  - {name: d, eventSourceName: a, eventName: b}\n"
                + "  triggers:\n  - template: {name: wf, k8s: {operation: create}}\n",
            "s.yaml");
    assertThatThrownBy(() -> Sensor.builder().spec(spec).build())
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("no implementation for trigger 'wf'");
  }
}
