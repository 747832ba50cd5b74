package io.waterbodies.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.StatefulRedisConnection;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.stac.model.Collection;
import io.waterbodies.stac.model.Extent;
import io.waterbodies.stac.model.Item;
import io.waterbodies.stac.server.InMemoryStacStore;
import io.waterbodies.stac.server.StacApiServer;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@link EmitStacEvents}: an embedded STAC API's new items become Redis stream entries, once. */
class EmitStacEventsTest {
  private static final String REDIS = "redis://127.0.0.1:6379";

  @Test
  void emitsOneEntryPerNewItemAndNothingTheSecondTime() {
    String run = UUID.randomUUID().toString().substring(0, 8);
    String stream = "example-stream-" + run;
    String state = "example-state-" + run;
    InMemoryStacStore store = new InMemoryStacStore();
    store.createCollection(
        Collection.builder(
                "s2",
                "test items",
                "proprietary",
                Extent.of(Bbox.of(-180, -90, 180, 90), Optional.empty(), Optional.empty()))
            .build()
            .toJson());
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    for (int i = 0; i < 3; i++) {
      store.createItem(
          "s2",
          Item.builder("item-" + i)
              .collection("s2")
              .geometryFromBbox(Bbox.of(13, 52, 14, 53))
              .datetime(now.minusSeconds(60L * (i + 1)))
              .build()
              .toJson());
    }
    // An item older than the searched period is not emitted.
    store.createItem(
        "s2",
        Item.builder("old")
            .collection("s2")
            .geometryFromBbox(Bbox.of(13, 52, 14, 53))
            .datetime(now.minus(2, ChronoUnit.DAYS))
            .build()
            .toJson());
    RedisClient client = RedisClient.create(REDIS);
    try (StacApiServer api = StacApiServer.builder().store(store).port(0).build().start();
        StatefulRedisConnection<String, String> redis = connect(client)) {
      Instant since = now.minus(1, ChronoUnit.HOURS);
      try {
        assertThat(EmitStacEvents.emitOnce(api.uri(), "s2", since, REDIS, stream, state))
            .isEqualTo(3);
        List<StreamMessage<String, String>> entries =
            redis.sync().xrange(stream, Range.create("-", "+"));
        assertThat(entries).hasSize(3);
        assertThat(entries)
            .extracting(m -> m.getBody().get("id"))
            .containsExactlyInAnyOrder("item-0", "item-1", "item-2");
        assertThat(entries)
            .allSatisfy(
                m -> {
                  assertThat(m.getBody().get("collection")).isEqualTo("s2");
                  assertThat(m.getBody().get("href"))
                      .startsWith(api.uri().toString())
                      .endsWith("/items/" + m.getBody().get("id"));
                });
        assertThat(EmitStacEvents.emitOnce(api.uri(), "s2", since, REDIS, stream, state)).isZero();
        assertThat(redis.sync().xlen(stream)).isEqualTo(3);
      } finally {
        redis.sync().del(stream, state + ":seen", state + ":checkpoint");
      }
    } finally {
      client.shutdown();
    }
  }

  private static StatefulRedisConnection<String, String> connect(RedisClient c) {
    try {
      return c.connect();
    } catch (RuntimeException e) {
      throw new AssertionError("Redis must run at " + REDIS + ": " + e.getMessage(), e);
    }
  }
}
