package io.waterbodies.events.sensor;

import io.nats.client.Connection;
import io.nats.client.Options;
import io.nats.client.api.DeliverPolicy;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.sensor.engine.InMemoryEventBus;
import io.waterbodies.events.sensor.engine.InMemorySensorTransport;
import io.waterbodies.events.sensor.engine.SensorPorts;
import io.waterbodies.events.sensor.engine.SensorTransport;
import io.waterbodies.events.sensor.internal.EngineSettings;
import io.waterbodies.events.sensor.internal.JetStreamSensorTransport;
import io.waterbodies.events.sensor.internal.SensorEngine;
import io.waterbodies.events.sensor.internal.SensorRunner;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SensorSpec} with Argo's filter, transform, condition and parameter semantics and
 * stronger delivery guarantees than Argo's sensor, on the JetStream event bus (or, for demos and
 * tests, on an {@link InMemoryEventBus}). The decisions are the {@link SensorEngine}'s; this class
 * wires it to a transport and runs it.
 *
 * <p>Delivery: like Argo, one durable pull consumer per (trigger, dependency), AckExplicit. Unlike
 * Argo, a message is acknowledged only after its trigger succeeded; a failed trigger is redelivered
 * with backoff (nak with delay) up to {@link Builder#maxAttempts} times, then published to the
 * dead-letter subject with the reason; poison messages (not JSON, too large, not a CloudEvent, a
 * transform that fails, a parameter key that is missing without a default) go to the dead-letter
 * subject at once. Each trigger run gets an idempotency key derived from sensor, trigger and event
 * id(s), claimed atomically in a JetStream key-value bucket before the trigger fires, so neither a
 * redelivery, nor two routes, nor two sensor replicas fire one key twice.
 *
 * <p>Connections are the host's when it wants: {@link Builder#connection} uses an open jnats
 * connection (never closed here), {@link Builder#options} connects with the host's options
 * (credentials, TLS), {@link Builder#natsUri} with a URI.
 *
 * <pre>{@code
 * try (Sensor sensor = Sensor.builder()
 *     .spec(SensorSpec.read(Path.of("sensor.yaml")))
 *     .trigger("water-bodies", request -> submit(request.resource()))
 *     .build()
 *     .start()) {
 *   ... // runs until closed
 * }
 * }</pre>
 */
public final class Sensor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Sensor.class);

  /** Header naming why a message was dead-lettered. */
  public static final String HEADER_REASON = "Waterbodies-Dead-Letter-Reason";

  /** Header naming the subject a dead-lettered message was read from. */
  public static final String HEADER_SUBJECT = "Waterbodies-Original-Subject";

  /** Header naming the trigger that gave up on a dead-lettered message. */
  public static final String HEADER_TRIGGER = "Waterbodies-Trigger";

  /** Header with the number of deliveries of a dead-lettered message. */
  public static final String HEADER_ATTEMPTS = "Waterbodies-Attempts";

  /** Messages a route fetches per pull at most, by default. */
  public static final int DEFAULT_BATCH = 100;

  private final SensorEngine engine;
  private final Function<String, SensorTransport> transports;
  private final String deadLetterSubject;
  private final Duration ackWait;
  private SensorTransport transport;
  private SensorRunner runner;

  private Sensor(
      SensorEngine engine,
      Function<String, SensorTransport> transports,
      String deadLetterSubject,
      Duration ackWait) {
    this.engine = engine;
    this.transports = transports;
    this.deadLetterSubject = deadLetterSubject;
    this.ackWait = ackWait;
  }

  /** A builder; {@link Builder#spec} is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** The sensor's definition. */
  public SensorSpec spec() {
    return engine.spec();
  }

  /** The subject dead-lettered messages are published to (JetStream transport). */
  public String deadLetterSubject() {
    return deadLetterSubject;
  }

  /** The counters; the lag is the number of messages not yet acknowledged by all consumers. */
  public MetricsSnapshot metrics() {
    return engine.metrics().snapshot();
  }

  /** Whether the routes run, their restarts after failures, unrecorded keys, the last error. */
  public synchronized SensorHealth health() {
    return runner == null
        ? new SensorHealth(false, 0, 0, engine.unrecorded(), "")
        : runner.health();
  }

  /**
   * Connects, creates the bus stream, the dead-letter stream, the key-value bucket and the durable
   * consumers when missing, and starts one supervised thread per consumer.
   *
   * @throws io.waterbodies.events.EventsConnectionException when NATS stays unreachable
   */
  public synchronized Sensor start() {
    if (runner != null) {
      return this;
    }
    SensorTransport t = transports.apply(deadLetterSubject);
    SensorPorts ports = t.open(engine.spec().name());
    try {
      runner = new SensorRunner(engine, ports, ackWait);
    } catch (RuntimeException e) {
      t.close();
      throw e;
    } catch (Exception e) {
      t.close();
      throw new EventsException(
          "sensor "
              + engine.spec().name()
              + ": cannot set up its consumers: "
              + Connections.reason(e),
          e);
    }
    transport = t;
    LOG.info(
        "sensor {} started: {} route(s) on {}",
        engine.spec().name(),
        runner.health().routes(),
        t.describe());
    return this;
  }

  /**
   * Stops fetching, finishes the message being processed (acknowledged or handed back), hands back
   * the rest of the batch, and closes the connection it opened. The durable consumers stay on the
   * server, so the next start resumes where this one stopped.
   */
  @Override
  public synchronized void close() {
    if (runner != null) {
      runner.close();
      runner = null;
    }
    if (transport != null) {
      transport.close();
      transport = null;
    }
  }

  /** Builds a {@link Sensor}; {@link #build()} compiles the spec and rejects invalid filters. */
  public static final class Builder {
    private SensorSpec spec;
    private NatsAccess nats = NatsAccess.uri("nats://127.0.0.1:4222");
    private SensorTransport custom;
    private EventBusConfig bus = EventBusConfig.defaults();
    private final Map<String, Trigger> triggers = new HashMap<>();
    private TriggerFactory factory = TriggerFactory.logOnly();
    private int maxAttempts = 5;
    private RetryPolicy backoff =
        RetryPolicy.builder()
            .maxAttempts(Integer.MAX_VALUE)
            .initialDelay(Duration.ofSeconds(1))
            .maxDelay(Duration.ofMinutes(1))
            .build();
    private RetryPolicy connectPolicy = RetryPolicy.builder().maxAttempts(5).build();
    private String deadLetterSubject;
    private DeliverPolicy deliverPolicy = DeliverPolicy.New;
    private Duration ackWait = Duration.ofSeconds(60);
    private Optional<Duration> claimExpiry = Optional.empty();
    private int maxEventBytes = 1024 * 1024;
    private int batch = DEFAULT_BATCH;
    private Duration completedTtl = Duration.ofDays(7);

    private Builder() {}

    /** The sensor definition (required). */
    public Builder spec(SensorSpec v) {
      this.spec = v;
      return this;
    }

    /** The NATS URI (default {@code nats://127.0.0.1:4222}); the sensor owns the connection. */
    public Builder natsUri(String v) {
      this.nats = NatsAccess.uri(v);
      this.custom = null;
      return this;
    }

    /**
     * Connects with the host's jnats options (credentials, TLS); the sensor owns the connection.
     */
    public Builder options(Options v) {
      this.nats = NatsAccess.options(v);
      this.custom = null;
      return this;
    }

    /** Uses the host's open connection; {@link Sensor#close()} leaves it open. */
    public Builder connection(Connection v) {
      this.nats = NatsAccess.connection(v);
      this.custom = null;
      return this;
    }

    /**
     * Runs on an in-memory bus instead of JetStream (for demos and tests; nothing survives the
     * JVM): the same engine over the in-memory adapters; dead letters are kept by {@code
     * transport}.
     */
    public Builder inMemory(InMemorySensorTransport transport) {
      return transport(transport);
    }

    /**
     * Runs on the given transport's ports instead of JetStream (the engine is the same; {@link
     * InMemorySensorTransport} is one). The sensor opens it at start and closes it when closed.
     */
    public Builder transport(SensorTransport transport) {
      this.custom = Objects.requireNonNull(transport, "transport");
      return this;
    }

    /** The bus layout (default Argo's {@code default}). */
    public Builder bus(EventBusConfig v) {
      this.bus = Objects.requireNonNull(v);
      return this;
    }

    /** The implementation of the named trigger. */
    public Builder trigger(String name, Trigger impl) {
      triggers.put(name, Objects.requireNonNull(impl));
      return this;
    }

    /** Chooses implementations for triggers not registered by name (default: log triggers only). */
    public Builder triggerFactory(TriggerFactory v) {
      this.factory = Objects.requireNonNull(v);
      return this;
    }

    /** Deliveries before a failing event is dead-lettered (default 5). */
    public Builder maxAttempts(int v) {
      if (v < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1");
      }
      this.maxAttempts = v;
      return this;
    }

    /** Redelivery delays after failures (default 1 s doubling up to 1 min, jittered). */
    public Builder backoff(RetryPolicy v) {
      this.backoff = Objects.requireNonNull(v);
      return this;
    }

    /** Retries when connecting at start. */
    public Builder connectPolicy(RetryPolicy v) {
      this.connectPolicy = Objects.requireNonNull(v);
      return this;
    }

    /**
     * Where dead letters go (default {@code <prefix>-dead-letter.<sensor>}, captured by the stream
     * {@code <stream>-dead-letter} which the sensor creates).
     */
    public Builder deadLetterSubject(String v) {
      this.deadLetterSubject = v;
      return this;
    }

    /**
     * Where a newly created consumer starts: {@code New} (Argo's choice, the default) or {@code
     * All} (events already on the bus too).
     */
    public Builder deliverPolicy(DeliverPolicy v) {
      this.deliverPolicy = Objects.requireNonNull(v);
      return this;
    }

    /** How long a trigger may run before the server redelivers its event (default 60 s). */
    public Builder ackWait(Duration v) {
      this.ackWait = Objects.requireNonNull(v);
      return this;
    }

    /**
     * How long an idempotency claim holds when the sensor that claimed it crashed while firing
     * (default: {@link #ackWait}); until then other replicas leave that key alone.
     */
    public Builder claimExpiry(Duration v) {
      this.claimExpiry = Optional.of(v);
      return this;
    }

    /** Events larger than this are dead-lettered unread (default 1 MiB). */
    public Builder maxEventBytes(int v) {
      this.maxEventBytes = v;
      return this;
    }

    /**
     * Messages fetched per pull at most (default {@link #DEFAULT_BATCH}); a fetch hands over what
     * has arrived without waiting for a full batch, so a large batch costs no latency at low rates
     * and amortizes the claim and record round trips at high ones.
     */
    public Builder batch(int v) {
      this.batch = v;
      return this;
    }

    /** How long completed idempotency keys are remembered (default 7 days). */
    public Builder completedTtl(Duration v) {
      this.completedTtl = Objects.requireNonNull(v);
      return this;
    }

    /**
     * Compiles the spec: every regex, path, expression, template, jq program, condition and reset
     * schedule is checked, and every trigger must have an implementation. The sensor copies the
     * settings: changing the builder afterwards does not change it.
     *
     * @throws SensorSpecException naming the invalid value by its JSON pointer
     */
    public Sensor build() {
      Objects.requireNonNull(spec, "spec");
      Map<String, Trigger> named = Map.copyOf(triggers);
      TriggerFactory f = factory;
      SensorEngine engine =
          new SensorEngine(
              spec,
              bus,
              t -> Optional.ofNullable(named.get(t.name())).or(() -> f.create(t)),
              new EngineSettings(
                  maxAttempts, backoff, maxEventBytes, batch, claimExpiry.orElse(ackWait)));
      String dls =
          deadLetterSubject != null
              ? deadLetterSubject
              : bus.subjectPrefix() + "-dead-letter." + SensorEngine.durable(spec.name());
      SensorTransport memory = custom;
      JetStreamSensorTransport.Settings js =
          new JetStreamSensorTransport.Settings(
              bus, dls, deliverPolicy, ackWait, batch, completedTtl, connectPolicy);
      NatsAccess source = nats;
      Function<String, SensorTransport> transports =
          subject -> memory != null ? memory : new JetStreamSensorTransport(source, js);
      return new Sensor(engine, transports, dls, ackWait);
    }
  }
}
