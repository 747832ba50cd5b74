package io.waterbodies.events.pipeline.internal;

import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.pipeline.BusMode;

/**
 * The part of a running pipeline that moves items from the STAC search to the sensor's trigger:
 * Redis and JetStream ({@link ServerTransport}) or the in-memory bus ({@link InMemoryTransport}).
 * Both report their counters in the same shape.
 */
public interface Transport extends AutoCloseable {
  /** {@link BusMode#SERVERS} or {@link BusMode#IN_MEMORY}. */
  BusMode mode();

  /** The watcher's counters (in = items found, out = events emitted). */
  MetricsSnapshot watcher();

  /** The sensor's counters (in = events received, out = triggers run). */
  MetricsSnapshot sensor();

  /** Stops watching and sensing; running workflows are not affected. */
  @Override
  void close();
}
