package io.waterbodies.events.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.api.DeliverPolicy;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.source.RedisEventSource;
import io.waterbodies.events.source.RedisEventSourceConfig;
import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills and restarts a private nats-server (never the shared one) while events flow from Redis
 * through the event source and the sensor: nothing is lost, nothing triggers twice.
 */
class NatsRestartTest {
  @TempDir Path storeDir;

  static String natsBinary() {
    for (String candidate : new String[] {"/usr/sbin/nats-server", "/usr/bin/nats-server"}) {
      if (Files.isExecutable(Path.of(candidate))) {
        return candidate;
      }
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, "nats-server");
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return fail(
        "nats-server is not installed (apt-get install nats-server); this test starts its own");
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 0, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  Process startNats(int port) throws Exception {
    Process p =
        new ProcessBuilder(
                natsBinary(),
                "-js",
                "-a",
                "127.0.0.1",
                "-p",
                Integer.toString(port),
                "-sd",
                storeDir.toString())
            .redirectErrorStream(true)
            .redirectOutput(storeDir.resolve("nats.log").toFile())
            .start();
    await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () -> {
              try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return true;
              } catch (IOException e) {
                return false;
              }
            });
    return p;
  }

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
              if (t.getName().startsWith("redis-source") || t.getName().startsWith("sensor-")) {
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
    int port = freePort();
    String nats = "nats://127.0.0.1:" + port;
    EventBusConfig bus = EventBusConfig.defaults(); // a private server: Argo's names are safe here
    String stream = TestServers.unique("STREAM");
    int n = 400;
    Map<String, Integer> triggered = new ConcurrentHashMap<>();
    SensorSpec spec =
        SensorSpec.parse(
            "kind: Sensor\nmetadata: {name: restart}\nspec:\n  dependencies:\n"
                + "  - {name: d, eventSourceName: redis-source, eventName: example}\n"
                + "  triggers:\n  - template: {name: t, log: {}}\n",
            "restart.yaml");
    RetryPolicy fast =
        RetryPolicy.builder()
            .maxAttempts(Integer.MAX_VALUE)
            .initialDelay(Duration.ofMillis(100))
            .maxDelay(Duration.ofMillis(500))
            .build();
    Process server = startNats(port);
    RedisClient client = RedisClient.create(TestServers.REDIS);
    try (StatefulRedisConnection<String, String> redis = client.connect();
        Sensor sensor =
            Sensor.builder()
                .spec(spec)
                .natsUri(nats)
                .bus(bus)
                .deliverPolicy(DeliverPolicy.All)
                .backoff(fast)
                .ackWait(Duration.ofSeconds(5))
                .trigger(
                    "t",
                    req ->
                        triggered.merge(
                            req.events().get("d").data().at("/values/href").asText(),
                            1,
                            Integer::sum))
                .build()
                .start();
        RedisEventSource source =
            RedisEventSource.start(
                RedisEventSourceConfig.builder().natsUri(nats).bus(bus).stream(stream)
                    .eventSourceName("redis-source")
                    .eventName("example")
                    .backoff(fast)
                    .build())) {
      Thread producer =
          new Thread(
              () -> {
                for (int i = 0; i < n; i++) {
                  redis.sync().xadd(stream, Map.of("href", "https://s/items/" + i));
                  try {
                    Thread.sleep(10);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              });
      producer.start();
      await().atMost(Duration.ofSeconds(30)).until(() -> triggered.size() >= 60);
      server.destroyForcibly().waitFor();
      int atKill = triggered.size();
      Thread.sleep(1500); // the outage: events keep arriving in Redis meanwhile
      server = startNats(port);
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
    } finally {
      try (StatefulRedisConnection<String, String> redis = client.connect()) {
        redis.sync().del(stream);
      }
      client.shutdown();
      server.destroyForcibly().waitFor();
    }
  }
}
