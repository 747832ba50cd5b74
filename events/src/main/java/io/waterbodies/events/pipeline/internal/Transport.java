package io.waterbodies.events.pipeline.internal;

import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.watch.StacWatcher;
import java.util.Optional;

/**
 * The part of a running pipeline that moves items from the STAC search to the sensor's trigger:
 * Redis and JetStream ({@link ServerTransport}) or the in-memory bus ({@link InMemoryTransport}).
 * Both are a watcher and a sensor (with the Redis event source between them on the servers), and
 * report their counters in the same shape.
 */
public final class Transport implements AutoCloseable {
  private final BusMode mode;
  private final Sensor sensor;
  private final Optional<AutoCloseable> between;
  private final StacWatcher watcher;

  Transport(BusMode mode, Sensor sensor, Optional<AutoCloseable> between, StacWatcher watcher) {
    this.mode = mode;
    this.sensor = sensor;
    this.between = between;
    this.watcher = watcher;
  }

  /** {@link BusMode#SERVERS} or {@link BusMode#IN_MEMORY}. */
  public BusMode mode() {
    return mode;
  }

  /** The watcher's counters (in = items found, out = events emitted). */
  public MetricsSnapshot watcher() {
    return watcher.metrics();
  }

  /** The sensor's counters (in = events received, out = triggers run). */
  public MetricsSnapshot sensor() {
    return sensor.metrics();
  }

  /** Stops watching and sensing, upstream first; running workflows are not affected. */
  @Override
  public void close() {
    watcher.close();
    between.ifPresent(Transport::closeQuietly);
    sensor.close();
  }

  /** Closes a part of a transport whose start failed, or that is being stopped. */
  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // Stopping must go on to the next part; the part has logged what it could not release.
    }
  }
}
