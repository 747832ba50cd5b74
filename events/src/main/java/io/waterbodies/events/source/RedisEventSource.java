package io.waterbodies.events.source;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
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
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import io.waterbodies.core.secret.Redaction;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.NotAStreamException;
import io.waterbodies.events.bus.EventBus;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.internal.Connections;
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

  private final RedisEventSourceConfig config;
  private final ComponentMetrics metrics;
  private final RedisClient client;
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

  private RedisEventSource(RedisEventSourceConfig config) {
    this.config = config;
    this.location = Redaction.redact(config.redisUri());
    this.metrics =
        new ComponentMetrics("source/" + config.eventSourceName() + "." + config.eventName());
    this.client = Connections.redisClient(config.redisUri());
    Connection nc = null;
    try {
      if (config.stream().isPresent()) {
        connection =
            Connections.withRetry(
                "Redis", config.redisUri(), config.connectPolicy(), client::connect);
        infoConnection = client.connect();
      } else {
        pubsub =
            Connections.withRetry(
                "Redis", config.redisUri(), config.connectPolicy(), client::connectPubSub);
      }
      nc =
          Connections.nats(
              config.natsUri(),
              "waterbodies-source-" + config.eventSourceName(),
              config.connectPolicy());
      this.nats = nc;
      this.js = nc.jetStream();
      if (config.createBusStream()) {
        new EventBus(nc, config.bus()).ensure();
      }
      if (config.stream().isPresent()) {
        ensureGroup(connection.sync(), config.stream().get());
        metrics.lagSupplier(this::streamLag);
      } else {
        subscribe();
      }
    } catch (RuntimeException | IOException e) {
      closeQuietly(nc);
      client.shutdown();
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

  /**
   * Connects to both servers (retrying per the config's connect policy), creates the bus stream and
   * the consumer group when missing, and starts forwarding on a background thread.
   *
   * @throws io.waterbodies.events.EventsConnectionException when a server stays unreachable
   * @throws io.waterbodies.events.EventsAuthenticationException when a server refuses credentials
   * @throws NotAStreamException when the stream key holds another type
   */
  public static RedisEventSource start(RedisEventSourceConfig config) {
    RedisEventSource s = new RedisEventSource(Objects.requireNonNull(config, "config"));
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
    Duration d = config.backoff().delayAfter(Math.min(failures, 30));
    LOG.warn(
        "event source {}.{}: {}; retrying in {} ms",
        config.eventSourceName(),
        config.eventName(),
        Connections.reason(e),
        d.toMillis());
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException ie) {
      Thread.currentThread().interrupt();
      running = false;
    }
    return failures;
  }

  private void forward(
      RedisCommands<String, String> redis,
      String stream,
      List<StreamMessage<String, String>> batch) {
    List<CompletableFuture<PublishAck>> acks = new ArrayList<>(batch.size());
    List<String> ids = new ArrayList<>(batch.size());
    for (StreamMessage<String, String> m : batch) {
      metrics.in();
      ids.add(m.getId());
      if (m.getBody() == null || m.getBody().isEmpty()) {
        // A pending entry that was XDELeted: nothing to forward, only to acknowledge.
        continue;
      }
      Envelope e = envelopeOf(stream, m.getId(), m.getBody());
      Headers h = new Headers().put("Nats-Msg-Id", e.id());
      acks.add(js.publishAsync(config.subject(), h, e.toBytes()));
    }
    for (CompletableFuture<PublishAck> f : acks) {
      try {
        PublishAck ack = f.get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (ack.isDuplicate()) {
          metrics.duplicate();
        } else {
          metrics.out();
        }
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        throw new EventsException("interrupted while waiting for JetStream", ie);
      } catch (ExecutionException
          | TimeoutException
          | java.util.concurrent.CancellationException ex) {
        ackFailures++;
        throw new EventsException(
            "JetStream did not acknowledge the publish to "
                + config.subject()
                + ": "
                + Connections.reason(ex),
            ex);
      }
    }
    ackFailures = 0;
    redis.xack(stream, config.consumerGroup(), ids.toArray(String[]::new));
  }

  /**
   * After some server restarts a reconnected connection reports itself connected but gets no
   * JetStream replies; after repeated ack failures a fresh connection replaces it.
   */
  private void reconnectIfStuck() {
    if (ackFailures < 3 || !running) {
      return;
    }
    ackFailures = 0;
    LOG.warn(
        "event source {}: JetStream does not answer; opening a new connection",
        config.eventSourceName());
    Connection old = nats;
    Connection fresh =
        Connections.nats(
            config.natsUri(),
            "waterbodies-source-" + config.eventSourceName(),
            config.connectPolicy());
    try {
      js = fresh.jetStream();
    } catch (IOException e) {
      closeQuietly(fresh);
      throw new EventsException("cannot use JetStream: " + e.getMessage(), e);
    }
    nats = fresh;
    closeQuietly(old);
  }

  /** The Argo-shaped envelope of one stream entry; its id and time derive from the entry. */
  Envelope envelopeOf(String stream, String messageId, Map<String, String> values) {
    return StreamEntryEvents.of(
        config.eventSourceName(), config.eventName(), stream, messageId, values);
  }

  private long streamLag() {
    String stream = config.stream().orElseThrow();
    List<Object> groups = infoConnection.sync().xinfoGroups(stream);
    for (Object g : groups) {
      if (g instanceof List<?> kv) {
        Map<String, Object> fields = new java.util.HashMap<>();
        for (int i = 0; i + 1 < kv.size(); i += 2) {
          fields.put(String.valueOf(kv.get(i)), kv.get(i + 1));
        }
        if (config.consumerGroup().equals(String.valueOf(fields.get("name")))) {
          long lag = fields.get("lag") instanceof Number n ? n.longValue() : 0;
          long pending = fields.get("pending") instanceof Number n ? n.longValue() : 0;
          return lag + pending;
        }
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
   * it, so nothing is lost either way) and closes both connections.
   */
  @Override
  public void close() {
    running = false;
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
    closeQuietly(nats);
    client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
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
