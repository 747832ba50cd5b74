package io.waterbodies.events.sensor.internal;

import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.ComponentMetrics;
import io.waterbodies.events.sensor.engine.DeadLetterSink;
import io.waterbodies.events.sensor.engine.Delivery;
import java.time.Duration;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the engine ends a delivery it does not acknowledge as done: handed back with backoff (a busy
 * key, an unreachable store, a failed trigger with attempts left) or dead-lettered (a poison event,
 * a permanent failure, the attempts exhausted), with the counters and log lines of each.
 */
final class Dispositions {
  private static final Logger LOG = LoggerFactory.getLogger(Dispositions.class);

  private final String sensor;
  private final EngineSettings settings;
  private final ComponentMetrics metrics;
  private final Supplier<DeadLetterSink> sink;

  Dispositions(
      String sensor,
      EngineSettings settings,
      ComponentMetrics metrics,
      Supplier<DeadLetterSink> sink) {
    this.sensor = sensor;
    this.settings = settings;
    this.metrics = metrics;
    this.sink = sink;
  }

  /** The redelivery delay after {@code m}'s attempts. */
  Duration backoff(Delivery m) {
    return settings.backoff().delayAfter((int) Math.min(m.attempt(), 30));
  }

  /** Another route or replica holds the key: its outcome decides at the next delivery. */
  void busy(Delivery m) {
    metrics.redelivered();
    m.nak(backoff(m));
  }

  /** The store could not be read or written: hand the delivery back with backoff. */
  void storeUnavailable(Route r, Delivery m, String what, Exception e) {
    Duration d = backoff(m);
    LOG.warn(
        "sensor {} trigger {}: {} ({}); redelivery in {} ms",
        sensor,
        r.trigger().name(),
        what,
        Connections.reason(e),
        d.toMillis());
    metrics.redelivered();
    m.nak(d);
  }

  /** The trigger failed transiently: redeliver with backoff, or dead-letter after the last try. */
  void retry(Route r, Delivery m, Exception e) {
    metrics.failed();
    String reason = Connections.reason(e);
    if (m.attempt() >= settings.maxAttempts()) {
      deadLetter(r, m, "trigger failed " + m.attempt() + " time(s); last error: " + reason);
      return;
    }
    Duration d = backoff(m);
    LOG.warn(
        "sensor {} trigger {}: attempt {} failed ({}); redelivery in {} ms",
        sensor,
        r.trigger().name(),
        m.attempt(),
        reason,
        d.toMillis());
    m.nak(d);
    metrics.redelivered();
  }

  /** Gives up on the delivery: stored in the dead-letter sink, then acknowledged. */
  void deadLetter(Route r, Delivery m, String reason) {
    String why = reason == null ? "unknown" : reason;
    try {
      sink.get()
          .deadLetter(
              new DeadLetterSink.DeadLetter(
                  sensor,
                  r.trigger().name(),
                  r.durable(),
                  m.subject(),
                  m.body() == null ? new byte[0] : m.body(),
                  why,
                  m.attempt(),
                  m.sequence()));
      m.ack();
      metrics.deadLettered();
      LOG.warn(
          "sensor {}: dead-lettered message {} of {}: {}", sensor, m.sequence(), m.subject(), why);
    } catch (Exception e) {
      metrics.failed();
      LOG.warn(
          "sensor {}: cannot dead-letter message {} ({}); will retry",
          sensor,
          m.sequence(),
          Connections.reason(e));
      m.nak(settings.backoff().delayAfter(3));
    }
  }
}
