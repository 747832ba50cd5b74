package io.waterbodies.events.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.nats.client.impl.Headers;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.ComponentMetrics;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pub/Sub mode: subscribes (PSUBSCRIBE for patterns), queues each message as {@code
 * {"channel","pattern","body"}} and publishes the queue to the bus on the loop's thread. Pub/Sub
 * itself is at most once; on close, what is queued is still published.
 */
final class PubSubForwarder extends SourceLoop {
  private static final Logger LOG = LoggerFactory.getLogger(PubSubForwarder.class);

  private final StatefulRedisPubSubConnection<String, String> pubsub;
  private final BlockingQueue<ObjectNode> queue = new ArrayBlockingQueue<>(10_000);

  PubSubForwarder(
      RedisEventSourceConfig config,
      ComponentMetrics metrics,
      BusConnection bus,
      StatefulRedisPubSubConnection<String, String> pubsub) {
    super(config, metrics, bus);
    this.pubsub = pubsub;
  }

  /** Subscribes to the configured channels and patterns. */
  void subscribe() {
    pubsub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            enqueue(channel, "", message);
          }

          @Override
          public void message(String pattern, String channel, String message) {
            enqueue(channel, pattern, message);
          }
        });
    List<String> plain = new ArrayList<>();
    List<String> patterns = new ArrayList<>();
    for (String c : config.channels()) {
      (c.matches(".*[*?\\[].*") ? patterns : plain).add(c);
    }
    if (!plain.isEmpty()) {
      pubsub.sync().subscribe(plain.toArray(String[]::new));
    }
    if (!patterns.isEmpty()) {
      pubsub.sync().psubscribe(patterns.toArray(String[]::new));
    }
  }

  private void enqueue(String channel, String pattern, String message) {
    metrics.in();
    ObjectNode data = Json.object();
    data.put("channel", channel);
    data.put("pattern", pattern);
    if (config.jsonBody()) {
      try {
        JsonNode body = Json.parse(message, "channel " + channel);
        data.set("body", body);
      } catch (JsonException e) {
        metrics.failed();
        LOG.warn("dropping a message on {} that is not JSON: {}", channel, e.getMessage());
        return;
      }
    } else {
      data.put("body", message);
    }
    if (!queue.offer(data)) {
      metrics.failed();
      LOG.warn("dropping a message on {}: the publish queue is full", channel);
    }
  }

  @Override
  public void run() {
    int failures = 0;
    ObjectNode next = null;
    while (running() || next != null || !queue.isEmpty()) {
      try {
        if (next == null) {
          next = queue.poll(200, TimeUnit.MILLISECONDS);
          if (next == null) {
            continue;
          }
        }
        if (!bus.link().isUp() && running()) {
          awaitNats(Duration.ofMillis(500));
          continue;
        }
        Envelope e =
            Envelope.of(
                EventIds.random(),
                config.eventSourceName(),
                Envelope.TYPE_REDIS,
                config.eventName(),
                OffsetDateTime.now(ZoneOffset.UTC),
                next);
        bus.js().publish(config.subject(), new Headers().put("Nats-Msg-Id", e.id()), e.toBytes());
        metrics.out();
        next = null;
        failures = 0;
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (!running() && failures > 3) {
          return;
        }
        failures = backoff(++failures, new EventsException(Connections.reason(e), e));
      }
    }
  }
}
