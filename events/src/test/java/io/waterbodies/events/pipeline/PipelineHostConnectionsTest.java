package io.waterbodies.events.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.RedisAccess;
import io.waterbodies.events.SecuredServers;
import io.waterbodies.stac.model.Item;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, "connections are the host's", for the whole server-mode pipeline: watcher, event
 * source, sensor and completion sink run against a password-protected redis-server and a NATS
 * server with a user and password (both private to this test), through the host's Lettuce client
 * and jnats connection, which stay open; connections the pipeline opened itself are closed.
 */
class PipelineHostConnectionsTest {
  static SecuredServers redisServer;
  static SecuredServers natsServer;

  @TempDir Path out;

  @BeforeAll
  static void startServers() throws Exception {
    redisServer = SecuredServers.redis();
    natsServer = SecuredServers.nats();
  }

  @AfterAll
  static void stopServers() throws Exception {
    natsServer.close();
    redisServer.close();
  }

  static RedisURI redisUri() {
    return redisServer.redisUri();
  }

  static Options.Builder natsOptions() {
    return natsServer.natsOptions();
  }

  /**
   * A server-mode pipeline of its own names over a few items, not yet told where the servers are.
   */
  static Pipeline.Builder pipeline(String name, Path out, List<Item> items, TestWorkflow wf) {
    return Pipeline.builder()
        .source(StacSource.embedded(items))
        .workflow(wf)
        .busMode(BusMode.AUTO)
        .stream("STREAM-" + name)
        .sensorName("sensor-" + name)
        .completionStreams("OK-" + name, "FAILED-" + name)
        .outDir(out)
        .pollInterval(Duration.ofMillis(200))
        .connectPolicy(RetryPolicy.builder().maxAttempts(1).build());
  }

  /** Redis connections open on the server now. */
  static long redisClients(StatefulRedisConnection<String, String> redis) {
    return redis.sync().clientList().lines().filter(l -> !l.isBlank()).count();
  }

  @Test
  void theServerPipelineRunsOnTheHostsClientAndConnectionAndLeavesThemOpen() throws Exception {
    RedisClient host = RedisClient.create();
    try (Connection nc = Nats.connect(natsOptions().build());
        StatefulRedisConnection<String, String> redis = host.connect(redisUri())) {
      long before = redisClients(redis);
      List<Item> items = PipelineScenario.items(3);
      TestWorkflow wf = new TestWorkflow();
      Pipeline p =
          pipeline("host", out, items, wf)
              .redis(RedisAccess.client(host, redisUri()))
              .nats(NatsAccess.connection(nc))
              .build();
      assertThat(p.toString()).doesNotContain(redisServer.password, natsServer.password);
      try (PipelineRun run = p.runEmbedded()) {
        // AUTO probed the host's objects: both servers answer, so it took the servers.
        assertThat(run.busMode()).isEqualTo(BusMode.SERVERS);
        assertThat(run.awaitCompletions(3, Duration.ofSeconds(90))).isTrue();
        PipelineScenario.assertLaunches(wf, run, items);
        assertThat(redisClients(redis)).isGreaterThan(before);
      }
      // Watcher, source and sink went through the password-protected Redis.
      assertThat(redis.sync().xlen("STREAM-host")).isEqualTo(3);
      assertThat(redis.sync().xlen("OK-host")).isEqualTo(3);
      // The sensor and the source used the host's connection: still open, still usable.
      assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      assertThat(nc.jetStreamManagement().getStreamNames()).contains("default");
      // The host's client was not shut down; the connections the run opened from it are closed.
      await().atMost(Duration.ofSeconds(10)).until(() -> redisClients(redis) == before);
      try (StatefulRedisConnection<String, String> again = host.connect(redisUri())) {
        assertThat(again.sync().ping()).isEqualTo("PONG");
      }
    } finally {
      host.shutdown();
    }
  }

  @Test
  void connectionsThePipelineOpensFromTheHostsSettingsAreClosed() throws Exception {
    AtomicInteger opened = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    ConnectionListener counting =
        (conn, type) -> {
          if (type == ConnectionListener.Events.CONNECTED) {
            opened.incrementAndGet();
          } else if (type == ConnectionListener.Events.CLOSED) {
            closed.incrementAndGet();
          }
        };
    RedisClient checker = RedisClient.create();
    try (StatefulRedisConnection<String, String> redis = checker.connect(redisUri())) {
      List<Item> items = PipelineScenario.items(2);
      TestWorkflow wf = new TestWorkflow();
      Pipeline p =
          pipeline("own", out, items, wf)
              .redis(RedisAccess.uri(redisUri()))
              .nats(NatsAccess.options(natsOptions().connectionListener(counting).build()))
              .build();
      try (PipelineRun run = p.runEmbedded()) {
        assertThat(run.busMode()).isEqualTo(BusMode.SERVERS);
        assertThat(run.awaitCompletions(2, Duration.ofSeconds(90))).isTrue();
        assertThat(redis.sync().xlen("OK-own")).isEqualTo(2);
      }
      // Sensor and source each opened a NATS connection with the host's options, and closed it.
      assertThat(opened.get()).isGreaterThanOrEqualTo(2);
      await().atMost(Duration.ofSeconds(10)).until(() -> closed.get() == opened.get());
      // Only the checking connection is left on Redis.
      await().atMost(Duration.ofSeconds(10)).until(() -> redisClients(redis) == 1);
    } finally {
      checker.shutdown();
    }
  }
}
