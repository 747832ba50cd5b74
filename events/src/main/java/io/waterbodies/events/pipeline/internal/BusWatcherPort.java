package io.waterbodies.events.pipeline.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.sensor.engine.InMemoryEventBus;
import io.waterbodies.events.source.StreamEntryEvents;
import io.waterbodies.events.watch.WatcherPort;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The {@link WatcherPort} of the server-less pipeline: the {@link
 * io.waterbodies.events.watch.StacWatcher}'s items go straight onto the {@link InMemoryEventBus},
 * as the events the Redis stream source would have made of their stream entries (Argo's {@code
 * redisStream} shape, through {@link StreamEntryEvents}). Checkpoint and seen-set live in memory.
 */
final class BusWatcherPort implements WatcherPort {
  private final InMemoryEventBus bus;
  private final String subject;
  private final String stream;
  private final String eventSourceName;
  private final String eventName;
  private final Map<String, Long> seen = new LinkedHashMap<>();
  private final AtomicLong sequence = new AtomicLong();
  private volatile Instant checkpoint;

  BusWatcherPort(
      InMemoryEventBus bus,
      String subject,
      String stream,
      String eventSourceName,
      String eventName) {
    this.bus = bus;
    this.subject = subject;
    this.stream = stream;
    this.eventSourceName = eventSourceName;
    this.eventName = eventName;
  }

  @Override
  public Optional<Instant> checkpoint() {
    return Optional.ofNullable(checkpoint);
  }

  @Override
  public void checkpoint(Instant next) {
    checkpoint = next;
  }

  @Override
  public synchronized boolean emit(String member, long score, ObjectNode fields) {
    if (seen.putIfAbsent(member, score) != null) {
      return false;
    }
    String messageId = System.currentTimeMillis() + "-" + sequence.getAndIncrement();
    Map<String, String> values = new LinkedHashMap<>();
    fields.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
    Envelope e = StreamEntryEvents.of(eventSourceName, eventName, stream, messageId, values);
    bus.publish(subject, e.id(), e.toBytes());
    return true;
  }

  @Override
  public synchronized void forget(long score) {
    seen.values().removeIf(s -> s < score);
  }

  @Override
  public void close() {
    // Nothing was connected.
  }
}
