package io.waterbodies.events.pipeline.internal;

import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.source.RedisEventSource;
import io.waterbodies.events.source.RedisEventSourceConfig;
import io.waterbodies.events.watch.StacSearchSource;
import io.waterbodies.events.watch.StacWatcher;
import io.waterbodies.events.watch.WatchTarget;
import java.util.Optional;

/**
 * The reference system's path: {@link StacWatcher} -> Redis stream -> {@link RedisEventSource} ->
 * JetStream -> {@link Sensor} -> trigger, each reaching Redis and NATS through the definition's
 * access (the host's client and connection when given, which they never close).
 */
public final class ServerTransport {
  private ServerTransport() {}

  /**
   * Starts sensor, event source and watcher, in that order, so no event is published before the
   * sensor's consumer exists.
   *
   * @throws io.waterbodies.events.EventsException when Redis or NATS cannot be used
   */
  public static Transport start(TransportSettings s, StacSearchSource search, Trigger t) {
    PipelineDefinition d = s.d();
    Sensor sensor =
        ServerEndpoints.nats(s.sensor(t), d.nats())
            .connectPolicy(d.connectPolicy())
            .build()
            .start();
    RedisEventSource source = null;
    try {
      source =
          RedisEventSource.start(
              RedisEventSourceConfig.builder().bus(d.bus()).stream(d.stream())
                  .eventSourceName(d.eventSourceName())
                  .eventName(d.eventName())
                  .connectPolicy(d.connectPolicy())
                  .build(),
              d.redis(),
              d.nats());
      StacWatcher watcher =
          StacWatcher.builder()
              .source(search)
              .redis(d.redis())
              .target(WatchTarget.stream(d.stream()))
              .producer(TransportSettings.PRODUCER)
              .stateKey(s.stateKey())
              .since(s.since())
              .window(s.window())
              .pollInterval(d.pollInterval())
              .connectPolicy(d.connectPolicy())
              .backoff(d.backoff())
              .build()
              .start();
      return new Transport(BusMode.SERVERS, sensor, Optional.of(source), watcher);
    } catch (RuntimeException e) {
      if (source != null) {
        source.close();
      }
      sensor.close();
      throw e;
    }
  }
}
