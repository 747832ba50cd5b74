package io.waterbodies.events.sensor.internal;

import io.waterbodies.core.concurrent.DaemonThreads;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.sensor.SensorHealth;
import io.waterbodies.events.sensor.engine.Delivery;
import io.waterbodies.events.sensor.engine.EventSubscription;
import io.waterbodies.events.sensor.engine.SensorPorts;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SensorEngine} over opened {@link SensorPorts}: one supervised thread per route that
 * fetches deliveries and hands them to the engine, and the {@code conditionsReset} schedules. A
 * route whose thread fails (a trigger throwing an {@link Error}, a bug) is logged and restarted
 * with backoff; restarts and the last error show in {@link #health()}.
 */
public final class SensorRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SensorRunner.class);
  private static final Duration FETCH_WAIT = Duration.ofSeconds(1);
  private static final Duration SETTLE_WAIT = Duration.ofMillis(1);
  private static final Duration CHECK_EVERY = Duration.ofSeconds(3);

  private final SensorEngine engine;
  private final SensorPorts ports;
  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, EventSubscription> subscriptions = new ConcurrentHashMap<>();
  private final AtomicLong restarts = new AtomicLong();
  private final Duration joinTimeout;
  private volatile String lastError = "";
  private volatile boolean running;
  private ScheduledExecutorService resets;

  /**
   * Subscribes every route (so no event published after this returns is missed) and starts the
   * threads.
   *
   * @param joinTimeout how long {@link #close()} waits for a route to finish its delivery
   * @throws Exception when a subscription is refused
   */
  public SensorRunner(SensorEngine engine, SensorPorts ports, Duration joinTimeout)
      throws Exception {
    this.engine = engine;
    this.ports = ports;
    this.joinTimeout = joinTimeout;
    engine.attach(ports);
    for (Route r : engine.routes()) {
      subscriptions.put(r.durable(), ports.events().subscribe(r.durable(), r.subject()));
    }
    engine.metrics().lagSupplier(this::lag);
    running = true;
    startResets();
    for (Route r : engine.routes()) {
      Thread t = DaemonThreads.newThread("sensor-" + r.durable(), () -> supervise(r));
      threads.add(t);
      t.start();
    }
  }

  /** Restarts, unrecorded keys and the last error. */
  public SensorHealth health() {
    return new SensorHealth(
        running, engine.routes().size(), restarts.get(), engine.unrecorded(), lastError);
  }

  private long lag() {
    long n = 0;
    for (EventSubscription s : subscriptions.values()) {
      long l = s.lag();
      if (l < 0) {
        return -1;
      }
      n += l;
    }
    return n;
  }

  private void startResets() {
    boolean any = engine.triggers().stream().anyMatch(TriggerRuntime::hasResets);
    if (!any) {
      return;
    }
    resets =
        Executors.newSingleThreadScheduledExecutor(
            DaemonThreads.named("sensor-conditions-reset-" + engine.spec().name()));
    for (TriggerRuntime t : engine.triggers()) {
      if (t.hasResets()) {
        // Like Argo: events held from before the last scheduled reset do not count any more.
        engine.dropStale(t);
        scheduleReset(t);
      }
    }
  }

  private void scheduleReset(TriggerRuntime t) {
    Optional<Instant> next = t.nextReset(Instant.now());
    if (next.isEmpty() || !running) {
      return;
    }
    long delay = Math.max(0, Duration.between(Instant.now(), next.get()).toMillis());
    resets.schedule(
        () -> {
          engine.reset(t, Optional.empty());
          scheduleReset(t);
        },
        delay,
        TimeUnit.MILLISECONDS);
  }

  private void supervise(Route r) {
    int failures = 0;
    while (running) {
      try {
        loop(r);
        return;
      } catch (Throwable e) { // NOPMD: a supervisor must survive anything a trigger throws
        if (!running) {
          return;
        }
        failures++;
        restarts.incrementAndGet();
        lastError = r.durable() + ": " + Connections.reason(e);
        Duration d = engine.settings().backoff().delayAfter(Math.min(failures, 20));
        LOG.error(
            "sensor {}: route {} failed; restarting it in {} ms",
            engine.spec().name(),
            r.durable(),
            d.toMillis(),
            e);
        if (!pause(d)) {
          return;
        }
      }
    }
  }

  private void loop(Route r) {
    try {
      fetchLoop(r);
    } finally {
      // Whatever ends the loop, the events whose records are on their way are settled.
      engine.settle(r);
    }
  }

  private void fetchLoop(Route r) {
    int failures = 0;
    long lastCheck = System.nanoTime();
    while (running) {
      EventSubscription sub = subscriptions.get(r.durable());
      try {
        // While records are on their way, look for the next batch only briefly: when none is
        // there, settle them (their events are acknowledged) instead of waiting for one.
        boolean inFlight = engine.recordsInFlight(r);
        List<Delivery> batch =
            sub.fetch(engine.settings().batch(), inFlight ? SETTLE_WAIT : FETCH_WAIT);
        if (!running) {
          // Hand them back at once, so a restart sees them without waiting for ackWait.
          batch.forEach(m -> m.nak(Duration.ZERO));
        } else if (!batch.isEmpty()) {
          engine.handle(r, batch, () -> running);
        } else if (inFlight) {
          engine.settle(r);
        }
        failures = 0;
        if (System.nanoTime() - lastCheck > CHECK_EVERY.toNanos() && running) {
          lastCheck = System.nanoTime();
          sub.check();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (!running) {
          return;
        }
        failures++;
        Duration d = engine.settings().backoff().delayAfter(Math.min(failures, 20));
        lastError = r.durable() + ": " + Connections.reason(e);
        LOG.warn(
            "sensor {}: fetch on {} failed ({}); retrying in {} ms",
            engine.spec().name(),
            r.durable(),
            Connections.reason(e),
            d.toMillis());
        if (!pause(d)) {
          return;
        }
      }
    }
  }

  private boolean pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Stops fetching, lets each route finish the delivery it handles (acknowledged or handed back),
   * hands back the rest, and closes the subscriptions (durable state stays).
   */
  @Override
  public synchronized void close() {
    running = false;
    if (resets != null) {
      resets.shutdownNow();
    }
    for (Thread t : threads) {
      try {
        t.join(joinTimeout.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
    for (EventSubscription s : subscriptions.values()) {
      try {
        s.close();
      } catch (RuntimeException e) {
        LOG.debug("closing a subscription: {}", e.getMessage());
      }
    }
  }
}
