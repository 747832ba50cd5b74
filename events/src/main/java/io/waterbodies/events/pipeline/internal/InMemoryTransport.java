package io.waterbodies.events.pipeline.internal;

import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.watch.StacSearchSource;
import java.util.Map;

/**
 * The server-less path: {@link InMemoryWatcher} -> {@link InMemoryEventBus} -> {@link LocalSensor}.
 */
public final class InMemoryTransport implements Transport {
  private final LocalSensor sensor;
  private final InMemoryWatcher watcher;

  private InMemoryTransport(LocalSensor sensor, InMemoryWatcher watcher) {
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
    LocalSensor sensor =
        new LocalSensor(spec, s.bus(), bus, Map.of(triggerName, t), s.maxAttempts(), s.backoff())
            .start();
    InMemoryWatcher watcher =
        new InMemoryWatcher(
                search,
                bus,
                s.bus().subject(s.eventSourceName(), s.eventName()),
                s.stream(),
                s.eventSourceName(),
                s.eventName(),
                s.producer(),
                s.since(),
                s.pollInterval(),
                s.backoff())
            .start();
    return new InMemoryTransport(sensor, watcher);
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
