package io.waterbodies.events.pipeline.internal;

import io.waterbodies.core.json.JsonException;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.MalformedEventException;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.ComponentMetrics;
import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.sensor.Dependency;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.Trigger;
import io.waterbodies.events.sensor.TriggerException;
import io.waterbodies.events.sensor.TriggerRequest;
import io.waterbodies.events.sensor.TriggerSpec;
import io.waterbodies.events.sensor.internal.CompiledDependency;
import io.waterbodies.events.sensor.internal.CompiledTrigger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SensorSpec} against the {@link InMemoryEventBus} with the same compiled filters, jq
 * transform, parameter mapping and idempotency keys as {@link io.waterbodies.events.sensor.Sensor};
 * failed triggers are retried with backoff, then recorded as dead letters. Nothing survives the
 * JVM.
 */
public final class LocalSensor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LocalSensor.class);

  private final SensorSpec spec;
  private final List<Route> routes = new ArrayList<>();
  private final ComponentMetrics metrics;
  private final Set<String> completed = ConcurrentHashMap.newKeySet();
  private final List<String> deadLetters = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final int maxAttempts;
  private final RetryPolicy backoff;
  private volatile boolean running;

  private record Route(
      CompiledDependency dependency,
      CompiledTrigger trigger,
      Trigger impl,
      String subject,
      BlockingQueue<byte[]> queue) {}

  /**
   * Compiles the spec and subscribes one queue per (trigger, dependency).
   *
   * @throws io.waterbodies.events.sensor.SensorSpecException when a filter or parameter is invalid
   *     or a trigger has no implementation
   */
  public LocalSensor(
      SensorSpec spec,
      EventBusConfig bus,
      InMemoryEventBus memory,
      Map<String, Trigger> triggers,
      int maxAttempts,
      RetryPolicy backoff) {
    this.spec = spec;
    this.maxAttempts = maxAttempts;
    this.backoff = backoff;
    this.metrics = new ComponentMetrics("sensor/" + spec.name());
    String location = "sensor " + spec.name();
    Map<String, CompiledDependency> deps = new LinkedHashMap<>();
    for (int i = 0; i < spec.dependencies().size(); i++) {
      Dependency d = spec.dependencies().get(i);
      deps.put(d.name(), CompiledDependency.compile(d, location, "/spec/dependencies/" + i));
    }
    for (int i = 0; i < spec.triggers().size(); i++) {
      TriggerSpec t = spec.triggers().get(i);
      CompiledTrigger ct =
          CompiledTrigger.compile(
              t, location, "/spec/triggers/" + i + "/template/" + t.kind() + "/parameters");
      Trigger impl = triggers.get(t.name());
      if (impl == null) {
        throw new io.waterbodies.events.sensor.SensorSpecException(
            "no implementation for trigger '" + t.name() + "'",
            location,
            "/spec/triggers/" + i,
            null);
      }
      for (String depName : t.dependencies()) {
        CompiledDependency cd = deps.get(depName);
        String subject = bus.subject(cd.spec().eventSourceName(), cd.spec().eventName());
        routes.add(new Route(cd, ct, impl, subject, memory.subscribe(subject)));
      }
    }
    metrics.lagSupplier(() -> routes.stream().mapToLong(r -> r.queue().size()).sum());
  }

  /** The counters, shaped like the JetStream sensor's. */
  public MetricsSnapshot metrics() {
    return metrics.snapshot();
  }

  /** The reasons of the events given up on, in order. */
  public List<String> deadLetters() {
    return List.copyOf(deadLetters);
  }

  /** Starts one thread per (trigger, dependency). */
  public synchronized LocalSensor start() {
    if (running) {
      return this;
    }
    running = true;
    for (Route r : routes) {
      Thread t = new Thread(() -> loop(r), "local-sensor-" + spec.name());
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    LOG.info("in-memory sensor {} started: {} route(s)", spec.name(), routes.size());
    return this;
  }

  private void loop(Route r) {
    while (running) {
      byte[] body;
      try {
        body = r.queue().poll(200, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (body != null) {
        try {
          handle(r, body);
        } catch (RuntimeException e) {
          // A long-running loop survives any one bad event.
          metrics.failed();
          LOG.warn("in-memory sensor {}: event dropped: {}", spec.name(), Connections.reason(e));
        }
      }
    }
  }

  private void handle(Route r, byte[] body) {
    metrics.in();
    Envelope event;
    java.util.Optional<Envelope> passed;
    try {
      event = Envelope.parse(body, r.subject());
      passed = r.dependency().apply(event, r.subject());
    } catch (MalformedEventException | JsonException e) {
      deadLetter(e.getMessage());
      return;
    }
    if (passed.isEmpty()) {
      metrics.filtered();
      return;
    }
    String key = EventIds.hash(spec.name(), r.trigger().spec().name(), event.id());
    if (completed.contains(key)) {
      metrics.duplicate();
      return;
    }
    Map<String, Envelope> events = Map.of(r.dependency().spec().name(), passed.get());
    for (int attempt = 1; running || attempt == 1; attempt++) {
      try {
        TriggerRequest req =
            new TriggerRequest(
                spec.name(),
                r.trigger().spec().name(),
                key,
                r.trigger().resolve(events),
                events,
                attempt);
        r.impl().fire(req);
        completed.add(key);
        metrics.out();
        return;
      } catch (TriggerException e) {
        if (e.isPermanent()) {
          deadLetter(e.getMessage());
          return;
        }
        if (!retry(attempt, e)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (!retry(attempt, e)) {
          return;
        }
      }
    }
  }

  private boolean retry(int attempt, Exception e) {
    metrics.failed();
    String reason = Connections.reason(e);
    if (attempt >= maxAttempts) {
      deadLetter("trigger failed " + attempt + " time(s); last error: " + reason);
      return false;
    }
    Duration d = backoff.delayAfter(attempt);
    LOG.warn(
        "in-memory sensor {}: attempt {} failed ({}); retrying in {} ms",
        spec.name(),
        attempt,
        reason,
        d.toMillis());
    metrics.redelivered();
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      return false;
    }
    return true;
  }

  private void deadLetter(String reason) {
    metrics.deadLettered();
    deadLetters.add(reason);
    LOG.warn("in-memory sensor {}: gave up on an event: {}", spec.name(), reason);
  }

  /** Stops the threads after the event each is handling. */
  @Override
  public synchronized void close() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
  }
}
