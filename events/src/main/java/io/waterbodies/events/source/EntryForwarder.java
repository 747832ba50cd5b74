package io.waterbodies.events.source;

import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.ComponentMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards one batch of stream entries: publishes each to JetStream with {@code Nats-Msg-Id} = its
 * event id, waits for the acknowledgements, dead-letters the entries that can never be published,
 * and only then XACKs the batch (and trims the stream when configured). A transient failure throws
 * before the XACK, so the entries stay pending and are published again (the bus drops the copies).
 */
final class EntryForwarder {
  private static final Logger LOG = LoggerFactory.getLogger(EntryForwarder.class);

  private final RedisEventSourceConfig config;
  private final ComponentMetrics metrics;
  private final BusConnection bus;
  private final DeadLetters deadLetters;
  private long lastTrim;

  EntryForwarder(RedisEventSourceConfig config, ComponentMetrics metrics, BusConnection bus) {
    this.config = config;
    this.metrics = metrics;
    this.bus = bus;
    this.deadLetters = new DeadLetters(config);
  }

  /** One entry sent to JetStream and its acknowledgement to come. */
  private record Sent(StreamMessage<String, String> entry, CompletableFuture<PublishAck> ack) {}

  /** One entry that can never be published, and why. */
  private record Dead(StreamMessage<String, String> entry, String reason) {}

  /**
   * Publishes, dead-letters and acknowledges {@code batch}.
   *
   * @throws RuntimeException when JetStream or Redis failed transiently; nothing was XACKed
   */
  void forward(
      RedisCommands<String, String> redis,
      String stream,
      List<StreamMessage<String, String>> batch) {
    List<Sent> sent = new ArrayList<>(batch.size());
    List<Dead> dead = new ArrayList<>();
    List<String> ids = new ArrayList<>(batch.size());
    NatsLink link = bus.link();
    long maxPayload = bus.maxPayload();
    try {
      for (StreamMessage<String, String> m : batch) {
        metrics.in();
        ids.add(m.getId());
        if (m.getBody() == null || m.getBody().isEmpty()) {
          // A pending entry that was XDELeted: nothing to forward, only to acknowledge.
          continue;
        }
        Envelope e =
            StreamEntryEvents.of(
                config.eventSourceName(), config.eventName(), stream, m.getId(), m.getBody());
        Headers h = new Headers().put("Nats-Msg-Id", e.id());
        byte[] bytes = e.toBytes();
        if (maxPayload > 0 && bytes.length + h.serializedLength() > maxPayload) {
          // The server would close the connection on such a message: never send it.
          dead.add(
              new Dead(
                  m,
                  "the event is "
                      + bytes.length
                      + " bytes, over the NATS server's max payload of "
                      + maxPayload
                      + " bytes"));
          continue;
        }
        CompletableFuture<PublishAck> f;
        try {
          f = bus.js().publishAsync(config.subject(), h, bytes);
        } catch (IllegalArgumentException ex) {
          dead.add(new Dead(m, "NATS refused the event: " + Connections.reason(ex)));
          continue;
        }
        link.track(f);
        sent.add(new Sent(m, f));
      }
      for (Sent s : sent) {
        awaitAck(s, dead);
      }
    } finally {
      sent.forEach(s -> link.done(s.ack()));
    }
    bus.acked();
    for (Dead d : dead) {
      deadLetter(redis, stream, d);
    }
    redis.xack(stream, config.consumerGroup(), ids.toArray(String[]::new));
    if (config.trimAcknowledged()) {
      try {
        trim(redis, stream);
      } catch (RuntimeException e) {
        // Retention is housekeeping: forwarding goes on (XTRIM MINID needs Redis 6.2).
        metrics.error("cannot trim " + stream + ": " + Connections.reason(e));
        LOG.warn("event source: cannot trim stream {}: {}", stream, Connections.reason(e));
      }
    }
  }

  private void awaitAck(Sent s, List<Dead> dead) {
    Duration timeout = bus.link().ackTimeout();
    try {
      PublishAck ack = s.ack().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (ack.isDuplicate()) {
        metrics.duplicate();
      } else {
        metrics.out();
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new EventsException("interrupted while waiting for JetStream", ie);
    } catch (ExecutionException ex) {
      if (isPermanent(ex.getCause())) {
        dead.add(new Dead(s.entry(), "JetStream refused the event: " + Connections.reason(ex)));
        return;
      }
      bus.ackFailed();
      throw notAcknowledged(ex);
    } catch (TimeoutException | CancellationException ex) {
      bus.ackFailed();
      throw notAcknowledged(ex);
    }
  }

  private EventsException notAcknowledged(Exception ex) {
    return new EventsException(
        "JetStream did not acknowledge the publish to "
            + config.subject()
            + ": "
            + Connections.reason(ex),
        ex);
  }

  /** A refusal that repeats on every attempt: retrying would stop the stream forever. */
  private static boolean isPermanent(Throwable t) {
    // 10054: message size exceeds the stream's max_msg_size.
    return t instanceof IllegalArgumentException
        || (t instanceof JetStreamApiException j && j.getApiErrorCode() == 10054);
  }

  private void deadLetter(RedisCommands<String, String> redis, String stream, Dead d) {
    deadLetters.write(redis, bus.js(), bus.maxPayload(), stream, d.entry(), d.reason());
    metrics.deadLettered();
    metrics.error("dead-lettered entry " + d.entry().getId() + ": " + d.reason());
    LOG.warn(
        "event source {}.{}: dead-lettered entry {} of {} to {}: {}",
        config.eventSourceName(),
        config.eventName(),
        d.entry().getId(),
        stream,
        deadLetters.target(),
        d.reason());
  }

  /** Trims what every group acknowledged, at most once a second. */
  private void trim(RedisCommands<String, String> redis, String stream) {
    long now = System.nanoTime();
    if (now - lastTrim < 1_000_000_000L) {
      return;
    }
    lastTrim = now;
    long removed = StreamGroups.trimAcknowledged(redis, stream);
    if (removed > 0) {
      LOG.debug("trimmed {} acknowledged entries from {}", removed, stream);
    }
  }
}
