package io.waterbodies.events.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.NotAStreamException;
import io.waterbodies.events.RedisAccess;
import io.waterbodies.events.bus.EventBus;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.ComponentHealth;
import io.waterbodies.events.metrics.ComponentMetrics;
import io.waterbodies.events.metrics.MetricsSnapshot;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards Redis entries to the JetStream event bus, wire-compatible with Argo Events' {@code
 * redisStream} and {@code redis} event sources.
 *
 * <p>Stream mode reads with XREADGROUP in a consumer group (created with MKSTREAM when missing),
 * its own pending entries first, then new ones; each entry becomes event data {@code
 * {"stream","message_id","values"}} in a CloudEvent whose id is derived from the entry, published
 * to {@code <prefix>.<eventSource>.<event>} with {@code Nats-Msg-Id} = the id. The entry is XACKed
 * only after JetStream acknowledged the publish, so a crash replays it and the server's duplicate
 * window drops the copy: at least once into Redis, exactly once onto the bus within the window.
 *
 * <p>An entry that can never be published (larger than the server's max payload, or refused by the
 * stream as too large) goes to the {@linkplain RedisEventSourceConfig#deadLetter() dead-letter
 * target} with the reason and is then XACKed, so the entries behind it keep moving; transient
 * failures (server down, timeouts) are retried. The source listens to the NATS connection's events:
 * when the connection drops, publishes in flight fail at once and nothing new is published; when it
 * is back, forwarding resumes at once. With {@link RedisEventSourceConfig#trimAcknowledged()} the
 * stream is trimmed below the oldest entry some consumer group has not acknowledged.
 *
 * <p>Connections: {@link #start(RedisEventSourceConfig, RedisAccess, NatsAccess)} takes the host's
 * Lettuce client or URI (TLS, ACL user, Sentinel) and jnats options or open connection; the source
 * closes only what it opened. {@link #health()} says whether it is running, connected and how far
 * behind it is.
 *
 * <p>Pub/Sub mode subscribes (PSUBSCRIBE for patterns) and publishes {@code
 * {"channel","pattern","body"}}; Pub/Sub itself is at most once.
 *
 * <pre>{@code
 * try (RedisEventSource source = RedisEventSource.start(RedisEventSourceConfig.builder()
 *     .stream("STREAM").eventSourceName("redis-source").eventName("example").build())) {
 *   ... // runs until closed
 * }
 * }</pre>
 */
public final class RedisEventSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisEventSource.class);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
  // Right after a reconnection some acknowledgements never come (the server is still recovering
  // its streams): give up on them sooner and publish again (deduplicated by Nats-Msg-Id).
  private static final Duration PUBLISH_TIMEOUT_AFTER_RECONNECT = Duration.ofSeconds(2);
  private static final long RECENT_RECONNECT_NANOS = Duration.ofSeconds(15).toNanos();

  private final RedisEventSourceConfig config;
  private final ComponentMetrics metrics;
  private final Connections.RedisEndpoint redisEndpoint;
  private final NatsAccess natsAccess;
  private final boolean ownsNats;
  private final String deadLetterName;
  private volatile Connection nats;
  private volatile JetStream js;
  private int ackFailures;
  private final String location;
  private volatile boolean running = true;
  private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();
  private StatefulRedisConnection<String, String> connection;
  private StatefulRedisConnection<String, String> infoConnection;
  private StatefulRedisPubSubConnection<String, String> pubsub;
  private final BlockingQueue<ObjectNode> pubsubQueue = new ArrayBlockingQueue<>(10_000);
  private final Thread worker;
  // NATS connection state, from jnats' connection events: publishes in flight fail at once when
  // the connection drops, and a waiting loop wakes at once when it is back.
  private final Object signal = new Object();
  private volatile boolean natsUp = true;
  private final AtomicLong natsComebacks = new AtomicLong();
  private volatile long lastComeback = System.nanoTime() - RECENT_RECONNECT_NANOS;
  private final Set<CompletableFuture<PublishAck>> inFlight = ConcurrentHashMap.newKeySet();
  private final ConnectionListener natsListener = this::natsEvent;
  private long lastTrim;

  private RedisEventSource(
      RedisEventSourceConfig config, RedisAccess redis, NatsAccess natsAccess) {
    this.config = config;
    this.natsAccess = natsAccess;
    this.ownsNats = natsAccess.connection().isEmpty();
    this.location = redis.describe();
    this.metrics =
        new ComponentMetrics("source/" + config.eventSourceName() + "." + config.eventName());
    this.deadLetterName = config.deadLetter().resolve(config);
    this.redisEndpoint = Connections.redis(redis);
    Connection nc = null;
    try {
      if (config.stream().isPresent()) {
        connection =
            Connections.withRetry(
                "Redis", location, config.connectPolicy(), redisEndpoint::connect);
        infoConnection = redisEndpoint.connect();
      } else {
        pubsub =
            Connections.withRetry(
                "Redis", location, config.connectPolicy(), redisEndpoint::connectPubSub);
      }
      nc = Connections.nats(natsAccess, natsName(), config.connectPolicy());
      useNats(nc);
      if (config.createBusStream()) {
        EventBus bus = new EventBus(nc, config.bus());
        bus.ensure();
        if (config.deadLetter().kind() == DeadLetterTarget.Kind.NATS_SUBJECT
            && config.deadLetter().name().isEmpty()) {
          bus.ensureDeadLetterStream();
        }
      }
      if (config.stream().isPresent()) {
        ensureGroup(connection.sync(), config.stream().get());
        metrics.lagSupplier(this::streamLag);
      } else {
        subscribe();
      }
    } catch (RuntimeException | IOException e) {
      if (nc != null) {
        nc.removeConnectionListener(natsListener);
        if (ownsNats) {
          closeQuietly(nc);
        }
      }
      closeRedis();
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new EventsException("cannot use JetStream: " + e.getMessage(), e);
    }
    this.worker =
        new Thread(
            config.stream().isPresent() ? this::streamLoop : this::pubsubLoop,
            "redis-source-" + config.eventSourceName() + "-" + config.eventName());
    worker.setDaemon(true);
  }

  private String natsName() {
    return "waterbodies-source-" + config.eventSourceName();
  }

  private void useNats(Connection nc) throws IOException {
    nc.addConnectionListener(natsListener);
    this.js = nc.jetStream();
    this.nats = nc;
    natsUp = nc.getStatus() == Connection.Status.CONNECTED;
  }

  private void natsEvent(Connection conn, ConnectionListener.Events type) {
    if (conn != nats) {
      return;
    }
    switch (type) {
      case DISCONNECTED, CLOSED -> {
        natsUp = false;
        EventsException down =
            new EventsException("the NATS connection dropped before JetStream acknowledged");
        inFlight.forEach(f -> f.completeExceptionally(down));
      }
      case CONNECTED, RECONNECTED, RESUBSCRIBED -> {
        natsUp = true;
        lastComeback = System.nanoTime();
        natsComebacks.incrementAndGet();
        synchronized (signal) {
          signal.notifyAll();
        }
      }
      default -> {
        // discovered servers, lame duck: nothing to do
      }
    }
  }

  /**
   * Connects to both servers by the config's URIs (retrying per the config's connect policy),
   * creates the bus stream and the consumer group when missing, and starts forwarding on a
   * background thread.
   *
   * @throws io.waterbodies.events.EventsConnectionException when a server stays unreachable
   * @throws io.waterbodies.events.EventsAuthenticationException when a server refuses credentials
   * @throws NotAStreamException when the stream key holds another type
   */
  public static RedisEventSource start(RedisEventSourceConfig config) {
    Objects.requireNonNull(config, "config");
    return start(config, RedisAccess.uri(config.redisUri()), NatsAccess.uri(config.natsUri()));
  }

  /**
   * Like {@link #start(RedisEventSourceConfig)}, but reaching the servers the host's way (the
   * config's URIs are then not used): a Lettuce client or {@code RedisURI}, jnats options or an
   * open connection. What the host passes open, the source never closes.
   */
  public static RedisEventSource start(
      RedisEventSourceConfig config, RedisAccess redis, NatsAccess nats) {
    RedisEventSource s =
        new RedisEventSource(
            Objects.requireNonNull(config, "config"),
            Objects.requireNonNull(redis, "redis"),
            Objects.requireNonNull(nats, "nats"));
    s.worker.start();
    LOG.info("forwarding {} to {}", config, config.subject());
    return s;
  }

  /** The configuration. */
  public RedisEventSourceConfig config() {
    return config;
  }

  /** The counters; the lag is the consumer group's undelivered plus pending entries. */
  public MetricsSnapshot metrics() {
    return metrics.snapshot();
  }

  /**
   * Running (the forwarding thread is alive), connected (NATS up and the Redis connection open),
   * the lag, and the latest error.
   */
  public ComponentHealth health() {
    boolean redisUp = connection != null ? connection.isOpen() : pubsub != null && pubsub.isOpen();
    return ComponentHealth.of(metrics, isRunning(), natsUp && redisUp);
  }

  /** True while the forwarding thread runs. */
  public boolean isRunning() {
    return worker.isAlive();
  }

  /** The error that stopped the source, if one did. */
  public java.util.Optional<RuntimeException> failure() {
    return java.util.Optional.ofNullable(fatal.get());
  }

  private void ensureGroup(RedisCommands<String, String> redis, String stream) {
    try {
      redis.xgroupCreate(
          XReadArgs.StreamOffset.from(stream, config.groupStartId()),
          config.consumerGroup(),
          XGroupCreateArgs.Builder.mkstream());
      LOG.info("created consumer group {} on stream {}", config.consumerGroup(), stream);
    } catch (RedisCommandExecutionException e) {
      String m = String.valueOf(e.getMessage());
      if (m.startsWith("BUSYGROUP")) {
        return;
      }
      if (m.startsWith("WRONGTYPE")) {
        throw new NotAStreamException(location, stream, redis.type(stream));
      }
      throw new EventsException(
          "cannot create consumer group '"
              + config.consumerGroup()
              + "' on stream '"
              + stream
              + "': "
              + m,
          location,
          null,
          e);
    }
  }

  @SuppressWarnings("unchecked") // Lettuce's varargs of a generic StreamOffset
  private void streamLoop() {
    String stream = config.stream().orElseThrow();
    RedisCommands<String, String> redis = connection.sync();
    Consumer<String> me = Consumer.from(config.consumerGroup(), config.consumerName());
    String pendingCursor = "0";
    int failures = 0;
    while (running) {
      if (!natsUp) {
        // Publishing now would only fill the reconnect buffer; wait for the connection events.
        awaitNats(config.block());
        continue;
      }
      try {
        List<StreamMessage<String, String>> batch;
        boolean pending = pendingCursor != null;
        if (pending) {
          batch =
              redis.xreadgroup(
                  me,
                  XReadArgs.Builder.count(config.count()),
                  XReadArgs.StreamOffset.from(stream, pendingCursor));
          if (batch.isEmpty()) {
            pendingCursor = null;
            continue;
          }
          pendingCursor = batch.get(batch.size() - 1).getId();
        } else {
          batch =
              redis.xreadgroup(
                  me,
                  XReadArgs.Builder.count(config.count()).block(config.block()),
                  XReadArgs.StreamOffset.lastConsumed(stream));
        }
        if (!batch.isEmpty()) {
          forward(redis, stream, batch);
        }
        failures = 0;
      } catch (RedisCommandExecutionException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("NOGROUP")) {
          // The stream or group was deleted under us: recreate both, as at start.
          try {
            ensureGroup(redis, stream);
          } catch (NotAStreamException nas) {
            fatal.set(nas);
            LOG.error("stopping: {}", nas.getMessage());
            return;
          } catch (RuntimeException again) {
            failures = backoff(++failures, again);
          }
        } else {
          failures = backoff(++failures, e);
        }
        pendingCursor = "0";
      } catch (RuntimeException e) {
        if (!running) {
          return;
        }
        failures = backoff(++failures, e);
        pendingCursor = "0";
        try {
          reconnectIfStuck();
        } catch (RuntimeException again) {
          LOG.warn("event source {}: {}", config.eventSourceName(), Connections.reason(again));
        }
      }
    }
  }

  private int backoff(int failures, RuntimeException e) {
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
    long comebacks = natsComebacks.get();
    pause(d, () -> natsComebacks.get() != comebacks);
    return failures;
  }

  /** Waits until NATS is back, the source closes or {@code max} passed. */
  private void awaitNats(Duration max) {
    pause(max, () -> natsUp);
  }

  /** Waits up to {@code d}, less when closed or when {@code wake} turns true. */
  private void pause(Duration d, java.util.function.BooleanSupplier wake) {
    long until = System.nanoTime() + d.toNanos();
    synchronized (signal) {
      long left;
      while (running && !wake.getAsBoolean() && (left = until - System.nanoTime()) > 0) {
        try {
          signal.wait(Math.max(1, left / 1_000_000));
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
    }
  }

  /** One entry sent to JetStream and its acknowledgement to come. */
  private record Sent(StreamMessage<String, String> entry, CompletableFuture<PublishAck> ack) {}

  /** One entry that can never be published, and why. */
  private record Dead(StreamMessage<String, String> entry, String reason) {}

  private void forward(
      RedisCommands<String, String> redis,
      String stream,
      List<StreamMessage<String, String>> batch) {
    List<Sent> sent = new ArrayList<>(batch.size());
    List<Dead> dead = new ArrayList<>();
    List<String> ids = new ArrayList<>(batch.size());
    long maxPayload = nats.getMaxPayload();
    try {
      for (StreamMessage<String, String> m : batch) {
        metrics.in();
        ids.add(m.getId());
        if (m.getBody() == null || m.getBody().isEmpty()) {
          // A pending entry that was XDELeted: nothing to forward, only to acknowledge.
          continue;
        }
        Envelope e = envelopeOf(stream, m.getId(), m.getBody());
        Headers h = new Headers().put("Nats-Msg-Id", e.id());
        byte[] bytes = e.toBytes();
        if (maxPayload > 0 && bytes.length + h.serializedLength() > maxPayload) {
          // The server would close the connection on such a message: never send it.
          dead.add(
              new Dead(
                  m,
                  "the event is "
                      + bytes.length
                      + " bytes, over the NATS server's max payload of "
                      + maxPayload
                      + " bytes"));
          continue;
        }
        CompletableFuture<PublishAck> f;
        try {
          f = js.publishAsync(config.subject(), h, bytes);
        } catch (IllegalArgumentException ex) {
          dead.add(new Dead(m, "NATS refused the event: " + Connections.reason(ex)));
          continue;
        }
        inFlight.add(f);
        sent.add(new Sent(m, f));
        if (!natsUp) {
          f.completeExceptionally(new EventsException("the NATS connection is down"));
        }
      }
      for (Sent s : sent) {
        awaitAck(s, dead);
      }
    } finally {
      sent.forEach(s -> inFlight.remove(s.ack()));
    }
    ackFailures = 0;
    for (Dead d : dead) {
      deadLetter(redis, stream, d);
    }
    redis.xack(stream, config.consumerGroup(), ids.toArray(String[]::new));
    if (config.trimAcknowledged()) {
      try {
        trim(redis, stream);
      } catch (RuntimeException e) {
        // Retention is housekeeping: forwarding goes on (XTRIM MINID needs Redis 6.2).
        metrics.error("cannot trim " + stream + ": " + Connections.reason(e));
        LOG.warn("event source: cannot trim stream {}: {}", stream, Connections.reason(e));
      }
    }
  }

  private void awaitAck(Sent s, List<Dead> dead) {
    Duration timeout =
        System.nanoTime() - lastComeback < RECENT_RECONNECT_NANOS
            ? PUBLISH_TIMEOUT_AFTER_RECONNECT
            : PUBLISH_TIMEOUT;
    try {
      PublishAck ack = s.ack().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (ack.isDuplicate()) {
        metrics.duplicate();
      } else {
        metrics.out();
      }
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      throw new EventsException("interrupted while waiting for JetStream", ie);
    } catch (ExecutionException ex) {
      if (isPermanent(ex.getCause())) {
        dead.add(new Dead(s.entry(), "JetStream refused the event: " + Connections.reason(ex)));
        return;
      }
      ackFailures++;
      throw notAcknowledged(ex);
    } catch (TimeoutException | java.util.concurrent.CancellationException ex) {
      ackFailures++;
      throw notAcknowledged(ex);
    }
  }

  private EventsException notAcknowledged(Exception ex) {
    return new EventsException(
        "JetStream did not acknowledge the publish to "
            + config.subject()
            + ": "
            + Connections.reason(ex),
        ex);
  }

  /** A refusal that repeats on every attempt: retrying would stop the stream forever. */
  private static boolean isPermanent(Throwable t) {
    // 10054: message size exceeds the stream's max_msg_size.
    return t instanceof IllegalArgumentException
        || (t instanceof JetStreamApiException j && j.getApiErrorCode() == 10054);
  }

  /**
   * Records an entry that can never be published at the dead-letter target; a failure here is
   * transient and retries the batch (its publishes are deduplicated by JetStream).
   */
  private void deadLetter(RedisCommands<String, String> redis, String stream, Dead d) {
    ObjectNode record = Json.object();
    record.put("stream", stream);
    record.put("message_id", d.entry().getId());
    record.put("reason", d.reason());
    record.put("failed_at", Instant.now().toString());
    ObjectNode values = Json.object();
    d.entry().getBody().forEach(values::put);
    if (config.deadLetter().kind() == DeadLetterTarget.Kind.REDIS_STREAM) {
      Map<String, String> fields = new LinkedHashMap<>();
      record.properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
      fields.put("values", Json.write(values, false));
      redis.xadd(deadLetterName, fields);
    } else {
      record.set("values", values);
      byte[] body = Json.write(record, false).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      boolean truncated = body.length > nats.getMaxPayload() - 8192;
      if (truncated) {
        record.remove("values");
        body = Json.write(record, false).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      String reason = d.reason().length() > 2000 ? d.reason().substring(0, 2000) : d.reason();
      Headers h =
          new Headers()
              .put(DeadLetterTarget.HEADER_REASON, reason.replace('\n', ' '))
              .put("Waterbodies-Truncated", Boolean.toString(truncated))
              .put(
                  "Nats-Msg-Id",
                  EventIds.hash(
                      "dead-letter", config.eventSourceName(), stream, d.entry().getId()));
      try {
        js.publish(deadLetterName, h, body);
      } catch (IOException | JetStreamApiException e) {
        throw new EventsException(
            "cannot dead-letter entry "
                + d.entry().getId()
                + " to "
                + deadLetterName
                + ": "
                + Connections.reason(e),
            e);
      }
    }
    metrics.deadLettered();
    metrics.error("dead-lettered entry " + d.entry().getId() + ": " + d.reason());
    LOG.warn(
        "event source {}.{}: dead-lettered entry {} of {} to {}: {}",
        config.eventSourceName(),
        config.eventName(),
        d.entry().getId(),
        stream,
        deadLetterName,
        d.reason());
  }

  /**
   * Trims the stream below the oldest entry that some consumer group has not acknowledged (pending
   * or never delivered), at most once a second; approximate ({@code ~}) so Redis drops whole nodes.
   */
  private void trim(RedisCommands<String, String> redis, String stream) {
    long now = System.nanoTime();
    if (now - lastTrim < 1_000_000_000L) {
      return;
    }
    lastTrim = now;
    StreamIds.Id min = null;
    for (Object g : redis.xinfoGroups(stream)) {
      Map<String, Object> fields = fields(g);
      String name = String.valueOf(fields.get("name"));
      long pending = fields.get("pending") instanceof Number n ? n.longValue() : 0;
      StreamIds.Id keep;
      if (pending > 0) {
        var summary = redis.xpending(stream, name);
        keep = StreamIds.parse(String.valueOf(summary.getMessageIds().getLower().getValue()));
      } else {
        keep = StreamIds.parse(String.valueOf(fields.get("last-delivered-id"))).next();
      }
      min = min == null || keep.compareTo(min) < 0 ? keep : min;
    }
    if (min != null) {
      long removed =
          redis.xtrim(stream, new XTrimArgs().minId(min.toString()).approximateTrimming());
      if (removed > 0) {
        LOG.debug("trimmed {} acknowledged entries from {}", removed, stream);
      }
    }
  }

  private static Map<String, Object> fields(Object group) {
    Map<String, Object> fields = new java.util.HashMap<>();
    if (group instanceof List<?> kv) {
      for (int i = 0; i + 1 < kv.size(); i += 2) {
        fields.put(String.valueOf(kv.get(i)), kv.get(i + 1));
      }
    }
    return fields;
  }

  /**
   * After some server restarts a reconnected connection reports itself connected but gets no
   * JetStream replies; after repeated ack failures a fresh connection replaces it.
   */
  private void reconnectIfStuck() {
    if (ackFailures < 3 || !running || !ownsNats) {
      return;
    }
    ackFailures = 0;
    LOG.warn(
        "event source {}: JetStream does not answer; opening a new connection",
        config.eventSourceName());
    Connection old = nats;
    Connection fresh = Connections.nats(natsAccess, natsName(), config.connectPolicy());
    try {
      useNats(fresh);
    } catch (IOException e) {
      closeQuietly(fresh);
      throw new EventsException("cannot use JetStream: " + e.getMessage(), e);
    }
    old.removeConnectionListener(natsListener);
    closeQuietly(old);
  }

  /** The Argo-shaped envelope of one stream entry; its id and time derive from the entry. */
  Envelope envelopeOf(String stream, String messageId, Map<String, String> values) {
    ObjectNode data = Json.object();
    data.put("stream", stream);
    data.put("message_id", messageId);
    ObjectNode v = data.putObject("values");
    values.forEach(v::put);
    return Envelope.of(
        EventIds.forStreamEntry(config.eventSourceName(), config.eventName(), stream, messageId),
        config.eventSourceName(),
        Envelope.TYPE_REDIS_STREAM,
        config.eventName(),
        timeOf(messageId),
        data);
  }

  private static OffsetDateTime timeOf(String messageId) {
    long ms;
    try {
      int dash = messageId.indexOf('-');
      ms = Long.parseLong(dash < 0 ? messageId : messageId.substring(0, dash));
    } catch (NumberFormatException e) {
      ms = System.currentTimeMillis();
    }
    return OffsetDateTime.ofInstant(Instant.ofEpochMilli(ms), ZoneOffset.UTC);
  }

  private long streamLag() {
    String stream = config.stream().orElseThrow();
    List<Object> groups = infoConnection.sync().xinfoGroups(stream);
    for (Object g : groups) {
      Map<String, Object> fields = fields(g);
      if (config.consumerGroup().equals(String.valueOf(fields.get("name")))) {
        long lag = fields.get("lag") instanceof Number n ? n.longValue() : 0;
        long pending = fields.get("pending") instanceof Number n ? n.longValue() : 0;
        return lag + pending;
      }
    }
    return 0;
  }

  private void subscribe() {
    pubsub.addListener(
        new RedisPubSubAdapter<>() {
          @Override
          public void message(String channel, String message) {
            enqueue(channel, "", message);
          }

          @Override
          public void message(String pattern, String channel, String message) {
            enqueue(channel, pattern, message);
          }
        });
    List<String> plain = new ArrayList<>();
    List<String> patterns = new ArrayList<>();
    for (String c : config.channels()) {
      (c.matches(".*[*?\\[].*") ? patterns : plain).add(c);
    }
    if (!plain.isEmpty()) {
      pubsub.sync().subscribe(plain.toArray(String[]::new));
    }
    if (!patterns.isEmpty()) {
      pubsub.sync().psubscribe(patterns.toArray(String[]::new));
    }
  }

  private void enqueue(String channel, String pattern, String message) {
    metrics.in();
    ObjectNode data = Json.object();
    data.put("channel", channel);
    data.put("pattern", pattern);
    if (config.jsonBody()) {
      try {
        JsonNode body = Json.parse(message, "channel " + channel);
        data.set("body", body);
      } catch (JsonException e) {
        metrics.failed();
        LOG.warn("dropping a message on {} that is not JSON: {}", channel, e.getMessage());
        return;
      }
    } else {
      data.put("body", message);
    }
    if (!pubsubQueue.offer(data)) {
      metrics.failed();
      LOG.warn("dropping a message on {}: the publish queue is full", channel);
    }
  }

  private void pubsubLoop() {
    int failures = 0;
    ObjectNode next = null;
    while (running || next != null || !pubsubQueue.isEmpty()) {
      try {
        if (next == null) {
          next = pubsubQueue.poll(200, TimeUnit.MILLISECONDS);
          if (next == null) {
            continue;
          }
        }
        if (!natsUp && running) {
          awaitNats(Duration.ofMillis(500));
          continue;
        }
        Envelope e =
            Envelope.of(
                EventIds.random(),
                config.eventSourceName(),
                Envelope.TYPE_REDIS,
                config.eventName(),
                OffsetDateTime.now(ZoneOffset.UTC),
                next);
        js.publish(config.subject(), new Headers().put("Nats-Msg-Id", e.id()), e.toBytes());
        metrics.out();
        next = null;
        failures = 0;
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        if (!running && failures > 3) {
          return;
        }
        failures = backoff(++failures, new EventsException(Connections.reason(e), e));
      }
    }
  }

  /**
   * Stops reading, lets the batch in flight finish (it is XACKed only when JetStream acknowledged
   * it, so nothing is lost either way) and closes the connections it opened (never the host's).
   */
  @Override
  public void close() {
    running = false;
    synchronized (signal) {
      signal.notifyAll();
    }
    if (pubsub != null) {
      try {
        pubsub.close();
      } catch (RuntimeException e) {
        LOG.debug("closing Pub/Sub connection: {}", e.getMessage());
      }
    }
    try {
      worker.join(config.block().toMillis() + PUBLISH_TIMEOUT.toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Connection nc = nats;
    nc.removeConnectionListener(natsListener);
    if (ownsNats) {
      closeQuietly(nc);
    }
    closeRedis();
  }

  private void closeRedis() {
    for (AutoCloseable c : new AutoCloseable[] {connection, infoConnection, pubsub}) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          LOG.debug("closing a Redis connection: {}", e.getMessage());
        }
      }
    }
    redisEndpoint.release();
  }

  private static void closeQuietly(Connection nc) {
    if (nc != null) {
      try {
        nc.close();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
