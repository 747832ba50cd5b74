package io.waterbodies.events.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.waterbodies.events.bus.EventBus;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.source.RedisEventSource;
import io.waterbodies.events.source.RedisEventSourceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14's faults, each on servers the test starts itself on free loopback ports (never the
 * shared ones), with events flowing Redis -> event source -> JetStream -> sensor -> trigger: the
 * stream leader of a 3-node JetStream cluster killed -9 (bus at replicas 3, Argo's default),
 * nats-server frozen with SIGSTOP for 30 s, Redis (AOF on) restarted. Each must lose nothing and
 * fire no trigger twice; each prints its events in / out / duplicates.
 */
class FaultToleranceTest {
  static final int EVENTS = 300;
  static final String STREAM = "STREAM";

  @TempDir Path dir;

  /** A fault injected while events flow. */
  @FunctionalInterface
  interface Fault {
    void inject() throws Exception;
  }

  /** What one run delivered: entries added, distinct triggers fired, extra firings. */
  record Outcome(int in, int out, int duplicates) {}

  @Test
  void jetStreamClusterLeaderKilledMidStream() throws Exception {
    List<Integer> clusterPorts =
        List.of(LocalServers.freePort(), LocalServers.freePort(), LocalServers.freePort());
    List<LocalServers.Nats> nodes = new ArrayList<>();
    try (LocalServers.Redis redis = new LocalServers.Redis(dir.resolve("redis"))) {
      redis.start();
      for (int i = 0; i < 3; i++) {
        nodes.add(
            new LocalServers.Nats(
                dir.resolve("n" + i), "n" + i, clusterPorts.get(i), clusterPorts));
      }
      for (LocalServers.Nats n : nodes) {
        n.start();
      }
      String natsUri = String.join(",", nodes.stream().map(LocalServers.Nats::uri).toList());
      EventBusConfig bus = EventBusConfig.builder().replicas(3).build();
      try (Connection nc = Nats.connect(natsUri)) {
        // The cluster elects its JetStream meta leader first: retry until the stream exists.
        await()
            .atMost(Duration.ofSeconds(60))
            .ignoreExceptions()
            .pollInterval(Duration.ofMillis(500))
            .until(() -> new EventBus(nc, bus).ensure() != null);
      }
      Outcome o =
          flow(
              "leader kill -9",
              natsUri,
              redis.uri(),
              bus,
              () -> {
                String leader;
                try (Connection nc = Nats.connect(natsUri)) {
                  leader =
                      nc.jetStreamManagement()
                          .getStreamInfo(bus.streamName())
                          .getClusterInfo()
                          .getLeader();
                }
                LocalServers.Nats victim =
                    nodes.stream().filter(n -> n.name.equals(leader)).findFirst().orElseThrow();
                System.out.printf("killing the bus stream leader %s (-9)%n", leader);
                victim.kill9();
              });
      assertThat(o.out()).isEqualTo(o.in());
      assertThat(o.duplicates()).isZero();
    } finally {
      for (LocalServers.Nats n : nodes) {
        n.close();
      }
    }
  }

  @Test
  void natsServerFrozenWithSigstopFor30s() throws Exception {
    try (LocalServers.Redis redis = new LocalServers.Redis(dir.resolve("redis"));
        LocalServers.Nats nats = new LocalServers.Nats(dir.resolve("nats"))) {
      redis.start();
      nats.start();
      Outcome o =
          flow(
              "nats-server SIGSTOP 30 s",
              nats.uri(),
              redis.uri(),
              EventBusConfig.defaults(),
              () -> {
                LocalServers.signal(nats.process, "STOP");
                Thread.sleep(30_000); // the fault itself: a frozen server for 30 s
                LocalServers.signal(nats.process, "CONT");
              });
      assertThat(o.out()).isEqualTo(o.in());
      assertThat(o.duplicates()).isZero();
    }
  }

  @Test
  void redisWithAofRestartedMidStream() throws Exception {
    try (LocalServers.Redis redis = new LocalServers.Redis(dir.resolve("redis")).appendOnly(true);
        LocalServers.Nats nats = new LocalServers.Nats(dir.resolve("nats"))) {
      redis.start();
      nats.start();
      Outcome o =
          flow(
              "redis restart (AOF)",
              nats.uri(),
              redis.uri(),
              EventBusConfig.defaults(),
              () -> {
                redis.kill9();
                Thread.sleep(1000);
                redis.start();
              });
      assertThat(o.out()).isEqualTo(o.in());
      assertThat(o.duplicates()).isZero();
    }
  }

  /**
   * Runs the source and a sensor, adds {@link #EVENTS} entries (explicit ids, so a retried XADD
   * cannot add one twice), injects the fault once a fifth has fired, and waits for every entry to
   * fire exactly once.
   */
  Outcome flow(String name, String natsUri, String redisUri, EventBusConfig bus, Fault fault)
      throws Exception {
    Map<String, Integer> fired = new ConcurrentHashMap<>();
    AtomicInteger added = new AtomicInteger();
    RedisClient client = RedisClient.create();
    client.setOptions(ClientOptions.builder().autoReconnect(true).build());
    RedisURI uri = RedisURI.create(redisUri);
    uri.setTimeout(Duration.ofSeconds(2));
    try (StatefulRedisConnection<String, String> redis = client.connect(uri);
        Sensor sensor =
            Flows.countingSensor(natsUri, bus, fired).connectPolicy(Flows.FAST).build().start();
        RedisEventSource source =
            RedisEventSource.start(
                RedisEventSourceConfig.builder()
                    .redisUri(redisUri)
                    .natsUri(natsUri)
                    .bus(bus)
                    .stream(STREAM)
                    .eventSourceName("redis-source")
                    .eventName("example")
                    .backoff(Flows.FAST)
                    .connectPolicy(Flows.FAST)
                    .build())) {
      Thread producer = Flows.producer(redis, STREAM, EVENTS, added);
      await().atMost(Duration.ofSeconds(60)).until(() -> fired.size() >= EVENTS / 5);
      long t0 = System.nanoTime();
      fault.inject();
      producer.join(120_000);
      try {
        await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(200))
            .until(() -> fired.size() == EVENTS);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        fail(
            name
                + ": only "
                + fired.size()
                + " of "
                + EVENTS
                + " fired; source "
                + source.health().line()
                + ", sensor "
                + sensor.metrics(),
            e);
      }
      long recovered = (System.nanoTime() - t0) / 1_000_000;
      // Late redeliveries would show up as second firings: wait until nothing is left in flight.
      await().atMost(Duration.ofSeconds(60)).until(() -> sensor.metrics().lag() == 0);
      await().atMost(Duration.ofSeconds(30)).until(() -> source.metrics().lag() == 0);
      int duplicates = fired.values().stream().mapToInt(c -> c - 1).sum();
      Outcome o = new Outcome(added.get(), fired.size(), duplicates);
      System.out.printf(
          "fault [%s]: events in %d, out %d, duplicates %d; all fired %d ms after the fault"
              + " began; source %s; sensor %s%n",
          name, o.in(), o.out(), o.duplicates(), recovered, source.metrics(), sensor.metrics());
      return o;
    } finally {
      client.shutdown();
    }
  }
}
