package io.waterbodies.events.source;

import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.ComponentMetrics;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the stream and the Pub/Sub forwarding loops share: the running flag, the backoff after a
 * failure (cut short when NATS comes back) and the wait for NATS while it is down.
 */
abstract class SourceLoop implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(SourceLoop.class);

  final RedisEventSourceConfig config;
  final ComponentMetrics metrics;
  final BusConnection bus;
  private volatile boolean running = true;

  SourceLoop(RedisEventSourceConfig config, ComponentMetrics metrics, BusConnection bus) {
    this.config = config;
    this.metrics = metrics;
    this.bus = bus;
  }

  /** True until {@link #stop()} or an interrupt. */
  final boolean running() {
    return running;
  }

  /** Asks the loop to finish and wakes it from any wait. */
  final void stop() {
    running = false;
    bus.link().wakeAll();
  }

  /**
   * Counts and reports a failure, then waits per the backoff policy, less when NATS came back
   * meanwhile.
   *
   * @return the failure count to carry on with
   */
  final int backoff(int failures, RuntimeException e) {
    metrics.failed();
    String reason = Connections.reason(e);
    metrics.error(reason);
    Duration d = config.backoff().delayAfter(Math.min(failures, 30));
    LOG.warn(
        "event source {}.{}: {}; retrying in {} ms",
        config.eventSourceName(),
        config.eventName(),
        reason,
        d.toMillis());
    NatsLink link = bus.link();
    long comebacks = link.comebacks();
    if (!link.pause(d, () -> !running, () -> link.comebacks() != comebacks)) {
      running = false;
    }
    return failures;
  }

  /** Waits until NATS is back, the source closes or {@code max} passed. */
  final void awaitNats(Duration max) {
    NatsLink link = bus.link();
    if (!link.pause(max, () -> !running, link::isUp)) {
      running = false;
    }
  }
}
