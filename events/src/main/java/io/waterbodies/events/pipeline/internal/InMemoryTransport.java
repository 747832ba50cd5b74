package io.waterbodies.events.pipeline.internal;

import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.sensor.engine.InMemoryEventBus;
import io.waterbodies.events.sensor.engine.InMemorySensorTransport;
import io.waterbodies.events.watch.StacSearchSource;
import io.waterbodies.events.watch.StacWatcher;

/**
 * The server-less path: the same {@link StacWatcher} and {@link Sensor} as {@link ServerTransport},
 * over the in-memory adapters ({@link BusWatcherPort} -> {@link InMemoryEventBus} -> the sensor
 * engine with an in-memory store and dead-letter list).
 */
public final class InMemoryTransport implements Transport {
  private final Sensor sensor;
  private final StacWatcher watcher;

  private InMemoryTransport(Sensor sensor, StacWatcher watcher) {
    this.sensor = sensor;
    this.watcher = watcher;
  }

  /** Starts the sensor, then the watcher. */
  public static InMemoryTransport start(
      TransportSettings s,
      StacSearchSource search,
      SensorSpec spec,
      String triggerName,
      Trigger t) {
    InMemoryEventBus bus = new InMemoryEventBus();
    Sensor sensor =
        Sensor.builder()
            .spec(spec)
            .inMemory(new InMemorySensorTransport(bus))
            .bus(s.bus())
            .trigger(triggerName, t)
            .maxAttempts(s.maxAttempts())
            .backoff(s.backoff())
            .build()
            .start();
    try {
      StacWatcher watcher =
          StacWatcher.builder()
              .source(search)
              .port(
                  new BusWatcherPort(
                      bus,
                      s.bus().subject(s.eventSourceName(), s.eventName()),
                      s.stream(),
                      s.eventSourceName(),
                      s.eventName()))
              .producer(s.producer())
              .since(s.since())
              .window(s.window())
              .pollInterval(s.pollInterval())
              .backoff(s.backoff())
              .build()
              .start();
      return new InMemoryTransport(sensor, watcher);
    } catch (RuntimeException e) {
      sensor.close();
      throw e;
    }
  }

  @Override
  public BusMode mode() {
    return BusMode.IN_MEMORY;
  }

  @Override
  public MetricsSnapshot watcher() {
    return watcher.metrics();
  }

  @Override
  public MetricsSnapshot sensor() {
    return sensor.metrics();
  }

  @Override
  public void close() {
    watcher.close();
    sensor.close();
  }
}
