package io.waterbodies.events.metrics;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Live counters of one component (watcher, event source or sensor). Thread-safe; read a consistent
 * copy with {@link #snapshot()}. The lag is computed on demand by the component (for example the
 * number of messages a consumer has not yet received).
 */
public final class ComponentMetrics {
  private final String component;
  private final LongAdder in = new LongAdder();
  private final LongAdder out = new LongAdder();
  private final LongAdder failed = new LongAdder();
  private final LongAdder redelivered = new LongAdder();
  private final LongAdder deadLettered = new LongAdder();
  private final LongAdder duplicates = new LongAdder();
  private final LongAdder filtered = new LongAdder();
  private volatile LongSupplier lag = () -> 0L;
  private volatile ComponentHealth.LastError lastError;

  /** Creates zeroed counters for the named component. */
  public ComponentMetrics(String component) {
    this.component = component;
  }

  /** Sets how the lag is computed (called by the component that owns these metrics). */
  public void lagSupplier(LongSupplier supplier) {
    this.lag = supplier;
  }

  /** One event received. */
  public void in() {
    in.increment();
  }

  /** One event delivered onwards (published, triggered). */
  public void out() {
    out.increment();
  }

  /** One failed attempt. */
  public void failed() {
    failed.increment();
  }

  /** One event handed back for redelivery. */
  public void redelivered() {
    redelivered.increment();
  }

  /** One event sent to the dead-letter subject. */
  public void deadLettered() {
    deadLettered.increment();
  }

  /** One duplicate recognised and skipped. */
  public void duplicate() {
    duplicates.increment();
  }

  /** One event that did not pass the filters. */
  public void filtered() {
    filtered.increment();
  }

  /**
   * Remembers the latest error for the health view; {@code reason} must already be free of
   * credentials (use the events module's redacting helpers).
   */
  public void error(String reason) {
    lastError = new ComponentHealth.LastError(reason, java.time.Instant.now());
  }

  /** The latest error recorded with {@link #error(String)}. */
  public java.util.Optional<ComponentHealth.LastError> lastError() {
    return java.util.Optional.ofNullable(lastError);
  }

  /** A copy of the counters now; the lag is -1 when it cannot be computed (server unreachable). */
  public MetricsSnapshot snapshot() {
    long l;
    try {
      l = lag.getAsLong();
    } catch (RuntimeException e) {
      l = -1;
    }
    return new MetricsSnapshot(
        component,
        in.sum(),
        out.sum(),
        failed.sum(),
        redelivered.sum(),
        deadLettered.sum(),
        duplicates.sum(),
        filtered.sum(),
        l);
  }
}
