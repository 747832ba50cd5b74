package io.waterbodies.events.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.source.RedisEventSource;
import io.waterbodies.events.source.RedisEventSourceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills and restarts a private nats-server (never the shared one) while events flow from Redis
 * through the event source and the sensor: nothing is lost, nothing triggers twice.
 */
class NatsRestartTest {
  @TempDir Path storeDir;

  static String serverState(String nats) {
    try (io.nats.client.Connection nc = io.nats.client.Nats.connect(nats)) {
      var jsm = nc.jetStreamManagement();
      StringBuilder sb = new StringBuilder("streams " + jsm.getStreamNames());
      for (String s : jsm.getStreamNames()) {
        sb.append("; ").append(s).append(" consumers ").append(jsm.getConsumerNames(s));
        sb.append(" msgs ").append(jsm.getStreamInfo(s).getStreamState().getMsgCount());
      }
      return sb.toString();
    } catch (Exception e) {
      return "server state unknown: " + e;
    }
  }

  static String stacks() {
    StringBuilder sb = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (t, st) -> {
              if (t.getName().startsWith("waterbodies-redis-source")
                  || t.getName().startsWith("waterbodies-sensor-")) {
                sb.append(t.getName()).append('\n');
                for (StackTraceElement el : st) {
                  sb.append("  at ").append(el).append('\n');
                }
              }
            });
    return sb.toString();
  }

  @Test
  void killAndRestartNatsWhileEventsFlow() throws Exception {
    TestServers.require();
    EventBusConfig bus = EventBusConfig.defaults(); // a private server: Argo's names are safe here
    String stream = TestServers.unique("STREAM");
    int n = 400;
    Map<String, Integer> triggered = new ConcurrentHashMap<>();
    RedisClient client = RedisClient.create(TestServers.REDIS);
    try (LocalServers.Nats server = new LocalServers.Nats(storeDir)) {
      server.start();
      String nats = server.uri();
      try (StatefulRedisConnection<String, String> redis = client.connect();
          Sensor sensor = Flows.countingSensor(nats, bus, triggered).build().start();
          RedisEventSource source =
              RedisEventSource.start(
                  RedisEventSourceConfig.builder().natsUri(nats).bus(bus).stream(stream)
                      .eventSourceName("redis-source")
                      .eventName("example")
                      .backoff(Flows.FAST)
                      .build())) {
        Thread producer = Flows.producer(redis, stream, n, new AtomicInteger());
        await().atMost(Duration.ofSeconds(30)).until(() -> triggered.size() >= 60);
        server.kill9();
        int atKill = triggered.size();
        Thread.sleep(1500); // the outage: events keep arriving in Redis meanwhile
        server.start();
        producer.join();
        try {
          await().atMost(Duration.ofSeconds(60)).until(() -> triggered.size() == n);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          fail(
              "after the restart only "
                  + triggered.size()
                  + " of "
                  + n
                  + " triggered; source "
                  + source.metrics()
                  + ", sensor "
                  + sensor.metrics()
                  + ", redis pending "
                  + redis.sync().xpending(stream, "argo-events-cg").getCount()
                  + "\n"
                  + serverState(nats)
                  + "\n"
                  + stacks(),
              e);
        }
        assertThat(atKill).isLessThan(n);
        assertThat(triggered.values()).allMatch(c -> c == 1);
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> redis.sync().xpending(stream, "argo-events-cg").getCount() == 0);
      }
    } finally {
      try (StatefulRedisConnection<String, String> redis = client.connect()) {
        redis.sync().del(stream);
      }
      client.shutdown();
    }
  }
}
