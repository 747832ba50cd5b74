package io.waterbodies.events.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.NotAStreamException;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.TestStacApi;
import io.waterbodies.events.watch.internal.StacApiSearchSource;
import io.waterbodies.stac.client.StacApiClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StacWatcherTest {
  static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  static final Clock NOW = Clock.fixed(Instant.parse("2024-01-05T00:00:00Z"), ZoneOffset.UTC);

  TestStacApi api;
  StacApiClient stac;
  RedisClient client;
  StatefulRedisConnection<String, String> conn;
  RedisCommands<String, String> redis;
  String stream;
  String state;

  @BeforeEach
  void setUp() throws Exception {
    TestServers.require();
    api = new TestStacApi();
    // No client-side retries: the watcher's own backoff is under test.
    stac =
        StacApiClient.builder(api.root())
            .retryPolicy(RetryPolicy.builder().maxAttempts(1).build())
            .build();
    client = RedisClient.create(TestServers.REDIS);
    conn = client.connect();
    redis = conn.sync();
    stream = TestServers.unique("STREAM");
    state = TestServers.unique("watcher-state");
  }

  @AfterEach
  void tearDown() {
    redis.del(stream, state + ":seen", state + ":checkpoint");
    client.shutdown();
    stac.close();
    api.close();
  }

  StacWatcher.Builder watcher() {
    return StacWatcher.builder()
        .source(new StacApiSearchSource(stac, List.of("s2"), Optional.empty(), 7))
        .target(WatchTarget.stream(stream))
        .stateKey(state)
        .since(T0)
        .window(Duration.ofHours(12))
        .lookback(Duration.ofHours(2))
        .clock(NOW)
        .backoff(
            RetryPolicy.builder()
                .maxAttempts(Integer.MAX_VALUE)
                .initialDelay(Duration.ofMillis(10))
                .maxDelay(Duration.ofMillis(50))
                .build());
  }

  @Test
  void emitsEachItemOnceAcrossOverlappingWindowsAndRestarts() {
    api.addItems(40, T0.plusSeconds(60), Duration.ofHours(1), "s2");
    try (StacWatcher w = watcher().build()) {
      w.pollOnce(); // [T0, T0+12h]
      w.pollOnce(); // [T0+10h, T0+24h] overlaps by the lookback
      assertThat(w.checkpoint()).isEqualTo(T0.plus(Duration.ofHours(24)));
      assertThat(w.metrics().duplicates()).isPositive();
    }
    try (StacWatcher w = watcher().build()) { // a restart resumes from the checkpoint
      w.pollOnce();
      w.pollOnce();
    }
    List<StreamMessage<String, String>> entries =
        redis.xrange(stream, io.lettuce.core.Range.create("-", "+"));
    assertThat(entries).hasSize(40);
    assertThat(entries.stream().map(e -> e.getBody().get("id")).distinct()).hasSize(40);
    StreamMessage<String, String> first = entries.get(0);
    assertThat(first.getBody())
        .containsEntry("id", "s2-item-0")
        .containsEntry("collection", "s2")
        .containsEntry("producer", "waterbodies-stac-watcher")
        .containsEntry("datetime", T0.plusSeconds(60).toString())
        .containsKeys("subject", "href");
    assertThat(first.getBody().get("href")).endsWith("/collections/s2/items/s2-item-0");
    assertThat(first.getBody().get("subject")).isEqualTo(first.getBody().get("href"));
  }

  @Test
  void backsOffWhenTheApiFailsAndThenCatchesUp() {
    api.addItems(10, T0.plusSeconds(60), Duration.ofHours(1), "s2");
    api.failNext.set(3);
    try (StacWatcher w = watcher().pollInterval(Duration.ofMillis(50)).build().start()) {
      await().atMost(Duration.ofSeconds(15)).until(() -> w.metrics().out() == 10);
      assertThat(w.metrics().failed()).isGreaterThanOrEqualTo(3);
    }
    assertThat(redis.xlen(stream)).isEqualTo(10);
  }

  @Test
  void publishesJsonToAChannel() {
    String channel = TestServers.unique("stac-events");
    api.addItems(3, T0.plusSeconds(60), Duration.ofHours(1), "s2");
    List<String> got = new CopyOnWriteArrayList<>();
    try (StatefulRedisPubSubConnection<String, String> sub = client.connectPubSub()) {
      sub.addListener(
          new RedisPubSubAdapter<>() {
            @Override
            public void message(String ch, String message) {
              got.add(message);
            }
          });
      sub.sync().subscribe(channel);
      try (StacWatcher w = watcher().target(WatchTarget.channel(channel)).build()) {
        w.pollOnce();
      }
      await().atMost(Duration.ofSeconds(5)).until(() -> got.size() == 3);
    }
    var body = Json.parse(got.get(0), "msg");
    assertThat(body.get("id").asText()).isEqualTo("s2-item-0");
    assertThat(body.get("href").asText()).endsWith("/items/s2-item-0");
    assertThat(body.get("collection").asText()).isEqualTo("s2");
  }

  @Test
  void refusesATargetKeyThatIsNotAStream() {
    redis.set(stream, "x");
    assertThatThrownBy(() -> watcher().build())
        .isInstanceOf(NotAStreamException.class)
        .hasMessageContaining(stream);
  }

  /** Issue 14 item 15: the watcher's stream is capped with XADD MAXLEN ~. */
  @Test
  void capsTheStreamWithApproximateMaxLength() {
    api.addItems(500, T0.plusSeconds(60), Duration.ofMinutes(1), "s2");
    try (StacWatcher w = watcher().maxLength(100).build()) {
      w.pollOnce();
      assertThat(w.metrics().out()).isEqualTo(500);
    }
    // "~" trims whole radix-tree nodes (100 entries each by default): about 100 stay, never fewer.
    assertThat(redis.xlen(stream)).isBetween(100L, 250L);
    List<StreamMessage<String, String>> last =
        redis.xrevrange(
            stream, io.lettuce.core.Range.create("-", "+"), io.lettuce.core.Limit.from(1));
    assertThat(last.get(0).getBody()).containsEntry("id", "s2-item-499");
  }

  @Test
  void healthSaysRunningConnectedAndTheLastFailure() {
    api.addItems(3, T0.plusSeconds(60), Duration.ofHours(1), "s2");
    api.failNext.set(2);
    try (StacWatcher w = watcher().pollInterval(Duration.ofMillis(50)).build().start()) {
      await().atMost(Duration.ofSeconds(15)).until(() -> w.metrics().out() == 3);
      var h = w.health();
      assertThat(h.running()).isTrue();
      assertThat(h.connected()).isTrue();
      assertThat(h.ready()).isTrue();
      assertThat(h.lastError()).isPresent();
      assertThat(h.toJson().get("lastError").get("reason").asText()).isNotBlank();
      assertThat(h.toJson().get("metrics").get("out").asLong()).isEqualTo(3);
      w.close();
      assertThat(w.health().running()).isFalse();
    }
  }

  @Test
  void usesTheHostsRedisClientAndLeavesItOpen() {
    api.addItems(2, T0.plusSeconds(60), Duration.ofHours(1), "s2");
    try (StacWatcher w =
        watcher()
            .redis(
                io.waterbodies.events.RedisAccess.client(
                    client, io.lettuce.core.RedisURI.create(TestServers.REDIS)))
            .build()) {
      w.pollOnce();
    }
    // The host's client still works: the watcher closed only its own connection.
    try (StatefulRedisConnection<String, String> again = client.connect()) {
      assertThat(again.sync().xlen(stream)).isEqualTo(2);
    }
  }

  @Test
  void changingTheBuilderAfterBuildLeavesTheWatcherAsItWas() {
    api.addItems(2, T0.plusSeconds(60), Duration.ofHours(1), "s2");
    String other = TestServers.unique("OTHER");
    StacWatcher.Builder b = watcher();
    try (StacWatcher w = b.build()) {
      b.target(WatchTarget.stream(other)).stateKey(state + "-other").producer("changed");
      w.pollOnce();
    }
    try (StatefulRedisConnection<String, String> c = client.connect()) {
      assertThat(c.sync().xlen(stream)).isEqualTo(2);
      assertThat(c.sync().exists(other)).isZero();
      assertThat(c.sync().xrange(stream, io.lettuce.core.Range.create("-", "+")))
          .allSatisfy(m -> assertThat(m.getBody().get("producer")).isNotEqualTo("changed"));
    }
  }
}
