package io.waterbodies.events.sensor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.Connection;
import io.nats.client.KeyValue;
import io.nats.client.api.DeliverPolicy;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.sensor.engine.CompletedKeys;
import io.waterbodies.events.sensor.engine.CompletedKeys.Claim;
import io.waterbodies.events.sensor.engine.CompletedKeys.Entry;
import io.waterbodies.events.sensor.engine.CompletedKeys.Outcome;
import io.waterbodies.events.sensor.engine.SensorPorts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The JetStream key-value store claims and records a batch of keys with pipelined publishes, with
 * the single-key semantics for every kind of existing key.
 */
class KvSensorStoreTest {
  Connection nc;
  EventBusConfig bus;
  String name;
  JetStreamSensorTransport transport;
  CompletedKeys keys;
  KeyValue kv;

  @BeforeEach
  void setUp() throws Exception {
    nc = TestServers.nats();
    bus = TestServers.uniqueBus();
    name = TestServers.unique("kv");
    transport =
        new JetStreamSensorTransport(
            NatsAccess.connection(nc),
            new JetStreamSensorTransport.Settings(
                bus,
                bus.subjectPrefix() + "-dead-letter." + name,
                DeliverPolicy.All,
                Duration.ofSeconds(60),
                10,
                Duration.ofDays(1),
                RetryPolicy.builder().maxAttempts(1).build()));
    SensorPorts ports = transport.open(name);
    keys = ports.keys();
    kv = nc.keyValue(SensorEngine.durable(bus.streamName() + "-completed-" + name));
  }

  @AfterEach
  void tearDown() throws Exception {
    transport.close();
    TestServers.deleteStream(nc, bus.streamName());
    TestServers.deleteStream(nc, bus.streamName() + "-dead-letter");
    TestServers.deleteStream(
        nc, "KV_" + SensorEngine.durable(bus.streamName() + "-completed-" + name));
    nc.close();
  }

  @Test
  void aBatchOfClaimsDecidesEachKeyAsASingleClaimWould() throws Exception {
    long now = System.currentTimeMillis();
    kv.put("done", "done e0".getBytes(StandardCharsets.UTF_8));
    kv.put("legacy", "e0".getBytes(StandardCharsets.UTF_8)); // written by an earlier version
    kv.put("busy", ("claimed " + (now + 60_000) + " e0").getBytes(StandardCharsets.UTF_8));
    kv.put("expired", ("claimed " + (now - 1) + " e0").getBytes(StandardCharsets.UTF_8));
    kv.put("released", ("claimed " + (now + 60_000) + " e0").getBytes(StandardCharsets.UTF_8));
    keys.release("released"); // a delete marker now
    List<String> names = List.of("new1", "done", "legacy", "busy", "expired", "released", "new2");
    List<Outcome> outcomes =
        keys.claimAll(names.stream().map(k -> new Entry(k, "e1")).toList(), Duration.ofMinutes(1));
    assertThat(outcomes)
        .extracting(Outcome::claim)
        .containsExactly(
            Optional.of(Claim.CLAIMED),
            Optional.of(Claim.DONE),
            Optional.of(Claim.DONE),
            Optional.of(Claim.BUSY),
            Optional.of(Claim.CLAIMED),
            Optional.of(Claim.CLAIMED),
            Optional.of(Claim.CLAIMED));
    for (String k : List.of("new1", "expired", "released", "new2")) {
      assertThat(new String(kv.get(k).getValue(), StandardCharsets.UTF_8))
          .startsWith("claimed ")
          .contains(" e1 @");
    }
    // A second claimant of the same keys now finds them busy (or done).
    assertThat(
            keys.claimAll(
                List.of(new Entry("new1", "e2"), new Entry("done", "e2")), Duration.ofMinutes(1)))
        .extracting(Outcome::claim)
        .containsExactly(Optional.of(Claim.BUSY), Optional.of(Claim.DONE));
  }

  @Test
  void aBatchOfRecordsMarksEveryKeyDone() throws Exception {
    List<Entry> entries = List.of(new Entry("a", "e1"), new Entry("b", "e2,e3"));
    keys.claimAll(entries, Duration.ofMinutes(1));
    assertThat(keys.completeAll(entries)).isEmpty();
    assertThat(keys.claimAll(entries, Duration.ofMinutes(1)))
        .extracting(Outcome::claim)
        .containsOnly(Optional.of(Claim.DONE));
    assertThat(keys.claim("a", "e9", Duration.ofMinutes(1))).isEqualTo(Claim.DONE);
  }

  /** The value of a key as text. */
  private String value(String key) throws Exception {
    return new String(kv.get(key).getValue(), StandardCharsets.UTF_8);
  }

  @Test
  void theRecordsOfABatchAreOneWriteThatListsExactlyTheKeysWhoseTriggerRan() throws Exception {
    List<Entry> claimed = List.of(new Entry("a", "e1"), new Entry("b", "e2"), new Entry("c", "e3"));
    keys.claimAll(claimed, Duration.ofMinutes(1));
    long before = kv.getStatus().getEntryCount();
    assertThat(keys.completeAll(claimed.subList(0, 2))).isEmpty(); // c's trigger did not run
    // One message more in the bucket, and the claims are not overwritten.
    assertThat(kv.getStatus().getEntryCount()).isEqualTo(before + 1);
    String claim = value("a");
    assertThat(claim).startsWith("claimed ").contains(" e1 @");
    String group = claim.substring(claim.lastIndexOf(" @") + 2);
    assertThat(value("done." + group)).isEqualTo("a\nb\n");
    assertThat(value("c")).endsWith(" @" + group);
    assertThat(keys.claimAll(claimed, Duration.ofMinutes(1)))
        .extracting(Outcome::claim)
        .containsExactly(Optional.of(Claim.DONE), Optional.of(Claim.DONE), Optional.of(Claim.BUSY));
    // c is released after its failure: the next claim takes it in a new group.
    keys.release("c");
    assertThat(keys.claimAll(List.of(new Entry("c", "e4")), Duration.ofMinutes(1)))
        .extracting(Outcome::claim)
        .containsExactly(Optional.of(Claim.CLAIMED));
    assertThat(value("c")).doesNotEndWith(" @" + group);
  }

  @Test
  void aRecordedClaimOutlastsItsExpiryAndARelease() throws Exception {
    List<Entry> entries = List.of(new Entry("k", "e1"));
    keys.claimAll(entries, Duration.ofMillis(1)); // expires at once: only its record holds it
    assertThat(keys.completeAll(entries)).isEmpty();
    Thread.sleep(5); // past the claim's expiry
    keys.release("k"); // a late release must not undo the record
    assertThat(keys.claimAll(List.of(new Entry("k", "e2")), Duration.ofMinutes(1)))
        .extracting(Outcome::claim)
        .containsExactly(Optional.of(Claim.DONE));
  }

  @Test
  void aKeyRecordedAfterItsGroupWasWrittenIsRecordedOnItself() throws Exception {
    keys.claimAll(List.of(new Entry("x", "e1"), new Entry("y", "e2")), Duration.ofMillis(1));
    assertThat(keys.completeAll(List.of(new Entry("x", "e1")))).isEmpty(); // writes x's group
    // y's trigger ran later (another route, or a record retried): its group is closed.
    assertThat(keys.completeAll(List.of(new Entry("y", "e2")))).isEmpty();
    assertThat(value("y")).isEqualTo("done e2");
    Thread.sleep(5); // both claims expired: only the records make them done
    assertThat(
            keys.claimAll(
                List.of(new Entry("x", "e3"), new Entry("y", "e3")), Duration.ofMinutes(1)))
        .extracting(Outcome::claim)
        .containsExactly(Optional.of(Claim.DONE), Optional.of(Claim.DONE));
  }

  @Test
  void withoutAConnectionEveryKeyFailsAndNoneIsDecided() throws Exception {
    nc.close(); // the host's connection the sensor uses
    List<Outcome> outcomes =
        keys.claimAll(List.of(new Entry("k1", "e"), new Entry("k2", "e")), Duration.ofMinutes(1));
    assertThat(outcomes).allSatisfy(o -> assertThat(o.failure()).isPresent());
    assertThat(keys.completeAll(List.of(new Entry("k1", "e")))).containsOnlyKeys("k1");
    nc = TestServers.nats(); // for tearDown
  }
}
