package io.waterbodies.events.source;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.waterbodies.events.NotAStreamException;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.metrics.ComponentMetrics;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream mode's read loop: XREADGROUP in the consumer group, pending entries first (see {@link
 * PendingRecovery}), then new ones, each batch handed to the {@link EntryForwarder}; it waits while
 * NATS is down, backs off after failures and recreates the group when it was deleted.
 */
final class StreamReader extends SourceLoop {
  private static final Logger LOG = LoggerFactory.getLogger(StreamReader.class);

  private final String stream;
  private final String location;
  private final StatefulRedisConnection<String, String> connection;
  private final EntryForwarder forwarder;
  private final PendingRecovery recovery;
  private final AtomicReference<RuntimeException> fatal = new AtomicReference<>();

  StreamReader(
      RedisEventSourceConfig config,
      ComponentMetrics metrics,
      BusConnection bus,
      StatefulRedisConnection<String, String> connection,
      String location) {
    super(config, metrics, bus);
    this.stream = config.stream().orElseThrow();
    this.location = location;
    this.connection = connection;
    this.forwarder = new EntryForwarder(config, metrics, bus);
    this.recovery = new PendingRecovery(config, stream);
    recovery.attach(connection);
  }

  /** The error that stopped the loop, if one did. */
  Optional<RuntimeException> failure() {
    return Optional.ofNullable(fatal.get());
  }

  /** Stops following the connection's events (before it is closed). */
  void detach() {
    recovery.detach(connection);
  }

  @Override
  public void run() {
    RedisCommands<String, String> redis = connection.sync();
    int failures = 0;
    while (running()) {
      if (!bus.link().isUp()) {
        // Publishing now would only fill the reconnect buffer; wait for the connection events.
        awaitNats(config.block());
        continue;
      }
      try {
        List<StreamMessage<String, String>> batch = recovery.next(redis);
        if (batch.isEmpty()) {
          batch = readNew(redis);
        }
        if (!batch.isEmpty()) {
          forwarder.forward(redis, stream, batch);
        }
        failures = 0;
      } catch (RedisCommandExecutionException e) {
        if (String.valueOf(e.getMessage()).startsWith("NOGROUP")) {
          // The stream or group was deleted under us: recreate both, as at start.
          try {
            StreamGroups.ensure(
                redis, stream, config.consumerGroup(), config.groupStartId(), location);
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
        recovery.restart();
      } catch (RuntimeException e) {
        if (!running()) {
          return;
        }
        failures = backoff(++failures, e);
        recovery.restart();
        try {
          if (running()) {
            bus.reconnectIfStuck();
          }
        } catch (RuntimeException again) {
          LOG.warn("event source {}: {}", config.eventSourceName(), Connections.reason(again));
        }
      }
    }
  }

  @SuppressWarnings("unchecked") // Lettuce's varargs of a generic StreamOffset
  private List<StreamMessage<String, String>> readNew(RedisCommands<String, String> redis) {
    return redis.xreadgroup(
        Consumer.from(config.consumerGroup(), config.consumerName()),
        XReadArgs.Builder.count(config.count()).block(config.block()),
        XReadArgs.StreamOffset.lastConsumed(stream));
  }
}
