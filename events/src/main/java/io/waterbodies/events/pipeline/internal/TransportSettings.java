package io.waterbodies.events.pipeline.internal;

import io.waterbodies.events.sensor.Sensor;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.Trigger;
import java.time.Duration;
import java.time.Instant;

/**
 * What both transports need to move items from the STAC search to the trigger: the definition, the
 * compiled sensor and the first search window.
 *
 * @param d the pipeline definition (names, bus layout, Redis and NATS access, retry policies)
 * @param spec the sensor
 * @param since the first window's start
 * @param window the longest search window
 */
public record TransportSettings(
    PipelineDefinition d, SensorSpec spec, Instant since, Duration window) {

  /** The watcher's {@code producer} field. */
  public static final String PRODUCER = "waterbodies-pipeline";

  /**
   * The settings of a run starting {@code now}: the window reaches back to the definition's {@code
   * since} (default 30 days) plus a day, and at least a day.
   */
  public static TransportSettings of(PipelineDefinition d, SensorSpec spec, Instant now) {
    Instant since = d.since().orElse(now.minus(Duration.ofDays(30)));
    Duration window = Duration.between(since, now).plusDays(1);
    if (window.isNegative() || window.isZero()) {
      window = Duration.ofDays(1);
    }
    return new TransportSettings(d, spec, since, window);
  }

  /** The Redis key prefix of the watcher's state. */
  public String stateKey() {
    return "waterbodies:pipeline:" + spec.name() + ":" + d.stream();
  }

  /** A sensor builder with the definition's spec, bus, trigger and retries; transport not set. */
  public Sensor.Builder sensor(Trigger trigger) {
    return Sensor.builder()
        .spec(spec)
        .bus(d.bus())
        .trigger(d.triggerName(), trigger)
        .maxAttempts(d.maxAttempts())
        .backoff(d.backoff());
  }
}
