package io.waterbodies.events.metrics;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether one component is healthy and ready, for an operator looking for a stalled part: is it
 * running, is it connected to its servers, how much work waits upstream, and what went wrong last.
 *
 * @param component the component's name (as in its metrics)
 * @param running true while its threads run
 * @param connected true while its servers answer (NATS connection up, Redis reachable)
 * @param lag events waiting upstream; -1 when unknown (a server unreachable)
 * @param lastError the latest error, if any since start
 * @param metrics the counters at the same moment
 */
public record ComponentHealth(
    String component,
    boolean running,
    boolean connected,
    long lag,
    Optional<LastError> lastError,
    MetricsSnapshot metrics) {

  /**
   * One error.
   *
   * @param reason what failed, without credentials
   * @param at when
   */
  public record LastError(String reason, Instant at) {
    /** Checks the values. */
    public LastError {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(at, "at");
    }
  }

  /** Checks the values. */
  public ComponentHealth {
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(lastError, "lastError");
    Objects.requireNonNull(metrics, "metrics");
  }

  /**
   * The health of a component known only by its metrics (for example a {@code Sensor}): running as
   * said, connected when the lag could be computed (it is -1 when the server does not answer).
   */
  public static ComponentHealth of(MetricsSnapshot metrics, boolean running) {
    return new ComponentHealth(
        metrics.component(), running, metrics.lag() >= 0, metrics.lag(), Optional.empty(), metrics);
  }

  /** The health of a component from its live metrics, with their latest error. */
  public static ComponentHealth of(ComponentMetrics metrics, boolean running, boolean connected) {
    MetricsSnapshot s = metrics.snapshot();
    return new ComponentHealth(
        s.component(), running, connected && s.lag() >= 0, s.lag(), metrics.lastError(), s);
  }

  /** Ready: running and connected. */
  public boolean ready() {
    return running && connected;
  }

  /** The health as JSON: {@code component, ready, running, connected, lag, lastError, metrics}. */
  public ObjectNode toJson() {
    ObjectNode o = Json.object();
    o.put("component", component);
    o.put("ready", ready());
    o.put("running", running);
    o.put("connected", connected);
    o.put("lag", lag);
    lastError.ifPresentOrElse(
        e -> {
          ObjectNode le = o.putObject("lastError");
          le.put("reason", e.reason());
          le.put("at", e.at().toString());
        },
        () -> o.putNull("lastError"));
    ObjectNode m = o.putObject("metrics");
    m.put("in", metrics.in());
    m.put("out", metrics.out());
    m.put("failed", metrics.failed());
    m.put("redelivered", metrics.redelivered());
    m.put("deadLettered", metrics.deadLettered());
    m.put("duplicates", metrics.duplicates());
    m.put("filtered", metrics.filtered());
    return o;
  }

  /** One line for a terminal. */
  public String line() {
    return String.format(
        java.util.Locale.ROOT,
        "%s: %s, %s, %s, lag %s, in %d out %d failed %d dead-lettered %d%s",
        component,
        ready() ? "READY" : "NOT READY",
        running ? "running" : "stopped",
        connected ? "connected" : "disconnected",
        lag < 0 ? "unknown" : Long.toString(lag),
        metrics.in(),
        metrics.out(),
        metrics.failed(),
        metrics.deadLettered(),
        lastError.map(e -> ", last error at " + e.at() + ": " + e.reason()).orElse(""));
  }
}
