package io.waterbodies.events.sensor;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamSubscription;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.PullRequestOptions;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.MalformedEventException;
import io.waterbodies.events.bus.EventBus;
import io.waterbodies.events.bus.EventBusConfig;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.ComponentMetrics;
import io.waterbodies.events.metrics.MetricsSnapshot;
import io.waterbodies.events.sensor.internal.CompiledDependency;
import io.waterbodies.events.sensor.internal.CompiledTrigger;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link SensorSpec} against the JetStream event bus, with Argo's filter, transform and
 * parameter semantics and stronger delivery guarantees than Argo's sensor.
 *
 * <p>Delivery: like Argo, one durable pull consumer per (trigger, dependency), AckExplicit. Unlike
 * Argo, a message is acknowledged only after its trigger succeeded; a failed trigger is redelivered
 * with backoff (nak with delay) up to {@link Builder#maxAttempts} times, then published to the
 * dead-letter subject with the reason; poison messages (not JSON, too large, not a CloudEvent, a
 * transform that fails, a parameter key that is missing without a default) go to the dead-letter
 * subject at once. Each trigger run gets an idempotency key derived from sensor, trigger and event
 * id; completed keys are recorded in a JetStream key-value bucket, so a redelivered event (after a
 * crash, a lost ack, a restart) does not trigger twice.
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

  private static final Duration PULL_EXPIRY = Duration.ofSeconds(1);
  private static final Duration CONSUMER_CHECK = Duration.ofSeconds(3);

  private final Builder config;
  private final String location;
  private final List<Route> routes = new ArrayList<>();
  private final ComponentMetrics metrics;
  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean running;
  private volatile Connection nats;
  private volatile JetStream js;
  private int unreachableChecks;
  // Keys whose trigger succeeded but whose completion record failed (server unreachable): a
  // redelivery in this process only retries the record.
  private final Map<String, Boolean> unrecorded = new java.util.concurrent.ConcurrentHashMap<>();
  private volatile KeyValue completed;

  private record Route(
      CompiledDependency dependency,
      CompiledTrigger trigger,
      Trigger impl,
      String subject,
      String durable,
      RateLimiter limiter,
      JetStreamSubscription[] sub) {}

  private Sensor(Builder b) {
    this.config = b;
    this.location = "sensor " + b.spec.name();
    this.metrics = new ComponentMetrics("sensor/" + b.spec.name());
    Map<String, CompiledDependency> deps = new LinkedHashMap<>();
    for (int i = 0; i < b.spec.dependencies().size(); i++) {
      Dependency d = b.spec.dependencies().get(i);
      deps.put(d.name(), CompiledDependency.compile(d, location, "/spec/dependencies/" + i));
    }
    for (int i = 0; i < b.spec.triggers().size(); i++) {
      TriggerSpec t = b.spec.triggers().get(i);
      CompiledTrigger ct =
          CompiledTrigger.compile(
              t, location, "/spec/triggers/" + i + "/template/" + t.kind() + "/parameters");
      Trigger impl = b.triggers.get(t.name());
      if (impl == null) {
        impl =
            b.factory
                .create(t)
                .orElseThrow(
                    () ->
                        new SensorSpecException(
                            "no implementation for trigger '"
                                + t.name()
                                + "' of kind "
                                + t.kind()
                                + "; register one with Sensor.Builder.trigger(name, impl)",
                            location,
                            "/spec/triggers/" + Integer.toString(b.spec.triggers().indexOf(t)),
                            null));
      }
      RateLimiter limiter = new RateLimiter(t.rateLimit());
      for (String depName : t.dependencies()) {
        CompiledDependency cd = deps.get(depName);
        routes.add(
            new Route(
                cd,
                ct,
                impl,
                b.bus.subject(cd.spec().eventSourceName(), cd.spec().eventName()),
                durable(b.spec.name() + "-" + t.name() + "-" + depName),
                limiter,
                new JetStreamSubscription[1]));
      }
    }
  }

  /** A builder; {@link Builder#spec} is required. */
  public static Builder builder() {
    return new Builder();
  }

  private static String durable(String s) {
    return s.replaceAll("[^A-Za-z0-9_-]", "_");
  }

  /** The sensor's definition. */
  public SensorSpec spec() {
    return config.spec;
  }

  /** The subject dead-lettered messages are published to. */
  public String deadLetterSubject() {
    return config.deadLetterSubject();
  }

  /** The counters; the lag is the number of messages not yet acknowledged by all consumers. */
  public MetricsSnapshot metrics() {
    return metrics.snapshot();
  }

  /**
   * Connects, creates the bus stream, the dead-letter stream, the completed-keys bucket and the
   * durable consumers when missing, and starts one thread per consumer.
   *
   * @throws io.waterbodies.events.EventsConnectionException when NATS stays unreachable
   */
  public synchronized Sensor start() {
    if (running) {
      return this;
    }
    nats =
        Connections.nats(
            config.natsUri, "waterbodies-sensor-" + config.spec.name(), config.connectPolicy);
    try {
      new EventBus(nats, config.bus).ensure();
      js = nats.jetStream();
      ensureDeadLetterStream();
      completed = completedBucket();
      for (Route r : routes) {
        subscribe(r);
      }
    } catch (IOException | JetStreamApiException e) {
      closeNats();
      throw new EventsException(
          location + ": cannot set up JetStream consumers: " + Connections.reason(e), e);
    } catch (RuntimeException e) {
      closeNats();
      throw e;
    }
    metrics.lagSupplier(this::lag);
    running = true;
    for (Route r : routes) {
      Thread t = new Thread(() -> loop(r), "sensor-" + r.durable());
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    LOG.info(
        "sensor {} started: {} consumer(s) on stream {}",
        config.spec.name(),
        routes.size(),
        config.bus.streamName());
    return this;
  }

  private void subscribe(Route r) throws IOException, JetStreamApiException {
    ConsumerConfiguration cc =
        ConsumerConfiguration.builder()
            .durable(r.durable())
            .ackPolicy(AckPolicy.Explicit)
            .deliverPolicy(config.deliverPolicy)
            .filterSubject(r.subject())
            .ackWait(config.ackWait)
            .maxDeliver(-1)
            .maxAckPending(Math.max(1000, config.batch * 4L))
            .build();
    r.sub()[0] =
        js.subscribe(
            r.subject(),
            PullSubscribeOptions.builder().stream(config.bus.streamName())
                .durable(r.durable())
                .configuration(cc)
                .build());
  }

  /**
   * After a server restart that lost the consumer (or the streams), recreates what is missing and
   * subscribes again. Called when pulls stay empty and the consumer cannot be found.
   */
  private synchronized void recover(Route r) throws IOException, JetStreamApiException {
    new EventBus(nats, config.bus).ensure();
    ensureDeadLetterStream();
    completed = completedBucket();
    try {
      r.sub()[0].unsubscribe();
    } catch (RuntimeException e) {
      LOG.debug("unsubscribe before recovery: {}", e.getMessage());
    }
    subscribe(r);
    LOG.warn(
        "sensor {}: consumer {} was missing on the server; recreated",
        config.spec.name(),
        r.durable());
  }

  /** Checks the consumer while pulls stay empty; repairs what a server restart broke. */
  private void checkConsumer(Route r) throws IOException, JetStreamApiException {
    try {
      r.sub()[0].getConsumerInfo();
      synchronized (this) {
        unreachableChecks = 0;
      }
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() == 10014 || e.getApiErrorCode() == 10059) {
        recover(r);
      } else {
        LOG.warn(
            "sensor {}: cannot read consumer {}: {}",
            config.spec.name(),
            r.durable(),
            e.getMessage());
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "sensor {}: cannot read consumer {}: {}",
          config.spec.name(),
          r.durable(),
          Connections.reason(e));
      synchronized (this) {
        // After some server restarts a reconnected connection no longer gets JetStream replies
        // although it reports itself connected; a fresh connection does.
        if (++unreachableChecks >= 3 && running) {
          unreachableChecks = 0;
          reconnect();
        }
      }
    }
  }

  private synchronized void reconnect() throws IOException, JetStreamApiException {
    LOG.warn("sensor {}: JetStream does not answer; opening a new connection", config.spec.name());
    Connection old = nats;
    nats =
        Connections.nats(
            config.natsUri, "waterbodies-sensor-" + config.spec.name(), config.connectPolicy);
    js = nats.jetStream();
    try {
      old.close();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    for (Route route : routes) {
      recover(route);
    }
  }

  private void ensureDeadLetterStream() throws IOException, JetStreamApiException {
    String name = config.bus.streamName() + "-dead-letter";
    try {
      nats.jetStreamManagement().getStreamInfo(name);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != 10059) {
        throw e;
      }
      nats.jetStreamManagement()
          .addStream(
              StreamConfiguration.builder()
                  .name(name)
                  .subjects(config.bus.subjectPrefix() + "-dead-letter.>")
                  .storageType(StorageType.File)
                  .maxAge(config.bus.maxAge())
                  .replicas(config.bus.replicas())
                  .build());
    }
  }

  private KeyValue completedBucket() throws IOException, JetStreamApiException {
    String bucket = durable(config.bus.streamName() + "-completed-" + config.spec.name());
    try {
      nats.keyValueManagement().getStatus(bucket);
    } catch (JetStreamApiException e) {
      if (e.getApiErrorCode() != 10059) {
        throw e;
      }
      nats.keyValueManagement()
          .create(
              KeyValueConfiguration.builder()
                  .name(bucket)
                  .storageType(StorageType.File)
                  .ttl(config.completedTtl)
                  .replicas(config.bus.replicas())
                  .build());
    }
    return nats.keyValue(bucket);
  }

  private long lag() {
    long n = 0;
    for (Route r : routes) {
      if (r.sub()[0] != null) {
        try {
          ConsumerInfo ci = r.sub()[0].getConsumerInfo();
          n += ci.getNumPending() + ci.getNumAckPending();
        } catch (IOException | JetStreamApiException e) {
          throw new EventsException("cannot read consumer info: " + e.getMessage(), e);
        }
      }
    }
    return n;
  }

  private void loop(Route r) {
    int failures = 0;
    long lastCheck = System.nanoTime();
    while (running) {
      JetStreamSubscription sub = r.sub()[0];
      try {
        // A pull request that the server expires after a second; messages are handled as they
        // arrive (fetch() would wait for a full batch, which is pure latency at low rates). The
        // local deadline replaces a request lost with a server restart.
        sub.pull(PullRequestOptions.builder(config.batch).expiresIn(PULL_EXPIRY).build());
        long deadline = System.nanoTime() + PULL_EXPIRY.toNanos() + 200_000_000L;
        int received = 0;
        while (received < config.batch) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            break;
          }
          Message m = sub.nextMessage(Duration.ofNanos(left));
          if (m == null) {
            break;
          }
          if (m.isStatusMessage()) {
            continue;
          }
          received++;
          if (!running) {
            // Hand the rest back at once, so a restart sees them without waiting for ackWait.
            nakQuietly(m, Duration.ZERO);
            continue;
          }
          handle(r, m);
        }
        failures = 0;
        if (received == 0 && System.nanoTime() - lastCheck > CONSUMER_CHECK.toNanos()) {
          lastCheck = System.nanoTime();
          if (running) {
            checkConsumer(r);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | IOException | JetStreamApiException e) {
        if (!running) {
          return;
        }
        failures++;
        Duration d = config.backoff.delayAfter(Math.min(failures, 20));
        LOG.warn(
            "sensor {}: pull failed ({}); retrying in {} ms",
            config.spec.name(),
            Connections.reason(e),
            d.toMillis());
        pause(d);
      }
    }
  }

  private void handle(Route r, Message m) {
    metrics.in();
    long delivered = m.isJetStream() ? m.metaData().deliveredCount() : 1;
    byte[] body = m.getData() == null ? new byte[0] : m.getData();
    if (body.length > config.maxEventBytes) {
      deadLetter(
          r,
          m,
          "event is " + body.length + " bytes, more than the limit of " + config.maxEventBytes,
          delivered);
      return;
    }
    Envelope event;
    Optional<Envelope> passed;
    try {
      event = Envelope.parse(body, m.getSubject());
      passed = r.dependency().apply(event, m.getSubject());
    } catch (MalformedEventException | io.waterbodies.core.json.JsonException e) {
      deadLetter(r, m, e.getMessage(), delivered);
      return;
    }
    if (passed.isEmpty()) {
      metrics.filtered();
      ackQuietly(m);
      return;
    }
    String key = EventIds.hash(config.spec.name(), r.trigger().spec().name(), event.id());
    try {
      if (unrecorded.containsKey(key)) {
        // The trigger ran in this process but its completion could not be recorded yet.
        record(key, event.id());
        metrics.duplicate();
        ackQuietly(m);
        return;
      }
      if (completed.get(key) != null) {
        metrics.duplicate();
        ackQuietly(m);
        return;
      }
      Map<String, Envelope> events = Map.of(r.dependency().spec().name(), passed.get());
      TriggerRequest req =
          new TriggerRequest(
              config.spec.name(),
              r.trigger().spec().name(),
              key,
              r.trigger().resolve(events),
              events,
              delivered);
      r.limiter().acquire();
      r.impl().fire(req);
      metrics.out();
      unrecorded.put(key, Boolean.TRUE);
      record(key, event.id());
      m.ack();
    } catch (TriggerException e) {
      if (e.isPermanent()) {
        deadLetter(r, m, e.getMessage(), delivered);
      } else {
        retry(r, m, e, delivered);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      nakQuietly(m, Duration.ZERO);
    } catch (Exception e) {
      retry(r, m, e, delivered);
    }
  }

  private void record(String key, String eventId) throws IOException, JetStreamApiException {
    completed.put(key, eventId.getBytes(StandardCharsets.UTF_8));
    unrecorded.remove(key);
  }

  private void retry(Route r, Message m, Exception e, long delivered) {
    metrics.failed();
    String reason = Connections.reason(e);
    if (delivered >= config.maxAttempts) {
      deadLetter(
          r, m, "trigger failed " + delivered + " time(s); last error: " + reason, delivered);
      return;
    }
    Duration d = config.backoff.delayAfter((int) Math.min(delivered, 30));
    LOG.warn(
        "sensor {} trigger {}: attempt {} failed ({}); redelivery in {} ms",
        config.spec.name(),
        r.trigger().spec().name(),
        delivered,
        reason,
        d.toMillis());
    nakQuietly(m, d);
    metrics.redelivered();
  }

  private void deadLetter(Route r, Message m, String reason, long delivered) {
    byte[] body = m.getData() == null ? new byte[0] : m.getData();
    long limit = Math.max(1024, nats.getServerInfo().getMaxPayload() - 8192);
    if (body.length > limit) {
      body = Arrays.copyOf(body, (int) limit);
    }
    long seq = m.isJetStream() ? m.metaData().streamSequence() : 0;
    Headers h =
        new Headers()
            .put(
                HEADER_REASON,
                reason.length() > 2000 ? reason.substring(0, 2000) : reason.replace('\n', ' '))
            .put(HEADER_SUBJECT, m.getSubject())
            .put(HEADER_TRIGGER, r.trigger().spec().name())
            .put(HEADER_ATTEMPTS, Long.toString(delivered))
            .put("Waterbodies-Sensor", config.spec.name())
            .put(
                "Waterbodies-Truncated",
                Boolean.toString(body.length < (m.getData() == null ? 0 : m.getData().length)))
            .put("Nats-Msg-Id", EventIds.hash("dead-letter", r.durable(), Long.toString(seq)));
    try {
      js.publish(config.deadLetterSubject(), h, body);
      m.ack();
      metrics.deadLettered();
      LOG.warn(
          "sensor {}: dead-lettered message {} of {}: {}",
          config.spec.name(),
          seq,
          m.getSubject(),
          reason);
    } catch (IOException | JetStreamApiException | RuntimeException e) {
      metrics.failed();
      LOG.warn(
          "sensor {}: cannot dead-letter message {} ({}); will retry",
          config.spec.name(),
          seq,
          Connections.reason(e));
      nakQuietly(m, config.backoff.delayAfter(3));
    }
  }

  private static void ackQuietly(Message m) {
    try {
      m.ack();
    } catch (RuntimeException e) {
      LOG.debug("ack failed: {}", e.getMessage());
    }
  }

  private static void nakQuietly(Message m, Duration d) {
    try {
      if (d.isZero()) {
        m.nak();
      } else {
        m.nakWithDelay(d);
      }
    } catch (RuntimeException e) {
      LOG.debug("nak failed: {}", e.getMessage());
    }
  }

  private void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  /**
   * Stops fetching, finishes the message being processed (acknowledged or handed back), hands back
   * the rest of the batch, and closes the connection. The durable consumers stay on the server, so
   * the next start resumes where this one stopped.
   */
  @Override
  public synchronized void close() {
    running = false;
    for (Thread t : threads) {
      try {
        t.join(config.ackWait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    threads.clear();
    closeNats();
  }

  private void closeNats() {
    if (nats != null) {
      try {
        nats.flush(Duration.ofSeconds(2));
      } catch (Exception e) {
        LOG.debug("flush on close: {}", e.getMessage());
      }
      try {
        nats.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Spaces trigger runs per {@link RateLimit}. */
  private static final class RateLimiter {
    private final long intervalNanos;
    private long next;

    RateLimiter(Optional<RateLimit> limit) {
      this.intervalNanos = limit.map(l -> l.interval().toNanos()).orElse(0L);
    }

    void acquire() throws InterruptedException {
      if (intervalNanos == 0) {
        return;
      }
      long wait;
      synchronized (this) {
        long now = System.nanoTime();
        long at = Math.max(now, next);
        next = at + intervalNanos;
        wait = at - now;
      }
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }
  }

  /** Builds a {@link Sensor}; {@link #build()} compiles the spec and rejects invalid filters. */
  public static final class Builder {
    private SensorSpec spec;
    private String natsUri = "nats://127.0.0.1:4222";
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
    private int maxEventBytes = 1024 * 1024;
    private int batch = 10;
    private Duration completedTtl = Duration.ofDays(7);

    private Builder() {}

    /** The sensor definition (required). */
    public Builder spec(SensorSpec v) {
      this.spec = v;
      return this;
    }

    /** The NATS URI (default {@code nats://127.0.0.1:4222}). */
    public Builder natsUri(String v) {
      this.natsUri = Objects.requireNonNull(v);
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

    /** Events larger than this are dead-lettered unread (default 1 MiB). */
    public Builder maxEventBytes(int v) {
      this.maxEventBytes = v;
      return this;
    }

    /** Messages fetched per pull (default 10). */
    public Builder batch(int v) {
      this.batch = v;
      return this;
    }

    /** How long completed idempotency keys are remembered (default 7 days). */
    public Builder completedTtl(Duration v) {
      this.completedTtl = Objects.requireNonNull(v);
      return this;
    }

    String deadLetterSubject() {
      return deadLetterSubject != null
          ? deadLetterSubject
          : bus.subjectPrefix() + "-dead-letter." + durable(spec.name());
    }

    /**
     * Compiles the spec: every regex, path, expression, template and jq program is checked, and
     * every trigger must have an implementation.
     *
     * @throws SensorSpecException naming the invalid value by its JSON pointer
     */
    public Sensor build() {
      Objects.requireNonNull(spec, "spec");
      return new Sensor(this);
    }
  }
}
