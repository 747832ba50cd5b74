package io.waterbodies.events.sensor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.core.json.Json;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.sensor.TriggerException;
import io.waterbodies.events.sensor.engine.CompletedKeys;
import io.waterbodies.events.sensor.engine.Delivery;
import io.waterbodies.events.sensor.engine.InMemoryDeadLetters;
import io.waterbodies.events.sensor.engine.InMemoryStore;
import io.waterbodies.events.sensor.engine.SensorPorts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The engine's batch path on the in-memory store, one batch at a time: claims and records of a
 * batch go to the store in one step each, triggers fire in delivery order, and every delivery ends
 * acknowledged, handed back or dead-lettered as the per-event path decided.
 */
class BatchFiringTest {
  static final String ONE_ROUTE =
      """
      kind: Sensor
      metadata: {name: batch}
      spec:
        dependencies:
        - {name: d, eventSourceName: src, eventName: ev}
        triggers:
        - template: {name: t, log: {}}
      """;

  static final String TWO_ROUTES =
      """
      kind: Sensor
      metadata: {name: batch}
      spec:
        dependencies:
        - {name: a, eventSourceName: src, eventName: ev}
        - {name: b, eventSourceName: src, eventName: ev}
        triggers:
        - template: {name: t, conditions: "a || b", log: {}}
      """;

  static final RetryPolicy FAST =
      RetryPolicy.builder()
          .maxAttempts(Integer.MAX_VALUE)
          .initialDelay(Duration.ofMillis(10))
          .maxDelay(Duration.ofMillis(20))
          .build();

  /** The store, counting the batch calls that reach it. */
  static final class CountingStore implements CompletedKeys {
    final InMemoryStore store = new InMemoryStore();
    final List<List<String>> claimCalls = new CopyOnWriteArrayList<>();
    final List<List<String>> completeCalls = new CopyOnWriteArrayList<>();
    final AtomicInteger failCompletes = new AtomicInteger();

    @Override
    public Claim claim(String key, String eventId, Duration expiry) {
      return store.claim(key, eventId, expiry);
    }

    @Override
    public void complete(String key, String eventId) {
      store.complete(key, eventId);
    }

    @Override
    public void release(String key) {
      store.release(key);
    }

    @Override
    public List<Outcome> claimAll(List<Entry> entries, Duration expiry) {
      claimCalls.add(entries.stream().map(Entry::key).toList());
      return CompletedKeys.super.claimAll(entries, expiry);
    }

    @Override
    public Map<String, Exception> completeAll(List<Entry> entries) {
      completeCalls.add(entries.stream().map(Entry::key).toList());
      if (failCompletes.getAndDecrement() > 0) {
        Map<String, Exception> failed = new java.util.HashMap<>();
        entries.forEach(e -> failed.put(e.key(), new IllegalStateException("store down")));
        return failed;
      }
      return CompletedKeys.super.completeAll(entries);
    }
  }

  /** A delivery that remembers how it ended. */
  static final class Fake implements Delivery {
    final byte[] body;
    final long attempt;
    volatile String end = "";

    Fake(byte[] body, long attempt) {
      this.body = body;
      this.attempt = attempt;
    }

    @Override
    public byte[] body() {
      return body;
    }

    @Override
    public String subject() {
      return "default.src.ev";
    }

    @Override
    public long attempt() {
      return attempt;
    }

    @Override
    public long sequence() {
      return 1;
    }

    @Override
    public synchronized void ack() {
      end = end.isEmpty() ? "ack" : end + "+ack";
    }

    @Override
    public synchronized void nak(Duration delay) {
      String n = delay.isZero() ? "nak0" : "nak";
      end = end.isEmpty() ? n : end + "+" + n;
    }

    @Override
    public void inProgress() {
      // not used
    }

    /** The same event delivered again. */
    Fake again() {
      return new Fake(body, attempt + 1);
    }
  }

  final CountingStore store = new CountingStore();
  final InMemoryDeadLetters deadLetters = new InMemoryDeadLetters();
  final List<String> fired = new CopyOnWriteArrayList<>();

  SensorEngine engine(String spec, Trigger trigger) {
    SensorEngine e =
        new SensorEngine(
            SensorSpec.parse(spec, "test"),
            EventBusConfig.defaults(),
            t -> Optional.of(trigger),
            new EngineSettings(3, FAST, 1 << 20, 100, Duration.ofSeconds(60)));
    e.attach(
        new SensorPorts(
            (durable, subject) -> {
              throw new UnsupportedOperationException("no subscriptions here");
            },
            store,
            store.store,
            deadLetters));
    return e;
  }

  static Envelope event(String href) {
    return Envelope.of(
        EventIds.forStreamEntry("src", "ev", "S", href),
        "src",
        Envelope.TYPE_REDIS_STREAM,
        "ev",
        OffsetDateTime.now(),
        Json.parse("{\"values\":{\"href\":\"" + href + "\"}}", "t"));
  }

  static Fake delivery(String href) {
    return new Fake(event(href).toBytes(), 1);
  }

  static String key(String trigger, String href) {
    return EventIds.hash("batch", trigger, event(href).id());
  }

  Trigger recording(Map<String, RuntimeException> failures) {
    return r -> {
      String href = r.events().values().iterator().next().data().at("/values/href").asText();
      fired.add(href);
      RuntimeException f = failures.get(href);
      if (f != null) {
        throw f;
      }
    };
  }

  @Test
  void aBatchIsClaimedAndRecordedInOneStepEachAndEveryDeliveryEndsAsBefore() {
    SensorEngine e =
        engine(
            ONE_ROUTE,
            recording(
                Map.of(
                    "fails",
                    new IllegalStateException("workflow API down"),
                    "poison",
                    TriggerException.permanent("422: the workflow is invalid"))));
    // Someone else is firing "busy" right now; "done" ran before.
    store.store.claim(key("t", "busy"), "x", Duration.ofMinutes(1));
    store.store.complete(key("t", "done"), "x");
    Fake ok = delivery("ok");
    Fake busy = delivery("busy");
    Fake done = delivery("done");
    Fake okAgain = delivery("ok");
    Fake fails = delivery("fails");
    Fake poison = delivery("poison");
    Fake notJson = new Fake("not json".getBytes(StandardCharsets.UTF_8), 1);
    Fake last = delivery("last");
    List<Delivery> batch = List.of(ok, busy, done, okAgain, fails, poison, notJson, last);

    e.handle(e.routes().get(0), batch, () -> true);
    e.settle(e.routes().get(0));

    assertThat(fired).containsExactly("ok", "fails", "poison", "last");
    assertThat(store.claimCalls)
        .containsExactly(
            List.of(
                key("t", "ok"),
                key("t", "busy"),
                key("t", "done"),
                key("t", "fails"),
                key("t", "poison"),
                key("t", "last")));
    assertThat(store.completeCalls).containsExactly(List.of(key("t", "ok"), key("t", "last")));
    assertThat(ok.end).isEqualTo("ack");
    assertThat(okAgain.end).isEqualTo("ack"); // a duplicate of a delivery fired in this batch
    assertThat(busy.end).isEqualTo("nak");
    assertThat(done.end).isEqualTo("ack");
    assertThat(fails.end).isEqualTo("nak");
    assertThat(poison.end).isEqualTo("ack");
    assertThat(notJson.end).isEqualTo("ack");
    assertThat(last.end).isEqualTo("ack");
    assertThat(deadLetters.reasons())
        .hasSize(2)
        .anySatisfy(r -> assertThat(r).contains("not a CloudEvents"))
        .anySatisfy(r -> assertThat(r).contains("422"));
    // Failed triggers gave their claims up, so their redeliveries can fire.
    assertThat(store.store.claim(key("t", "fails"), "x", Duration.ofMinutes(1)))
        .isEqualTo(CompletedKeys.Claim.CLAIMED);
    assertThat(store.store.claim(key("t", "poison"), "x", Duration.ofMinutes(1)))
        .isEqualTo(CompletedKeys.Claim.CLAIMED);
    var m = e.metrics().snapshot();
    assertThat(m.in()).isEqualTo(8);
    assertThat(m.out()).isEqualTo(2);
    assertThat(m.duplicates()).isEqualTo(2);
    assertThat(m.deadLettered()).isEqualTo(2);
    assertThat(m.failed()).isEqualTo(1);
    assertThat(m.redelivered()).isEqualTo(2);
    assertThat(e.unrecorded()).isZero();
  }

  @Test
  void twoRoutesToOneTriggerFireEachKeyOnceWhileBothHoldTheSameBatch() throws Exception {
    CountDownLatch otherRouteDone = new CountDownLatch(1);
    CountDownLatch aFiring = new CountDownLatch(1);
    Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
    AtomicBoolean first = new AtomicBoolean(true);
    SensorEngine e =
        engine(
            TWO_ROUTES,
            r -> {
              if (first.getAndSet(false)) {
                // Route a fires while route b handles the same events.
                aFiring.countDown();
                assertThat(otherRouteDone.await(10, TimeUnit.SECONDS)).isTrue();
              }
              runs.computeIfAbsent(r.idempotencyKey(), k -> new AtomicInteger()).incrementAndGet();
            });
    List<String> hrefs = List.of("1", "2", "3", "4");
    List<Fake> viaA = new ArrayList<>();
    List<Fake> viaB = new ArrayList<>();
    hrefs.forEach(
        h -> {
          viaA.add(delivery(h));
          viaB.add(delivery(h));
        });
    Route a = e.routes().get(0);
    Route b = e.routes().get(1);
    CompletableFuture<Void> routeA =
        CompletableFuture.runAsync(
            () -> {
              e.handle(a, List.copyOf(viaA), () -> true);
              e.settle(a);
            });
    // Route a claimed all four keys before firing the first: route b finds them busy.
    assertThat(aFiring.await(10, TimeUnit.SECONDS)).isTrue();
    e.handle(b, List.copyOf(viaB), () -> true);
    e.settle(b);
    otherRouteDone.countDown();
    routeA.get(10, TimeUnit.SECONDS);
    assertThat(viaA).allSatisfy(d -> assertThat(d.end).isEqualTo("ack"));
    assertThat(viaB).allSatisfy(d -> assertThat(d.end).isEqualTo("nak"));
    // Redelivered to route b: duplicates now.
    List<Fake> again = viaB.stream().map(Fake::again).toList();
    e.handle(b, List.copyOf(again), () -> true);
    e.settle(b);
    assertThat(again).allSatisfy(d -> assertThat(d.end).isEqualTo("ack"));
    assertThat(runs).hasSize(4);
    assertThat(runs.values()).allSatisfy(n -> assertThat(n).hasValue(1));
    assertThat(e.metrics().snapshot().duplicates()).isEqualTo(4);
  }

  @Test
  void theRecordsOfSmallBatchesTravelTogetherAndTheirDeliveriesWaitForThem() {
    SensorEngine e = engine(ONE_ROUTE, recording(Map.of()));
    Route r = e.routes().get(0);
    List<Fake> first = List.of(delivery("1"), delivery("2"));
    e.handle(r, List.copyOf(first), () -> true);
    // Fired, records staged: not acknowledged yet, nothing written.
    assertThat(e.recordsInFlight(r)).isTrue();
    assertThat(first).allSatisfy(d -> assertThat(d.end).isEmpty());
    List<Fake> second = List.of(delivery("3"), delivery("1"));
    e.handle(r, List.copyOf(second), () -> true);
    assertThat(store.completeCalls).isEmpty();
    assertThat(first).allSatisfy(d -> assertThat(d.end).isEmpty());
    // Nothing else to do (or a batch of keys, or 5 ms): both batches' records in one write.
    e.settle(r);
    assertThat(store.completeCalls)
        .containsExactly(List.of(key("t", "1"), key("t", "2"), key("t", "3"), key("t", "1")));
    assertThat(first).allSatisfy(d -> assertThat(d.end).isEqualTo("ack"));
    assertThat(second).allSatisfy(d -> assertThat(d.end).isEqualTo("ack"));
    assertThat(e.recordsInFlight(r)).isFalse();
    assertThat(fired).containsExactly("1", "2", "3");
    assertThat(e.metrics().snapshot().duplicates()).isEqualTo(1);
  }

  @Test
  void stagedRecordsAreSentOnceTheyWaitedLongEnough() throws Exception {
    SensorEngine e = engine(ONE_ROUTE, recording(Map.of()));
    Route r = e.routes().get(0);
    List<Fake> first = List.of(delivery("1"));
    e.handle(r, List.copyOf(first), () -> true);
    Thread.sleep(BatchFiring.MAX_STAGED.toMillis() + 5);
    List<Fake> second = List.of(delivery("2"));
    e.handle(r, List.copyOf(second), () -> true);
    // The first record waited its time: both go now; the next batch acknowledges them.
    assertThat(store.completeCalls).containsExactly(List.of(key("t", "1"), key("t", "2")));
    e.handle(r, List.of(delivery("3")), () -> true);
    assertThat(first).allSatisfy(d -> assertThat(d.end).isEqualTo("ack"));
    assertThat(second).allSatisfy(d -> assertThat(d.end).isEqualTo("ack"));
  }

  @Test
  void firedButNotRecordedIsHandedBackAndTheNextDeliveryOnlyRecords() {
    SensorEngine e = engine(ONE_ROUTE, recording(Map.of()));
    store.failCompletes.set(1);
    List<Fake> batch = List.of(delivery("1"), delivery("2"));
    e.handle(e.routes().get(0), List.copyOf(batch), () -> true);
    e.settle(e.routes().get(0));
    assertThat(fired).containsExactly("1", "2");
    assertThat(batch).allSatisfy(d -> assertThat(d.end).isEqualTo("nak"));
    assertThat(e.unrecorded()).isEqualTo(2);
    assertThat(e.metrics().snapshot().failed()).isZero();

    List<Fake> again = batch.stream().map(Fake::again).toList();
    e.handle(e.routes().get(0), List.copyOf(again), () -> true);
    e.settle(e.routes().get(0));
    assertThat(fired).containsExactly("1", "2"); // not fired again
    assertThat(again).allSatisfy(d -> assertThat(d.end).isEqualTo("ack"));
    assertThat(e.unrecorded()).isZero();
    assertThat(store.claimCalls).hasSize(1); // the second batch only recorded
    assertThat(store.completeCalls).hasSize(2);
    assertThat(e.metrics().snapshot().deadLettered()).isZero();
  }

  @Test
  void anErrorEscapesAfterTheFiredAreRecordedAndTheRestHandedBack() {
    SensorEngine e =
        engine(
            ONE_ROUTE,
            r -> {
              String href = r.events().get("d").data().at("/values/href").asText();
              fired.add(href);
              if (href.equals("2")) {
                throw new NoClassDefFoundError("com/example/Missing");
              }
            });
    Fake one = delivery("1");
    Fake two = delivery("2");
    Fake three = delivery("3");
    assertThatThrownBy(() -> e.handle(e.routes().get(0), List.of(one, two, three), () -> true))
        .isInstanceOf(NoClassDefFoundError.class);
    assertThat(fired).containsExactly("1", "2");
    assertThat(one.end).isEqualTo("ack");
    assertThat(two.end).isEqualTo("nak");
    assertThat(three.end).isEqualTo("nak0");
    assertThat(store.store.claim(key("t", "1"), "x", Duration.ofMinutes(1)))
        .isEqualTo(CompletedKeys.Claim.DONE);
    for (String h : List.of("2", "3")) {
      assertThat(store.store.claim(key("t", h), "x", Duration.ofMinutes(1)))
          .isEqualTo(CompletedKeys.Claim.CLAIMED);
    }
  }

  @Test
  void aStoppingRouteReleasesWhatItHasNotFired() {
    AtomicBoolean running = new AtomicBoolean(true);
    SensorEngine e =
        engine(
            ONE_ROUTE,
            r -> {
              fired.add(r.events().get("d").data().at("/values/href").asText());
              running.set(false);
            });
    List<Fake> batch = List.of(delivery("1"), delivery("2"), delivery("3"));
    e.handle(e.routes().get(0), List.copyOf(batch), running::get);
    e.settle(e.routes().get(0));
    assertThat(fired).containsExactly("1");
    assertThat(batch.get(0).end).isEqualTo("ack");
    assertThat(batch.get(1).end).isEqualTo("nak0");
    assertThat(batch.get(2).end).isEqualTo("nak0");
    assertThat(store.store.claim(key("t", "2"), "x", Duration.ofMinutes(1)))
        .isEqualTo(CompletedKeys.Claim.CLAIMED);
  }
}
