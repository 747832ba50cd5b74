package io.waterbodies.events.it;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.nats.client.api.DeliverPolicy;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The moving parts of the fault tests: a producer adding Redis entries, and a sensor counting how
 * often each entry's trigger fired.
 */
final class Flows {
  /** Short retries, so that a test sees recovery soon after a fault ends. */
  static final RetryPolicy FAST =
      RetryPolicy.builder()
          .maxAttempts(Integer.MAX_VALUE)
          .initialDelay(Duration.ofMillis(100))
          .maxDelay(Duration.ofSeconds(1))
          .build();

  private Flows() {}

  /**
   * A started thread adding {@code n} entries {@code href=https://s/items/<i>} 10 ms apart, with
   * explicit ids {@code <i>-0}, so that an XADD retried after Redis went away cannot add an entry
   * twice; {@code added} counts the entries in Redis.
   */
  static Thread producer(
      StatefulRedisConnection<String, String> redis, String stream, int n, AtomicInteger added) {
    Thread t =
        new Thread(
            () -> {
              for (int i = 1; i <= n; i++) {
                while (true) {
                  try {
                    redis
                        .sync()
                        .xadd(
                            stream,
                            new XAddArgs().id(i + "-0"),
                            Map.of("href", "https://s/items/" + i));
                    break;
                  } catch (RedisCommandExecutionException e) {
                    break; // "ID ... equal or smaller": an earlier attempt got through
                  } catch (RuntimeException e) {
                    sleep(100); // Redis down: try the same entry again
                  }
                }
                added.incrementAndGet();
                sleep(10);
              }
            },
            "test-producer");
    t.start();
    return t;
  }

  /**
   * A sensor (not started) with one log trigger on {@code redis-source.example} that counts its
   * firings per href in {@code fired}.
   */
  static Sensor.Builder countingSensor(
      String natsUri, EventBusConfig bus, Map<String, Integer> fired) {
    SensorSpec spec =
        SensorSpec.parse(
            "kind: Sensor\nmetadata: {name: faults}\nspec:\n  dependencies:\n"
                + "  - {name: d, eventSourceName: redis-source, eventName: example}\n"
                + "  triggers:\n  - template: {name: t, log: {}}\n",
            "faults.yaml");
    return Sensor.builder()
        .spec(spec)
        .natsUri(natsUri)
        .bus(bus)
        .deliverPolicy(DeliverPolicy.All)
        .backoff(FAST)
        .ackWait(Duration.ofSeconds(5))
        .trigger(
            "t",
            req ->
                fired.merge(
                    req.events().get("d").data().at("/values/href").asText(), 1, Integer::sum));
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
