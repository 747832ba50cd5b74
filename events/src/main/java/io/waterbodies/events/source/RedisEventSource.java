package io.waterbodies.events.source;

import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.waterbodies.core.concurrent.DaemonThreads;
import io.waterbodies.events.NatsAccess;
import io.waterbodies.events.NotAStreamException;
import io.waterbodies.events.RedisAccess;
import io.waterbodies.events.bus.EventBus;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.ComponentHealth;
import io.waterbodies.events.metrics.ComponentMetrics;
import io.waterbodies.events.metrics.MetricsSnapshot;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards Redis entries to the JetStream event bus, wire-compatible with Argo Events' {@code
 * redisStream} and {@code redis} event sources.
 *
 * <p>Stream mode reads with XREADGROUP in a consumer group (created with MKSTREAM when missing),
 * its own pending entries first, then new ones. It reads its pending entries again after every
 * Redis reconnection (an entry delivered as the server died stays pending, and the re-sent read
 * does not return it) and takes over entries other consumers of the group left pending longer than
 * {@link RedisEventSourceConfig#claimIdle()} (XAUTOCLAIM). Each entry becomes event data {@code
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
  private final String location;
  private StatefulRedisConnection<String, String> connection;
  private StatefulRedisConnection<String, String> infoConnection;
  private StatefulRedisPubSubConnection<String, String> pubsub;
  private final BusConnection bus;
  private final SourceLoop loop;
  private final Thread worker;

  private RedisEventSource(
      RedisEventSourceConfig config, RedisAccess redis, NatsAccess natsAccess) {
    this.config = config;
    this.location = redis.describe();
    this.metrics =
        new ComponentMetrics("source/" + config.eventSourceName() + "." + config.eventName());
    this.redisEndpoint = Connections.redis(redis);
    BusConnection nats = null;
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
      nats =
          new BusConnection(
              natsAccess, "waterbodies-source-" + config.eventSourceName(), config.connectPolicy());
      if (config.createBusStream()) {
        EventBus eventBus = new EventBus(nats.connection(), config.bus());
        eventBus.ensure();
        if (config.deadLetter().kind() == DeadLetterTarget.Kind.NATS_SUBJECT
            && config.deadLetter().name().isEmpty()) {
          eventBus.ensureDeadLetterStream();
        }
      }
      if (config.stream().isPresent()) {
        String stream = config.stream().get();
        StreamGroups.ensure(
            connection.sync(), stream, config.consumerGroup(), config.groupStartId(), location);
        metrics.lagSupplier(this::streamLag);
        loop = new StreamReader(config, metrics, nats, connection, location);
      } else {
        PubSubForwarder forwarder = new PubSubForwarder(config, metrics, nats, pubsub);
        forwarder.subscribe();
        loop = forwarder;
      }
    } catch (RuntimeException e) {
      if (nats != null) {
        nats.close();
      }
      closeRedis();
      throw e;
    }
    this.bus = nats;
    this.worker =
        DaemonThreads.newThread(
            "redis-source-" + config.eventSourceName() + "-" + config.eventName(), loop);
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
    return ComponentHealth.of(metrics, isRunning(), bus.link().isUp() && redisUp);
  }

  /** True while the forwarding thread runs. */
  public boolean isRunning() {
    return worker.isAlive();
  }

  /** The error that stopped the source, if one did. */
  public Optional<RuntimeException> failure() {
    return loop instanceof StreamReader reader ? reader.failure() : Optional.empty();
  }

  private long streamLag() {
    return StreamGroups.lag(
        infoConnection.sync(), config.stream().orElseThrow(), config.consumerGroup());
  }

  /**
   * Stops reading, lets the batch in flight finish (it is XACKed only when JetStream acknowledged
   * it, so nothing is lost either way) and closes the connections it opened (never the host's).
   */
  @Override
  public void close() {
    loop.stop();
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
    if (loop instanceof StreamReader reader) {
      reader.detach();
    }
    bus.close();
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
}
