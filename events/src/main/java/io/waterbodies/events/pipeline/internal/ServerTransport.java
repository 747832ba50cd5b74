package io.waterbodies.events.pipeline.internal;

import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.pipeline.BusMode;
import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.source.RedisEventSource;
import io.waterbodies.events.source.RedisEventSourceConfig;
import io.waterbodies.events.watch.StacSearchSource;
import io.waterbodies.events.watch.StacWatcher;
import io.waterbodies.events.watch.WatchTarget;

/**
 * The reference system's path: {@link StacWatcher} -> Redis stream -> {@link RedisEventSource} ->
 * JetStream -> {@link Sensor} -> trigger.
 */
public final class ServerTransport implements Transport {
  private final Sensor sensor;
  private final RedisEventSource source;
  private final StacWatcher watcher;

  private ServerTransport(Sensor sensor, RedisEventSource source, StacWatcher watcher) {
    this.sensor = sensor;
    this.source = source;
    this.watcher = watcher;
  }

  /**
   * Starts sensor, event source and watcher, in that order, so no event is published before the
   * sensor's consumer exists.
   *
   * @throws io.waterbodies.events.EventsException when Redis or NATS cannot be used
   */
  public static ServerTransport start(
      TransportSettings s,
      StacSearchSource search,
      SensorSpec spec,
      String triggerName,
      Trigger t) {
    Sensor sensor =
        Sensor.builder()
            .spec(spec)
            .natsUri(s.natsUri())
            .bus(s.bus())
            .trigger(triggerName, t)
            .maxAttempts(s.maxAttempts())
            .backoff(s.backoff())
            .connectPolicy(s.connectPolicy())
            .build()
            .start();
    RedisEventSource source = null;
    try {
      source =
          RedisEventSource.start(
              RedisEventSourceConfig.builder()
                  .redisUri(s.redisUri())
                  .natsUri(s.natsUri())
                  .bus(s.bus())
                  .stream(s.stream())
                  .eventSourceName(s.eventSourceName())
                  .eventName(s.eventName())
                  .connectPolicy(s.connectPolicy())
                  .build());
      StacWatcher watcher =
          StacWatcher.builder()
              .source(search)
              .redisUri(s.redisUri())
              .target(WatchTarget.stream(s.stream()))
              .producer(s.producer())
              .stateKey(s.stateKey())
              .since(s.since())
              .window(s.window())
              .pollInterval(s.pollInterval())
              .connectPolicy(s.connectPolicy())
              .backoff(s.backoff())
              .build()
              .start();
      return new ServerTransport(sensor, source, watcher);
    } catch (RuntimeException e) {
      if (source != null) {
        source.close();
      }
      sensor.close();
      throw e;
    }
  }

  @Override
  public BusMode mode() {
    return BusMode.SERVERS;
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
    source.close();
    sensor.close();
  }
}
