package io.waterbodies.events.pipeline.internal;

import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.sensor.engine.InMemoryEventBus;
import io.waterbodies.events.sensor.engine.InMemorySensorTransport;
import io.waterbodies.events.watch.StacSearchSource;
import io.waterbodies.events.watch.StacWatcher;
import java.util.Optional;

/**
 * The server-less path: the same {@link StacWatcher} and {@link Sensor} as {@link ServerTransport},
 * over the in-memory adapters ({@link BusWatcherPort} -> {@link InMemoryEventBus} -> the sensor
 * engine with an in-memory store and dead-letter list).
 */
public final class InMemoryTransport {
  private InMemoryTransport() {}

  /** Starts the sensor, then the watcher. */
  public static Transport start(TransportSettings s, StacSearchSource search, Trigger t) {
    PipelineDefinition d = s.d();
    InMemoryEventBus bus = new InMemoryEventBus();
    Sensor sensor = s.sensor(t).inMemory(new InMemorySensorTransport(bus)).build().start();
    try {
      StacWatcher watcher =
          StacWatcher.builder()
              .source(search)
              .port(
                  new BusWatcherPort(
                      bus,
                      d.bus().subject(d.eventSourceName(), d.eventName()),
                      d.stream(),
                      d.eventSourceName(),
                      d.eventName()))
              .producer(TransportSettings.PRODUCER)
              .since(s.since())
              .window(s.window())
              .pollInterval(d.pollInterval())
              .backoff(d.backoff())
              .build()
              .start();
      return new Transport(BusMode.IN_MEMORY, sensor, Optional.empty(), watcher);
    } catch (RuntimeException e) {
      sensor.close();
      throw e;
    }
  }
}
