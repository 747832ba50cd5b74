package io.waterbodies.events.source;

import io.lettuce.core.Consumer;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-reads the entries the group delivered to this source but that it never acknowledged: at start,
 * after every Redis reconnection, after a failed batch, and once per {@linkplain
 * RedisEventSourceConfig#claimIdle() claim period}.
 *
 * <p>A reconnection needs this because Lettuce re-sends a command that was in flight when the
 * connection dropped: an XREADGROUP {@code >} that Redis served as it died (the entry is in the
 * pending list, the reply lost) is sent again and simply returns later entries, so the source sees
 * no error and would never read that entry again. Each recovery first takes over, with XAUTOCLAIM,
 * the entries pending longer than the claim period for any consumer of the group (a replica that
 * died or was renamed), then reads this consumer's pending list from id {@code 0}. The bus'
 * duplicate window drops what was already published, so this is exactly once on the bus.
 *
 * <p>Used by the read loop's thread only, apart from the connection events.
 */
final class PendingRecovery implements RedisConnectionStateListener {
  private static final Logger LOG = LoggerFactory.getLogger(PendingRecovery.class);
  private static final String START = "0-0";
  private static final int CLAIM_COUNT = 100;
  private static final int MAX_CLAIM_ROUNDS = 1000;

  private final RedisEventSourceConfig config;
  private final String stream;
  private final Consumer<String> me;
  private final long claimPeriodNanos;
  private final AtomicLong connects = new AtomicLong();
  private long connectsSeen = -1;
  private long lastClaim;
  private boolean claimSupported = true;

  /** The next pending id to read after, or null when the pending list is drained. */
  private String cursor;

  PendingRecovery(RedisEventSourceConfig config, String stream) {
    this.config = config;
    this.stream = stream;
    this.me = Consumer.from(config.consumerGroup(), config.consumerName());
    this.claimPeriodNanos = config.claimIdle().toNanos();
  }

  /** Follows {@code connection}'s reconnections. */
  void attach(StatefulRedisConnection<String, String> connection) {
    connection.addListener(this);
  }

  /** Stops following it. */
  void detach(StatefulRedisConnection<String, String> connection) {
    connection.removeListener(this);
  }

  @Override
  public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress address) {
    connects.incrementAndGet();
  }

  /** Reads the pending list again from the start (after a batch failed). */
  void restart() {
    cursor = START;
  }

  /**
   * The next batch of this consumer's pending entries when a recovery is under way (starting one
   * when due), or an empty list when there is nothing pending: then the caller reads new entries.
   */
  @SuppressWarnings("unchecked") // Lettuce's varargs of a generic StreamOffset
  List<StreamMessage<String, String>> next(RedisCommands<String, String> redis) {
    long seen = connects.get();
    long now = System.nanoTime();
    boolean reconnected = seen != connectsSeen;
    if (reconnected || now - lastClaim >= claimPeriodNanos) {
      if (reconnected && connectsSeen >= 0) {
        LOG.info(
            "event source {}.{}: Redis connection re-established; re-reading pending entries of {}",
            config.eventSourceName(),
            config.eventName(),
            stream);
      }
      // Marked first: a reconnection during the claim starts another recovery after this one.
      connectsSeen = seen;
      lastClaim = now;
      claim(redis);
      cursor = START;
    }
    if (cursor == null) {
      return List.of();
    }
    List<StreamMessage<String, String>> batch =
        redis.xreadgroup(
            me,
            XReadArgs.Builder.count(config.count()),
            XReadArgs.StreamOffset.from(stream, cursor));
    cursor = batch.isEmpty() ? null : batch.get(batch.size() - 1).getId();
    return batch;
  }

  /** Moves entries idle longer than the claim period, whoever holds them, to this consumer. */
  private void claim(RedisCommands<String, String> redis) {
    if (!claimSupported) {
      return;
    }
    String from = START;
    long claimed = 0;
    try {
      for (int round = 0; round < MAX_CLAIM_ROUNDS; round++) {
        ClaimedMessages<String, String> r =
            redis.xautoclaim(
                stream,
                XAutoClaimArgs.Builder.<String>justid(me, config.claimIdle(), from)
                    .count(CLAIM_COUNT));
        claimed += r.getMessages().size();
        from = r.getId();
        if (from == null || START.equals(from)) {
          break;
        }
      }
    } catch (RedisCommandExecutionException e) {
      if (String.valueOf(e.getMessage()).startsWith("ERR unknown command")) {
        // Redis before 6.2: this consumer's own pending entries are still re-read.
        claimSupported = false;
        LOG.warn(
            "event source {}.{}: this Redis has no XAUTOCLAIM (6.2+); entries other consumers"
                + " left pending are not taken over",
            config.eventSourceName(),
            config.eventName());
        return;
      }
      throw e;
    }
    if (claimed > 0) {
      LOG.info(
          "event source {}.{}: took over {} entries of {} pending for more than {} ms",
          config.eventSourceName(),
          config.eventName(),
          claimed,
          stream,
          config.claimIdle().toMillis());
    }
  }
}
