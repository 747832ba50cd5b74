package io.waterbodies.events.pipeline.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.internal.PollLoop;
import io.waterbodies.events.metrics.ComponentMetrics;
import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.watch.StacSearchSource;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-memory stand-in for {@link io.waterbodies.events.watch.StacWatcher} plus {@link
 * io.waterbodies.events.source.RedisEventSource}: polls the search from a start time to now and
 * publishes one event per new item straight onto the {@link InMemoryEventBus}, shaped exactly like
 * the Redis stream source's events ({@code {"stream","message_id","values":{subject, producer,
 * href, id, collection, datetime}}}, type {@code redisStream}). The seen-set lives in memory.
 */
public final class InMemoryWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(InMemoryWatcher.class);

  private final StacSearchSource source;
  private final InMemoryEventBus bus;
  private final String subject;
  private final String stream;
  private final String eventSourceName;
  private final String eventName;
  private final String producer;
  private final Instant since;
  private final Duration pollInterval;
  private final RetryPolicy backoff;
  private final ComponentMetrics metrics = new ComponentMetrics("watcher");
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final AtomicLong sequence = new AtomicLong();
  private PollLoop loop;

  /** A watcher publishing to {@code subject} of {@code bus}. */
  public InMemoryWatcher(
      StacSearchSource source,
      InMemoryEventBus bus,
      String subject,
      String stream,
      String eventSourceName,
      String eventName,
      String producer,
      Instant since,
      Duration pollInterval,
      RetryPolicy backoff) {
    this.source = source;
    this.bus = bus;
    this.subject = subject;
    this.stream = stream;
    this.eventSourceName = eventSourceName;
    this.eventName = eventName;
    this.producer = producer;
    this.since = since;
    this.pollInterval = pollInterval;
    this.backoff = backoff;
  }

  /** The counters: in = items found, out = events published, duplicates = items seen before. */
  public MetricsSnapshot metrics() {
    return metrics.snapshot();
  }

  /**
   * Searches from the start to now and publishes the new items.
   *
   * @return the number of events published
   */
  public int pollOnce() {
    List<JsonNode> items = source.search(since, Instant.now());
    int n = 0;
    for (JsonNode item : items) {
      metrics.in();
      String id = item.path("id").asText("");
      Optional<String> href = selfLink(item).or(() -> source.itemUrl(item));
      if (id.isEmpty() || href.isEmpty()) {
        metrics.failed();
        LOG.warn("skipping search result '{}': it has no id or no self link", id);
        continue;
      }
      String collection = item.path("collection").asText("");
      if (!seen.add(collection + "/" + id)) {
        metrics.duplicate();
        continue;
      }
      publish(item, id, collection, href.get());
      n++;
      metrics.out();
    }
    return n;
  }

  private void publish(JsonNode item, String id, String collection, String href) {
    long now = System.currentTimeMillis();
    String messageId = now + "-" + sequence.getAndIncrement();
    ObjectNode data = Json.object();
    data.put("stream", stream);
    data.put("message_id", messageId);
    ObjectNode v = data.putObject("values");
    v.put("subject", href);
    v.put("producer", producer);
    v.put("href", href);
    v.put("id", id);
    v.put("collection", collection);
    v.put("datetime", item.path("properties").path("datetime").asText(""));
    String eventId = EventIds.forStreamEntry(eventSourceName, eventName, stream, messageId);
    Envelope e =
        Envelope.of(
            eventId,
            eventSourceName,
            Envelope.TYPE_REDIS_STREAM,
            eventName,
            OffsetDateTime.now(ZoneOffset.UTC),
            data);
    bus.publish(subject, eventId, e.toBytes());
  }

  private static Optional<String> selfLink(JsonNode item) {
    for (JsonNode l : item.path("links")) {
      if ("self".equals(l.path("rel").asText()) && l.hasNonNull("href")) {
        return Optional.of(l.get("href").asText());
      }
    }
    return Optional.empty();
  }

  /** Polls on a background thread until closed. */
  public synchronized InMemoryWatcher start() {
    if (loop != null) {
      return this;
    }
    loop =
        PollLoop.start(
            "in-memory-stac-watcher",
            () -> "STAC watch of " + source.describe(),
            () -> {
              pollOnce();
              return pollInterval;
            },
            backoff,
            metrics::failed,
            LOG);
    LOG.info("watching {} from {} into the in-memory bus", source.describe(), since);
    return this;
  }

  /** Stops polling. */
  @Override
  public synchronized void close() {
    if (loop != null) {
      loop.close();
    }
  }
}
