package io.waterbodies.events.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.EventsAuthenticationException;
import io.waterbodies.events.EventsConnectionException;
import io.waterbodies.events.NotAStreamException;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RedisEventSourceTest extends SourceTestBase {

  RedisEventSourceConfig.Builder config() {
    return RedisEventSourceConfig.builder()
        .redisUri(TestServers.REDIS)
        .natsUri(TestServers.NATS)
        .bus(bus)
        .stream(stream)
        .eventSourceName("redis-source")
        .eventName("example");
  }

  List<MessageInfo> busMessages(int expected) throws Exception {
    JetStreamManagement jsm = nc.jetStreamManagement();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> jsm.getStreamInfo(bus.streamName()).getStreamState().getMsgCount(),
            n -> n >= expected);
    List<MessageInfo> out = new ArrayList<>();
    long n = jsm.getStreamInfo(bus.streamName()).getStreamState().getMsgCount();
    for (long seq = 1; seq <= n; seq++) {
      out.add(jsm.getMessage(bus.streamName(), seq));
    }
    return out;
  }

  @Test
  void forwardsStreamEntriesInArgosShapeAndAcksThem() throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      ids.add(
          redis.xadd(
              stream,
              Map.of(
                  "subject",
                  "https://s/items/" + i,
                  "producer",
                  "p",
                  "href",
                  "https://s/items/" + i)));
    }
    try (RedisEventSource source = RedisEventSource.start(config().build())) {
      List<MessageInfo> msgs = busMessages(25);
      assertThat(msgs).hasSize(25);
      MessageInfo first = msgs.get(0);
      assertThat(first.getSubject()).isEqualTo(bus.subjectPrefix() + ".redis-source.example");
      Envelope e = Envelope.parse(first.getData(), first.getSubject());
      assertThat(e.type()).isEqualTo("redisStream");
      assertThat(e.source()).isEqualTo("redis-source");
      assertThat(e.subject()).isEqualTo("example");
      assertThat(e.id())
          .isEqualTo(EventIds.forStreamEntry("redis-source", "example", stream, ids.get(0)));
      assertThat(first.getHeaders().getFirst("Nats-Msg-Id")).isEqualTo(e.id());
      assertThat(e.data().get("stream").asText()).isEqualTo(stream);
      assertThat(e.data().get("message_id").asText()).isEqualTo(ids.get(0));
      assertThat(e.data().at("/values/href").asText()).isEqualTo("https://s/items/0");
      JsonNode raw = Json.parse(new String(first.getData(), StandardCharsets.UTF_8), "wire");
      assertThat(raw.get("datacontenttype").asText()).isEqualTo("application/json");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> redis.xpending(stream, "argo-events-cg").getCount() == 0);
      await().until(() -> source.metrics().out() == 25);
      assertThat(source.metrics().lag()).isZero();
    }
  }

  @Test
  void replaysItsPendingEntriesAndTheBusDropsTheDuplicate() throws Exception {
    String id = redis.xadd(stream, Map.of("href", "https://s/items/x"));
    // A previous run read the entry and published it, then crashed before XACK.
    redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "argo-events-cg");
    redis.xreadgroup(
        io.lettuce.core.Consumer.from("argo-events-cg", "redis-source-example"),
        XReadArgs.StreamOffset.lastConsumed(stream));
    assertThat(redis.xpending(stream, "argo-events-cg").getCount()).isEqualTo(1);
    new io.waterbodies.events.bus.EventBus(nc, bus).ensure();
    String eventId = EventIds.forStreamEntry("redis-source", "example", stream, id);
    nc.jetStream()
        .publish(
            bus.subject("redis-source", "example"),
            new Headers().put("Nats-Msg-Id", eventId),
            "{}".getBytes(StandardCharsets.UTF_8));

    try (RedisEventSource source = RedisEventSource.start(config().build())) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> redis.xpending(stream, "argo-events-cg").getCount() == 0);
      assertThat(source.metrics().duplicates()).isEqualTo(1);
      assertThat(
              nc.jetStreamManagement()
                  .getStreamInfo(bus.streamName())
                  .getStreamState()
                  .getMsgCount())
          .isEqualTo(1);
    }
  }

  @Test
  void forwardsPubSubMessagesWithJsonBody() throws Exception {
    String channel = TestServers.unique("stac-events");
    RedisEventSourceConfig cfg =
        RedisEventSourceConfig.builder()
            .bus(bus)
            .channels(channel)
            .jsonBody(true)
            .eventSourceName("redis-pubsub")
            .eventName("items")
            .build();
    try (RedisEventSource source = RedisEventSource.start(cfg)) {
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> redis.publish(channel, "{\"href\":\"https://s/i/1\",\"n\":1.50}") == 1);
      MessageInfo m = busMessages(1).get(0);
      Envelope e = Envelope.parse(m.getData(), m.getSubject());
      assertThat(e.type()).isEqualTo("redis");
      assertThat(e.data().get("channel").asText()).isEqualTo(channel);
      assertThat(e.data().get("pattern").asText()).isEmpty();
      assertThat(e.data().at("/body/href").asText()).isEqualTo("https://s/i/1");
      assertThat(e.data().at("/body/n").decimalValue()).isEqualByComparingTo("1.50");
    }
  }

  @Test
  void rejectsAKeyThatIsNotAStream() {
    redis.set(stream, "plain string");
    assertThatThrownBy(() -> RedisEventSource.start(config().build()))
        .isInstanceOf(NotAStreamException.class)
        .hasMessageContaining(stream)
        .hasMessageContaining("string");
  }

  @Test
  void wrongCredentialsGiveAnAuthErrorWithoutTheSecret() {
    assertThatThrownBy(
            () ->
                RedisEventSource.start(
                    config().redisUri("redis://:s3cretWrongPass@127.0.0.1:6379").build()))
        .isInstanceOf(EventsAuthenticationException.class)
        .hasMessageContaining("127.0.0.1:6379")
        .satisfies(e -> assertThat(stackText(e)).doesNotContain("s3cretWrongPass"));
  }

  @Test
  void unreachableServersFailClearlyAfterTheRetryPolicy() {
    RetryPolicy two =
        RetryPolicy.builder().maxAttempts(2).initialDelay(Duration.ofMillis(10)).build();
    assertThatThrownBy(
            () ->
                RedisEventSource.start(
                    config().redisUri("redis://127.0.0.1:1").connectPolicy(two).build()))
        .isInstanceOf(EventsConnectionException.class)
        .hasMessageContaining("redis://127.0.0.1:1")
        .hasMessageContaining("after 2 attempt(s)");
    assertThatThrownBy(
            () ->
                RedisEventSource.start(
                    config().natsUri("nats://127.0.0.1:1").connectPolicy(two).build()))
        .isInstanceOf(EventsConnectionException.class)
        .hasMessageContaining("NATS")
        .hasMessageContaining("after 2 attempt(s)");
  }

  static String stackText(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c).append('\n');
    }
    return sb.toString();
  }

  @Test
  void createdGroupStartsAtZeroAndWorksWithMkstream() {
    redis.xgroupCreate(
        XReadArgs.StreamOffset.from(stream, "0"), "other", XGroupCreateArgs.Builder.mkstream());
    try (RedisEventSource source = RedisEventSource.start(config().build())) {
      redis.xadd(stream, Map.of("href", "h"));
      await().atMost(Duration.ofSeconds(10)).until(() -> source.metrics().out() == 1);
    }
  }

  /** Issue 14 item 2: a 2 MiB entry ahead of 100 normal ones; the NATS max payload is 1 MiB. */
  void addOversizedEntryThenHundred() {
    redis.xadd(stream, Map.of("href", "https://s/items/huge", "blob", "x".repeat(2 << 20)));
    for (int i = 0; i < 100; i++) {
      redis.xadd(stream, Map.of("href", "https://s/items/" + i));
    }
  }

  @Test
  void deadLettersAnEntryOverTheMaxPayloadToARedisStreamAndMovesOn() throws Exception {
    addOversizedEntryThenHundred();
    try (RedisEventSource source = RedisEventSource.start(config().build())) {
      assertThat(busMessages(100)).hasSize(100);
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> redis.xpending(stream, "argo-events-cg").getCount() == 0);
      List<io.lettuce.core.StreamMessage<String, String>> dead =
          redis.xrange(stream + ":dead-letter", io.lettuce.core.Range.create("-", "+"));
      assertThat(dead).hasSize(1);
      Map<String, String> d = dead.get(0).getBody();
      assertThat(d.get("reason")).contains("max payload").contains("bytes");
      assertThat(d.get("stream")).isEqualTo(stream);
      assertThat(Json.parse(d.get("values"), "dead letter").get("blob").asText()).hasSize(2 << 20);
      assertThat(source.metrics().deadLettered()).isEqualTo(1);
      assertThat(source.metrics().out()).isEqualTo(100);
      assertThat(source.health().lastError().orElseThrow().reason()).contains("dead-lettered");
      System.out.printf(
          "oversized entry: %d on the bus, %d dead-lettered (%s)%n",
          busMessages(100).size(), dead.size(), d.get("reason"));
    }
  }

  @Test
  void deadLettersToAJetStreamSubjectWhenConfigured() throws Exception {
    addOversizedEntryThenHundred();
    try (RedisEventSource source =
        RedisEventSource.start(config().deadLetter(DeadLetterTarget.natsDefault()).build())) {
      assertThat(busMessages(100)).hasSize(100);
      JetStreamManagement jsm = nc.jetStreamManagement();
      String dlq = bus.streamName() + "-dead-letter";
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> jsm.getStreamInfo(dlq).getStreamState().getMsgCount() == 1);
      MessageInfo m = jsm.getMessage(dlq, 1);
      assertThat(m.getSubject())
          .isEqualTo(bus.subjectPrefix() + "-dead-letter.source.redis-source");
      assertThat(m.getHeaders().getFirst(DeadLetterTarget.HEADER_REASON)).contains("max payload");
      assertThat(m.getHeaders().getFirst("Waterbodies-Truncated")).isEqualTo("true");
      JsonNode body = Json.parse(new String(m.getData(), StandardCharsets.UTF_8), "dead letter");
      assertThat(body.get("stream").asText()).isEqualTo(stream);
      assertThat(body.has("values")).isFalse();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> redis.xpending(stream, "argo-events-cg").getCount() == 0);
      assertThat(redis.exists(stream + ":dead-letter")).isZero();
    }
  }

  @Test
  void trimsOnlyWhatEveryGroupAcknowledged() throws Exception {
    for (int i = 0; i < 600; i++) {
      redis.xadd(stream, Map.of("href", "https://s/items/" + i));
    }
    // A second group that read nothing yet: nothing may be trimmed while it lags.
    redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), "slow-reader");
    try (RedisEventSource source =
        RedisEventSource.start(config().trimAcknowledged(true).build())) {
      assertThat(busMessages(600)).hasSize(600);
      for (int i = 0; i < 3; i++) {
        redis.xadd(stream, Map.of("href", "https://s/items/more" + i));
        long expected = 601 + i;
        await().atMost(Duration.ofSeconds(10)).until(() -> source.metrics().out() == expected);
        Thread.sleep(1100); // let the once-a-second trim run on the next batch
      }
      assertThat(redis.xlen(stream)).isEqualTo(603);
      redis.xgroupDestroy(stream, "slow-reader");
      await()
          .atMost(Duration.ofSeconds(20))
          .pollInterval(Duration.ofMillis(400))
          .until(
              () -> {
                redis.xadd(stream, Map.of("href", "https://s/items/tick"));
                return redis.xlen(stream) < 200;
              });
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> redis.xpending(stream, "argo-events-cg").getCount() == 0);
    }
  }
}
