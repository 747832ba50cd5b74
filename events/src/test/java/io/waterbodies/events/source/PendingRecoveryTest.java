package io.waterbodies.events.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.Consumer;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TransactionResult;
import io.lettuce.core.XReadArgs;
import io.nats.client.JetStreamManagement;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.RedisAccess;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.envelope.Envelope;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14's lost entry after a Redis restart, made deterministic: an entry that XREADGROUP
 * delivered to the source's consumer while its connection died sits in the group's pending list;
 * Lettuce re-sends the blocked XREADGROUP after reconnecting, so the source sees no error. It must
 * still forward the entry, once. Also: entries a dead consumer of the group left pending are
 * claimed and forwarded.
 */
class PendingRecoveryTest extends SourceTestBase {
  static final String GROUP = "argo-events-cg";
  static final String CONSUMER = "redis-source-example";

  String clientName;

  @BeforeEach
  void nameTheSourcesConnections() {
    // The source's connections carry this name, so the test can find (and kill) exactly them on
    // the shared server.
    clientName = TestServers.unique("wbt-source");
  }

  RedisEventSource start(RedisEventSourceConfig.Builder config) {
    RedisURI uri = RedisURI.create(TestServers.REDIS);
    uri.setClientName(clientName);
    uri.setTimeout(Duration.ofSeconds(10));
    return RedisEventSource.start(
        config.bus(bus).stream(stream).eventSourceName("redis-source").eventName("example").build(),
        RedisAccess.uri(uri),
        NatsAccess.uri(TestServers.NATS));
  }

  /** The stream entry ids of the events on the bus, in bus order. */
  List<String> busEntryIds() throws Exception {
    JetStreamManagement jsm = nc.jetStreamManagement();
    long n = jsm.getStreamInfo(bus.streamName()).getStreamState().getMsgCount();
    List<String> ids = new ArrayList<>();
    for (long seq = 1; seq <= n; seq++) {
      var m = jsm.getMessage(bus.streamName(), seq);
      ids.add(Envelope.parse(m.getData(), m.getSubject()).data().get("message_id").asText());
    }
    return ids;
  }

  /** The id of the source's connection blocked in XREADGROUP, once it is blocked there. */
  Optional<Long> blockedSourceClient() {
    for (String line : redis.clientList().split("\n")) {
      if (line.contains(" name=" + clientName + " ")
          && line.contains(" cmd=xreadgroup")
          && line.matches(".* flags=[a-zA-Z]*b.*")) {
        return Optional.of(Long.parseLong(line.substring(3, line.indexOf(' '))));
      }
    }
    return Optional.empty();
  }

  @Test
  @SuppressWarnings("unchecked")
  void reReadsAnEntryDeliveredAsItsConnectionDropped() throws Exception {
    try (RedisEventSource source =
        start(RedisEventSourceConfig.builder().claimIdle(Duration.ofMillis(300)))) {
      String first = redis.xadd(stream, Map.of("href", "https://s/items/1"));
      await().atMost(Duration.ofSeconds(20)).until(() -> busEntryIds().contains(first));
      long victim =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(this::blockedSourceClient, Optional::isPresent)
              .orElseThrow();

      // As when Redis dies right after delivering: the entry goes to the source consumer's
      // pending list and the reply never reaches the source. One transaction, so the blocked
      // read cannot be served in between.
      redis.multi();
      redis.xadd(stream, Map.of("href", "https://s/items/2"));
      redis.xreadgroup(
          Consumer.from(GROUP, CONSUMER),
          XReadArgs.Builder.count(1),
          XReadArgs.StreamOffset.lastConsumed(stream));
      redis.clientKill(KillArgs.Builder.id(victim));
      TransactionResult tx = redis.exec();
      String lost = tx.get(0);
      assertThat(tx.<Long>get(2)).isEqualTo(1L);
      assertThat(redis.xpending(stream, GROUP).getCount()).isEqualTo(1);

      String third = redis.xadd(stream, Map.of("href", "https://s/items/3"));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> busEntryIds().containsAll(List.of(first, lost, third)));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> redis.xpending(stream, GROUP).getCount() == 0);
      assertThat(busEntryIds()).containsExactlyInAnyOrder(first, lost, third);
      assertThat(source.metrics().duplicates()).isZero();
    }
  }

  @Test
  void claimsAndForwardsWhatADeadConsumerLeftPending() throws Exception {
    String orphan = redis.xadd(stream, Map.of("href", "https://s/items/orphan"));
    redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), GROUP);
    // A replica under another name read the entry and died before publishing it.
    redis.xreadgroup(Consumer.from(GROUP, "gone-pod"), XReadArgs.StreamOffset.lastConsumed(stream));
    String next = redis.xadd(stream, Map.of("href", "https://s/items/next"));

    try (RedisEventSource source =
        start(RedisEventSourceConfig.builder().claimIdle(Duration.ofMillis(300)))) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> busEntryIds().containsAll(List.of(orphan, next)));
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> redis.xpending(stream, GROUP).getCount() == 0);
      assertThat(busEntryIds()).containsExactlyInAnyOrder(orphan, next);
      assertThat(source.metrics().out()).isEqualTo(2);
    }
  }
}
