package io.waterbodies.events.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.Connection;
import io.nats.client.api.DeliverPolicy;
import io.waterbodies.events.TestServers;
import io.waterbodies.events.TestStacApi;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.source.RedisEventSource;
import io.waterbodies.events.source.RedisEventSourceConfig;
import io.waterbodies.events.watch.StacSearchSource;
import io.waterbodies.events.watch.StacWatcher;
import io.waterbodies.events.watch.WatchTarget;
import io.waterbodies.stac.client.StacApiClient;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** 1,000 STAC items: API -> watcher -> Redis -> event source -> JetStream -> sensor -> trigger. */
class EndToEndTest {
  @Test
  void everyItemTriggersExactlyOnce() throws Exception {
    int n = 1000;
    EventBusConfig bus = TestServers.uniqueBus();
    String stream = TestServers.unique("STREAM");
    String state = TestServers.unique("watcher");
    String sensorName = TestServers.unique("e2e");
    Map<String, Integer> triggered = new ConcurrentHashMap<>();
    Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minus(Duration.ofDays(8));
    SensorSpec spec =
        SensorSpec.parse(
            ("kind: Sensor\nmetadata: {name: %s}\nspec:\n  dependencies:\n"
                    + "  - name: items\n    eventSourceName: stac\n    eventName: new-item\n"
                    + "    filters:\n      data: [{path: values.collection, type: string, value: ['^sentinel-2-l2a$']}]\n"
                    + "  triggers:\n  - template:\n      name: count\n      k8s:\n"
                    + "        source: {resource: {spec: {href: ''}}}\n"
                    + "        parameters: [{src: {dependencyName: items, dataKey: values.href}, dest: spec.href}]\n")
                .formatted(sensorName),
            "e2e-sensor.yaml");
    RedisClient client = RedisClient.create(TestServers.REDIS);
    try (TestStacApi api = new TestStacApi();
        Connection nc = TestServers.nats();
        StatefulRedisConnection<String, String> redis = client.connect()) {
      api.addItems(n, start, Duration.ofMinutes(10), "sentinel-2-l2a");
      try (StacApiClient stac = StacApiClient.open(api.root());
          Sensor sensor =
              Sensor.builder()
                  .spec(spec)
                  .bus(bus)
                  .deliverPolicy(DeliverPolicy.All)
                  .batch(50)
                  .trigger(
                      "count",
                      req ->
                          triggered.merge(
                              req.resource().at("/spec/href").asText(), 1, Integer::sum))
                  .build()
                  .start();
          RedisEventSource source =
              RedisEventSource.start(
                  RedisEventSourceConfig.builder().bus(bus).stream(stream)
                      .eventSourceName("stac")
                      .eventName("new-item")
                      .build());
          StacWatcher watcher =
              StacWatcher.builder()
                  .source(
                      StacSearchSource.stacApi(stac, List.of("sentinel-2-l2a"), Optional.empty()))
                  .target(WatchTarget.stream(stream))
                  .stateKey(state)
                  .since(start.minusSeconds(60))
                  .window(Duration.ofDays(1))
                  .lookback(Duration.ofHours(1))
                  .pollInterval(Duration.ofMillis(200))
                  .build()
                  .start()) {
        await().atMost(Duration.ofSeconds(90)).until(() -> triggered.size() == n);
        await().atMost(Duration.ofSeconds(10)).until(() -> sensor.metrics().lag() == 0);
        assertThat(triggered.values()).allMatch(c -> c == 1);
        assertThat(watcher.metrics().out()).isEqualTo(n);
        assertThat(source.metrics().out()).isEqualTo(n);
        assertThat(sensor.metrics().out()).isEqualTo(n);
        assertThat(sensor.metrics().deadLettered()).isZero();
        assertThat(redis.sync().xpending(stream, "argo-events-cg").getCount()).isZero();
      } finally {
        redis.sync().del(stream, state + ":seen", state + ":checkpoint");
        TestServers.deleteStream(nc, bus.streamName());
        TestServers.deleteStream(nc, bus.streamName() + "-dead-letter");
        TestServers.deleteStream(nc, "KV_" + bus.streamName() + "-completed-" + sensorName);
      }
    } finally {
      client.shutdown();
    }
  }
}
