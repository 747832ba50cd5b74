package io.waterbodies.events.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.source.RedisEventSource;
import io.waterbodies.events.source.RedisEventSourceConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 13: after its NATS server restarts, the event source resumes publishing as soon as
 * the connection is back (it reacts to jnats' connection events) instead of sitting out three 10 s
 * publish timeouts.
 */
class SourceReconnectTest {
  @TempDir Path dir;

  static long busCount(String nats, String streamName) {
    try (Connection nc = Nats.connect(nats)) {
      return nc.jetStreamManagement().getStreamInfo(streamName).getStreamState().getMsgCount();
    } catch (Exception e) {
      return -1;
    }
  }

  @Test
  void resumesPromptlyAfterNatsRestart() throws Exception {
    TestServers.require();
    String stream = TestServers.unique("STREAM");
    EventBusConfig bus = EventBusConfig.defaults();
    RedisClient client = RedisClient.create(TestServers.REDIS);
    try (LocalServers.Nats nats = new LocalServers.Nats(dir.resolve("nats"));
        StatefulRedisConnection<String, String> redis = client.connect()) {
      nats.start();
      try (RedisEventSource source =
          RedisEventSource.start(
              RedisEventSourceConfig.builder().natsUri(nats.uri()).bus(bus).stream(stream)
                  .eventSourceName("redis-source")
                  .eventName("example")
                  .backoff(Flows.FAST)
                  .build())) {
        int n = 400;
        Thread producer =
            Flows.producer(redis, stream, n, new java.util.concurrent.atomic.AtomicInteger());
        // Kill the server while publishes are in flight.
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> busCount(nats.uri(), bus.streamName()) >= 60);
        nats.kill9();
        Thread.sleep(1000); // the outage: entries keep arriving in Redis
        nats.start();
        long restarted = System.nanoTime();
        producer.join();
        // Generous bound: before the fix this took 25-30 s (three 10 s publish timeouts).
        await()
            .atMost(Duration.ofSeconds(12))
            .pollInterval(Duration.ofMillis(100))
            .until(() -> busCount(nats.uri(), bus.streamName()) == n);
        System.out.printf(
            "NATS restart: all %d entries on the bus %d ms after the server was back (the producer"
                + " was still adding); source %s%n",
            n, (System.nanoTime() - restarted) / 1_000_000, source.metrics());
        assertThat(source.metrics().out() + source.metrics().duplicates())
            .isGreaterThanOrEqualTo(n);
      }
    } finally {
      try (StatefulRedisConnection<String, String> redis = client.connect()) {
        redis.sync().del(stream);
      }
      client.shutdown();
    }
  }
}
