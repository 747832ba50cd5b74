package io.waterbodies.events.sensor.internal;

import io.waterbodies.core.json.JsonException;
import io.waterbodies.events.MalformedEventException;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.ComponentMetrics;
import io.waterbodies.events.sensor.Dependency;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.sensor.TriggerSpec;
import io.waterbodies.events.sensor.engine.Delivery;
import io.waterbodies.events.sensor.engine.PendingEvents;
import io.waterbodies.events.sensor.engine.SensorPorts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sensor engine: the compiled sensor and the decision for each delivery, the same over every
 * transport. It routes a fetched batch; {@link BatchFiring} claims, fires and records the triggers
 * (the keys of a batch claimed and recorded in one pipelined step each), {@link Dispositions} hands
 * back and dead-letters.
 *
 * <ul>
 *   <li>too large, not a CloudEvent, a failing transform: dead-lettered at once;
 *   <li>filtered out: acknowledged;
 *   <li>a trigger whose condition waits for partners ({@code &&}, or several dependencies without
 *       {@code conditions}): the event is held in {@link PendingEvents} and acknowledged; the event
 *       that makes the condition true fires the trigger with all held events, then they are
 *       cleared;
 *   <li>otherwise the idempotency key (sensor, trigger, event ids) is claimed atomically: already
 *       done -> a duplicate, acknowledged; claimed elsewhere -> handed back for later; claimed ->
 *       the trigger fires (in delivery order); success -> the key is recorded done and the event
 *       acknowledged; failure -> the claim is released and the event redelivered with backoff, or
 *       dead-lettered when the failure is permanent or the attempts are exhausted.
 * </ul>
 *
 * <p>"Fired" and "recorded" stay apart: when the trigger succeeded but the key cannot be written,
 * the event is handed back without counting a failure and the next delivery only retries the
 * record; it is never dead-lettered.
 */
public final class SensorEngine {
  private static final Logger LOG = LoggerFactory.getLogger(SensorEngine.class);

  private final SensorSpec spec;
  private final EngineSettings settings;
  private final List<Route> routes = new ArrayList<>();
  private final List<TriggerRuntime> triggers = new ArrayList<>();
  private final ComponentMetrics metrics;
  private final Dispositions dispositions;
  private final BatchFiring firing;
  private volatile SensorPorts ports;

  /**
   * Compiles the sensor: every filter, transform, parameter, condition and reset schedule is
   * checked, and every trigger must have an implementation.
   *
   * @param implementations the implementation of each trigger, by trigger spec (empty: none)
   * @throws SensorSpecException naming the invalid value by its JSON pointer
   */
  public SensorEngine(
      SensorSpec spec,
      EventBusConfig bus,
      Function<TriggerSpec, Optional<Trigger>> implementations,
      EngineSettings settings) {
    this.spec = spec;
    this.settings = settings;
    this.metrics = new ComponentMetrics("sensor/" + spec.name());
    this.dispositions = new Dispositions(spec.name(), settings, metrics, () -> ports.deadLetters());
    this.firing = new BatchFiring(spec.name(), settings, metrics, dispositions, () -> ports.keys());
    String location = "sensor " + spec.name();
    Map<String, CompiledDependency> deps = new LinkedHashMap<>();
    for (int i = 0; i < spec.dependencies().size(); i++) {
      Dependency d = spec.dependencies().get(i);
      deps.put(d.name(), CompiledDependency.compile(d, location, "/spec/dependencies/" + i));
    }
    for (int i = 0; i < spec.triggers().size(); i++) {
      TriggerSpec t = spec.triggers().get(i);
      String ptr = "/spec/triggers/" + i;
      CompiledTrigger ct =
          CompiledTrigger.compile(t, location, ptr + "/template/" + t.kind() + "/parameters");
      int index = i;
      Trigger impl =
          implementations
              .apply(t)
              .orElseThrow(
                  () ->
                      new SensorSpecException(
                          "no implementation for trigger '"
                              + t.name()
                              + "' of kind "
                              + t.kind()
                              + "; register one with Sensor.Builder.trigger(name, impl)",
                          location,
                          "/spec/triggers/" + index,
                          null));
      TriggerRuntime rt = new TriggerRuntime(ct, impl);
      triggers.add(rt);
      for (String depName : rt.dependencies()) {
        CompiledDependency cd = deps.get(depName);
        routes.add(
            new Route(
                cd,
                rt,
                bus.subject(cd.spec().eventSourceName(), cd.spec().eventName()),
                durable(spec.name() + "-" + t.name() + "-" + depName)));
      }
    }
  }

  /** A name JetStream accepts as a durable, bucket or key token. */
  public static String durable(String s) {
    return s.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /** The sensor's definition. */
  public SensorSpec spec() {
    return spec;
  }

  /** The settings. */
  public EngineSettings settings() {
    return settings;
  }

  /** The counters; {@code out} counts triggers fired. */
  public ComponentMetrics metrics() {
    return metrics;
  }

  /** The number of keys fired whose completion could not be recorded yet. */
  public int unrecorded() {
    return firing.unrecorded();
  }

  List<Route> routes() {
    return routes;
  }

  List<TriggerRuntime> triggers() {
    return triggers;
  }

  void attach(SensorPorts p) {
    this.ports = p;
  }

  SensorPorts ports() {
    return ports;
  }

  /** Clears held events of {@code t} saved before {@code before} (all when empty). */
  void reset(TriggerRuntime t, Optional<Instant> before) {
    synchronized (t) {
      try {
        ports.pending().clear(t.name(), t.dependencies(), before);
        LOG.info(
            "sensor {} trigger {}: conditions reset{}",
            spec.name(),
            t.name(),
            before.map(b -> " (events held before " + b + ")").orElse(""));
      } catch (Exception e) {
        LOG.warn(
            "sensor {} trigger {}: cannot reset conditions: {}",
            spec.name(),
            t.name(),
            Connections.reason(e));
      }
    }
  }

  /** Drops held events of {@code t} for which a scheduled reset passed since they were saved. */
  void dropStale(TriggerRuntime t) {
    synchronized (t) {
      Instant now = Instant.now();
      try {
        for (var e : ports.pending().load(t.name(), t.dependencies()).entrySet()) {
          Optional<Instant> reset = t.nextReset(e.getValue().savedAt());
          if (reset.isPresent() && !reset.get().isAfter(now)) {
            ports.pending().clear(t.name(), List.of(e.getKey()), Optional.empty());
            LOG.info(
                "sensor {} trigger {}: dropped the event of {} held from before the reset at {}",
                spec.name(),
                t.name(),
                e.getKey(),
                reset.get());
          }
        }
      } catch (Exception e) {
        LOG.warn(
            "sensor {} trigger {}: cannot drop held events from before the last reset: {}",
            spec.name(),
            t.name(),
            Connections.reason(e));
      }
    }
  }

  /**
   * Decides what to do with a fetched batch of one route and does it: every delivery ends with an
   * ack, a nak or a dead letter. The deliveries that pass their filters fire through {@link
   * BatchFiring} together; those of a trigger that waits for partners one at a time. The
   * acknowledgements of fired events wait for their records, which travel while the route fetches
   * its next batch: the runner calls {@link #settle} when it has nothing else to do. Only an {@link
   * Error} thrown by a trigger escapes (after the batch was acknowledged or handed back), so the
   * route's supervisor can restart the route.
   *
   * @param running false once the route stops: what is not fired yet is handed back
   */
  void handle(Route r, List<Delivery> batch, BooleanSupplier running) {
    TriggerRuntime t = r.trigger();
    List<BatchFiring.Candidate> candidates = new ArrayList<>(batch.size());
    for (Delivery m : batch) {
      Optional<Envelope> passed = admit(r, m);
      if (passed.isEmpty()) {
        continue;
      }
      Envelope e = passed.get();
      if (!t.waitsForPartners()) {
        candidates.add(
            BatchFiring.Candidate.of(
                r, m, Map.of(r.dependencyName(), e), EventIds.hash(spec.name(), t.name(), e.id())));
      } else if (running.getAsBoolean()) {
        holdOrFire(r, m, e, running);
      } else {
        m.nak(Duration.ZERO);
      }
    }
    if (!candidates.isEmpty()) {
      firing.fire(candidates, running, true);
    }
  }

  /** Whether deliveries of the route wait for records on their way ({@link #settle}). */
  boolean recordsInFlight(Route r) {
    return firing.inFlight(r);
  }

  /** Waits for the route's records on their way and acknowledges (or hands back) their events. */
  void settle(Route r) {
    firing.settle(r);
  }

  /**
   * Counts the delivery and applies the size limit, the CloudEvent parse and the dependency's
   * filters and transform; empty when it was acknowledged (filtered out) or dead-lettered.
   */
  private Optional<Envelope> admit(Route r, Delivery m) {
    metrics.in();
    byte[] body = m.body() == null ? new byte[0] : m.body();
    if (body.length > settings.maxEventBytes()) {
      dispositions.deadLetter(
          r,
          m,
          "event is " + body.length + " bytes, more than the limit of " + settings.maxEventBytes());
      return Optional.empty();
    }
    try {
      Envelope event = Envelope.parse(body, m.subject());
      Optional<Envelope> p = r.dependency().apply(event, m.subject());
      if (p.isEmpty()) {
        metrics.filtered();
        m.ack();
      }
      return p;
    } catch (MalformedEventException | JsonException e) {
      dispositions.deadLetter(r, m, e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A trigger that waits for partners: holds the event until the condition holds, then fires with
   * all held events and clears them.
   */
  private void holdOrFire(Route r, Delivery m, Envelope passed, BooleanSupplier running) {
    TriggerRuntime t = r.trigger();
    synchronized (t) {
      Map<String, Envelope> events = new TreeMap<>();
      try {
        for (var e : ports.pending().load(t.name(), t.dependencies()).entrySet()) {
          try {
            events.put(e.getKey(), Envelope.parse(e.getValue().body(), "held " + e.getKey()));
          } catch (MalformedEventException | JsonException bad) {
            // Not ours to retry forever: a held value nobody can read counts as no event.
            LOG.warn(
                "sensor {} trigger {}: ignoring an unreadable held event of {}: {}",
                spec.name(),
                t.name(),
                e.getKey(),
                bad.getMessage());
          }
        }
      } catch (Exception e) {
        dispositions.storeUnavailable(r, m, "cannot read the events held for the trigger", e);
        return;
      }
      events.put(r.dependencyName(), passed);
      if (!t.satisfiedBy(events.keySet())) {
        try {
          ports
              .pending()
              .save(
                  t.name(),
                  r.dependencyName(),
                  new PendingEvents.Held(passed.toBytes(), Instant.now()));
        } catch (Exception e) {
          dispositions.storeUnavailable(r, m, "cannot hold the event for its partners", e);
          return;
        }
        LOG.debug(
            "sensor {} trigger {}: holding {} until its conditions hold (have {})",
            spec.name(),
            t.name(),
            r.dependencyName(),
            events.keySet());
        m.ack();
        return;
      }
      List<String> ids = new ArrayList<>();
      events.values().forEach(e -> ids.add(e.id()));
      String key = EventIds.hash(spec.name(), t.name(), String.join(",", ids));
      if (firing.fire(List.of(BatchFiring.Candidate.of(r, m, events, key)), running, false)[0]) {
        try {
          ports.pending().clear(t.name(), t.dependencies(), Optional.empty());
        } catch (Exception e) {
          LOG.warn(
              "sensor {} trigger {}: fired, but the held events could not be cleared: {}",
              spec.name(),
              t.name(),
              Connections.reason(e));
        }
      }
    }
  }
}
