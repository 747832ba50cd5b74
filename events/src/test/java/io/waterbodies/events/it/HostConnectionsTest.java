package io.waterbodies.events.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.EventsAuthenticationException;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.RedisAccess;
import io.waterbodies.events.TestStacApi;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.source.RedisEventSource;
import io.waterbodies.events.source.RedisEventSourceConfig;
import io.waterbodies.events.watch.StacWatcher;
import io.waterbodies.events.watch.WatchTarget;
import io.waterbodies.events.watch.internal.StacApiSearchSource;
import io.waterbodies.stac.client.StacApiClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 15, "connections are the host's": the event source and the watcher run against a
 * password-protected redis-server and a NATS server with a user and password (both private, on free
 * loopback ports), through the host's Lettuce client / {@code RedisURI} and jnats options / open
 * connection, and close only what they opened.
 */
class HostConnectionsTest {
  static final String REDIS_PASSWORD = "r3dis-S3cret/with@odd";
  static final String NATS_USER = "app";
  static final String NATS_PASSWORD = "n4ts-S3cret";

  @TempDir static Path dir;
  static LocalServers.Redis redisServer;
  static LocalServers.Nats natsServer;

  @BeforeAll
  static void startServers() throws Exception {
    redisServer = new LocalServers.Redis(dir.resolve("redis")).password(REDIS_PASSWORD);
    redisServer.start();
    natsServer = new LocalServers.Nats(dir.resolve("nats")).auth(NATS_USER, NATS_PASSWORD);
    natsServer.start();
    try (Connection nc = Nats.connect(natsOptions())) {
      new io.waterbodies.events.bus.EventBus(nc, EventBusConfig.defaults()).ensure();
    }
  }

  @AfterAll
  static void stopServers() throws Exception {
    natsServer.close();
    redisServer.close();
  }

  static RedisURI redisUri() {
    return RedisURI.builder()
        .withHost("127.0.0.1")
        .withPort(redisServer.port)
        .withAuthentication("default", REDIS_PASSWORD)
        .withTimeout(Duration.ofSeconds(5))
        .build();
  }

  static Options natsOptions() {
    return new Options.Builder()
        .server(natsServer.uri())
        .userInfo(NATS_USER, NATS_PASSWORD)
        .maxReconnects(-1)
        .build();
  }

  static RedisEventSourceConfig config(String stream) {
    return RedisEventSourceConfig.builder().bus(EventBusConfig.defaults()).stream(stream)
        .eventSourceName("redis-source")
        .eventName("example")
        .connectPolicy(RetryPolicy.builder().maxAttempts(1).build())
        .build();
  }

  static long busCount(Connection nc) throws Exception {
    return nc.jetStreamManagement()
        .getStreamInfo(EventBusConfig.defaults().streamName())
        .getStreamState()
        .getMsgCount();
  }

  @Test
  void eventSourceUsesTheHostsClientAndConnectionAndLeavesThemOpen() throws Exception {
    RedisClient host = RedisClient.create();
    try (Connection nc = Nats.connect(natsOptions());
        StatefulRedisConnection<String, String> redis = host.connect(redisUri())) {
      long before = busCount(nc);
      try (RedisEventSource source =
          RedisEventSource.start(
              config("host-conn"),
              RedisAccess.client(host, redisUri()),
              NatsAccess.connection(nc))) {
        for (int i = 0; i < 5; i++) {
          redis.sync().xadd("host-conn", Map.of("href", "https://s/items/" + i));
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> busCount(nc) == before + 5);
        assertThat(source.health().ready()).isTrue();
      }
      // Closing the source left the host's connection and client usable.
      assertThat(nc.getStatus()).isEqualTo(Connection.Status.CONNECTED);
      assertThat(busCount(nc)).isEqualTo(before + 5);
      try (StatefulRedisConnection<String, String> again = host.connect(redisUri())) {
        assertThat(again.sync().xlen("host-conn")).isEqualTo(5);
      }
    } finally {
      host.shutdown();
    }
  }

  @Test
  void eventSourceConnectsWithTheHostsUriAndOptions() throws Exception {
    RedisClient host = RedisClient.create();
    try (Connection nc = Nats.connect(natsOptions());
        StatefulRedisConnection<String, String> redis = host.connect(redisUri())) {
      long before = busCount(nc);
      try (RedisEventSource source =
          RedisEventSource.start(
              config("uri-conn"), RedisAccess.uri(redisUri()), NatsAccess.options(natsOptions()))) {
        redis.sync().xadd("uri-conn", Map.of("href", "https://s/items/x"));
        await().atMost(Duration.ofSeconds(20)).until(() -> busCount(nc) == before + 1);
        assertThat(source.health().connected()).isTrue();
      }
    } finally {
      host.shutdown();
    }
  }

  @Test
  void wrongCredentialsAreRefusedWithoutRepeatingThem() {
    RedisURI wrong =
        RedisURI.builder()
            .withHost("127.0.0.1")
            .withPort(redisServer.port)
            .withAuthentication("default", "not-the-password")
            .build();
    assertThatThrownBy(
            () ->
                RedisEventSource.start(
                    config("wrong"), RedisAccess.uri(wrong), NatsAccess.options(natsOptions())))
        .isInstanceOf(EventsAuthenticationException.class)
        .hasMessageNotContaining("not-the-password");
    Options noUser = new Options.Builder().server(natsServer.uri()).build();
    assertThatThrownBy(
            () ->
                RedisEventSource.start(
                    config("wrong"), RedisAccess.uri(redisUri()), NatsAccess.options(noUser)))
        .isInstanceOf(EventsAuthenticationException.class);
  }

  @Test
  void watcherUsesTheHostsClientAgainstAPasswordProtectedRedis() throws Exception {
    RedisClient host = RedisClient.create();
    Instant t0 = Instant.parse("2024-01-01T00:00:00Z");
    try (TestStacApi api = new TestStacApi();
        StacApiClient stac = StacApiClient.open(api.root())) {
      api.addItems(3, t0.plusSeconds(60), Duration.ofHours(1), "s2");
      try (StacWatcher w =
          StacWatcher.builder()
              .source(new StacApiSearchSource(stac, List.of("s2"), Optional.empty(), 7))
              .redis(RedisAccess.client(host, redisUri()))
              .target(WatchTarget.stream("watched"))
              .since(t0)
              .clock(Clock.fixed(t0.plus(Duration.ofHours(6)), ZoneOffset.UTC))
              .build()) {
        assertThat(w.pollOnce()).isEqualTo(3);
        assertThat(w.health().connected()).isTrue();
      }
      try (StatefulRedisConnection<String, String> again = host.connect(redisUri())) {
        assertThat(again.sync().xlen("watched")).isEqualTo(3);
      }
    } finally {
      host.shutdown();
    }
  }
}
