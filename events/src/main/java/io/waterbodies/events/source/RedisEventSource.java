package io.waterbodies.events.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.waterbodies.core.concurrent.DaemonThreads;
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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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

  private final RedisEventSourceConfig config;
  private final ComponentMetrics metrics;
  private final Connections.RedisEndpoint redisEndpoint;
  private final NatsAccess natsAccess;
  private final boolean ownsNats;
  private final DeadLetters deadLetters;
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
  private final NatsLink link = new NatsLink();
  private long lastTrim;

  private RedisEventSource(
      RedisEventSourceConfig config, RedisAccess redis, NatsAccess natsAccess) {
    this.config = config;
    this.natsAccess = natsAccess;
    this.ownsNats = natsAccess.connection().isEmpty();
    this.location = redis.describe();
    this.metrics =
        new ComponentMetrics("source/" + config.eventSourceName() + "." + config.eventName());
    this.deadLetters = new DeadLetters(config);
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
        link.detach();
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
        DaemonThreads.newThread(
            "redis-source-" + config.eventSourceName() + "-" + config.eventName(),
            config.stream().isPresent() ? this::streamLoop : this::pubsubLoop);
  }

  private String natsName() {
    return "waterbodies-source-" + config.eventSourceName();
  }

  private void useNats(Connection nc) throws IOException {
    JetStream fresh = nc.jetStream();
    link.attach(nc);
    this.js = fresh;
    this.nats = nc;
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
    return ComponentHealth.of(metrics, isRunning(), link.isUp() && redisUp);
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
      if (!link.isUp()) {
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
    long comebacks = link.comebacks();
    if (!link.pause(d, () -> !running, () -> link.comebacks() != comebacks)) {
      running = false;
    }
    return failures;
  }

  /** Waits until NATS is back, the source closes or {@code max} passed. */
  private void awaitNats(Duration max) {
    if (!link.pause(max, () -> !running, link::isUp)) {
      running = false;
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
        link.track(f);
        sent.add(new Sent(m, f));
      }
      for (Sent s : sent) {
        awaitAck(s, dead);
      }
    } finally {
      sent.forEach(s -> link.done(s.ack()));
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
    Duration timeout = link.ackTimeout();
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

  private void deadLetter(RedisCommands<String, String> redis, String stream, Dead d) {
    deadLetters.write(redis, js, nats.getMaxPayload(), stream, d.entry(), d.reason());
    metrics.deadLettered();
    metrics.error("dead-lettered entry " + d.entry().getId() + ": " + d.reason());
    LOG.warn(
        "event source {}.{}: dead-lettered entry {} of {} to {}: {}",
        config.eventSourceName(),
        config.eventName(),
        d.entry().getId(),
        stream,
        deadLetters.target(),
        d.reason());
  }

  /** Trims what every group acknowledged, at most once a second. */
  private void trim(RedisCommands<String, String> redis, String stream) {
    long now = System.nanoTime();
    if (now - lastTrim < 1_000_000_000L) {
      return;
    }
    lastTrim = now;
    long removed = StreamGroups.trimAcknowledged(redis, stream);
    if (removed > 0) {
      LOG.debug("trimmed {} acknowledged entries from {}", removed, stream);
    }
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
    closeQuietly(old);
  }

  /** The Argo-shaped envelope of one stream entry; its id and time derive from the entry. */
  Envelope envelopeOf(String stream, String messageId, Map<String, String> values) {
    return StreamEntryEvents.of(
        config.eventSourceName(), config.eventName(), stream, messageId, values);
  }

  private long streamLag() {
    return StreamGroups.lag(
        infoConnection.sync(), config.stream().orElseThrow(), config.consumerGroup());
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
        if (!link.isUp() && running) {
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
    link.wakeAll();
    if (pubsub != null) {
      try {
        pubsub.close();
      } catch (RuntimeException e) {
        LOG.debug("closing Pub/Sub connection: {}", e.getMessage());
      }
    }
    try {
      worker.join(config.block().toMillis() + NatsLink.maxAckTimeout().toMillis() + 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    link.detach();
    if (ownsNats) {
      closeQuietly(nats);
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
