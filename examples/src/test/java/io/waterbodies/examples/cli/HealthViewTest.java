package io.waterbodies.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.waterbodies.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health view of a long-running command, run as its own process: {@code events source} keeps
 * {@code --health-file} current (JSON with ready, connected, lag, last error) and prints the health
 * on SIGUSR1.
 */
class HealthViewTest {
  @TempDir Path dir;

  @Test
  void eventsSourceWritesTheHealthFileAndPrintsItOnSigusr1() throws Exception {
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String bus = "cli-health-" + suffix;
    String stream = "STREAM-health-" + suffix;
    Path healthFile = dir.resolve("health.json");
    Path log = dir.resolve("out.txt");
    Process p =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    WaterbodiesCommand.class.getName(),
                    "events",
                    "source",
                    "--stream",
                    stream,
                    "--event-source",
                    "health-source",
                    "--event-name",
                    "example",
                    "--bus",
                    bus,
                    "--health-file",
                    healthFile.toString(),
                    "--health-interval",
                    "1"))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    RedisClient client = RedisClient.create(ConnectionOptions.REDIS);
    try (StatefulRedisConnection<String, String> redis = client.connect()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(log).contains("kill -USR1"));
      for (int i = 0; i < 3; i++) {
        redis.sync().xadd(stream, Map.of("href", "https://s/items/" + i));
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                JsonNode h = read(healthFile);
                return h != null && h.at("/components/0/metrics/out").asLong() == 3;
              });
      JsonNode h = read(healthFile);
      assertThat(h.get("ready").asBoolean()).isTrue();
      JsonNode c = h.get("components").get(0);
      assertThat(c.get("component").asText()).isEqualTo("source/health-source.example");
      assertThat(c.get("connected").asBoolean()).isTrue();
      assertThat(c.get("lag").asLong()).isZero();
      assertThat(c.has("lastError")).isTrue();

      new ProcessBuilder("kill", "-USR1", Long.toString(p.pid())).start().waitFor();
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Files.readString(log).contains("health at "));
      assertThat(Files.readString(log))
          .contains("source/health-source.example: READY, running, connected, lag 0");
      assertThat(p.isAlive()).as("SIGUSR1 must not stop the process").isTrue();
    } finally {
      p.destroy(); // SIGTERM: the command stops cleanly
      p.waitFor();
      try (StatefulRedisConnection<String, String> redis = client.connect()) {
        redis.sync().del(stream);
      }
      client.shutdown();
      try (Connection nc = Nats.connect(ConnectionOptions.NATS)) {
        nc.jetStreamManagement().deleteStream(bus);
      } catch (Exception e) {
        // not created
      }
    }
    assertThat(Files.readString(log)).contains("stopped;");
    assertThat(read(healthFile).at("/components/0/running").asBoolean()).isFalse();
  }

  private static JsonNode read(Path f) {
    try {
      return Json.parse(Files.readString(f, StandardCharsets.UTF_8), f.toString());
    } catch (Exception e) {
      return null; // not written yet
    }
  }
}
