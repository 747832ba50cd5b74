package io.waterbodies.events.watch.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.retry.RetryPolicy;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.NotAStreamException;
import io.waterbodies.events.RedisAccess;
import io.waterbodies.events.internal.Connections;
import io.waterbodies.events.watch.WatchTarget;
import io.waterbodies.events.watch.WatcherPort;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Redis {@link WatcherPort}: seen-set {@code <stateKey>:seen} (sorted by item datetime),
 * checkpoint {@code <stateKey>:checkpoint}, and XADD (stream) or PUBLISH (channel) in the same Lua
 * script that marks the item seen.
 */
public final class RedisWatcherPort implements WatcherPort {
  // KEYS: seen zset, stream/channel. ARGV: mode, score, member, json body, max length (0: no
  // trimming), field/value pairs...
  private static final String EMIT =
      "if redis.call('ZADD', KEYS[1], 'NX', ARGV[2], ARGV[3]) == 0 then return 0 end\n"
          + "if ARGV[1] == 'stream' then\n"
          + "  if ARGV[5] == '0' then redis.call('XADD', KEYS[2], '*', unpack(ARGV, 6))\n"
          + "  else redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[5], '*', unpack(ARGV, 6)) end\n"
          + "else redis.call('PUBLISH', KEYS[2], ARGV[4]) end\n"
          + "return 1";

  private final WatchTarget target;
  private final Connections.RedisEndpoint endpoint;
  private final long maxLength;
  private final StatefulRedisConnection<String, String> connection;
  private final RedisCommands<String, String> redis;
  private final String seenKey;
  private final String checkpointKey;

  /**
   * Connects and checks that the target stream, when it exists, is a stream.
   *
   * @throws io.waterbodies.events.EventsConnectionException when Redis stays unreachable
   * @throws NotAStreamException when the target key holds another type
   */
  public RedisWatcherPort(
      RedisAccess access,
      RetryPolicy connectPolicy,
      WatchTarget target,
      String stateKey,
      long maxLength) {
    this.target = target;
    this.seenKey = stateKey + ":seen";
    this.checkpointKey = stateKey + ":checkpoint";
    this.maxLength = maxLength;
    this.endpoint = Connections.redis(access);
    try {
      this.connection =
          Connections.withRetry("Redis", access.describe(), connectPolicy, endpoint::connect);
    } catch (RuntimeException e) {
      endpoint.release();
      throw e;
    }
    this.redis = connection.sync();
    if (!target.pubSub()) {
      String type = redis.type(target.name());
      if (!"none".equals(type) && !"stream".equals(type)) {
        close();
        throw new NotAStreamException(access.describe(), target.name(), type);
      }
    }
  }

  @Override
  public Optional<Instant> checkpoint() {
    String v = redis.get(checkpointKey);
    if (v == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(Instant.parse(v));
    } catch (DateTimeParseException e) {
      throw new EventsException(
          "the watcher checkpoint in Redis key '" + checkpointKey + "' is not an instant: " + v);
    }
  }

  @Override
  public void checkpoint(Instant next) {
    redis.set(checkpointKey, next.toString());
  }

  @Override
  public boolean emit(String member, long score, ObjectNode fields) {
    List<String> args = new ArrayList<>();
    args.add(target.pubSub() ? "channel" : "stream");
    args.add(Long.toString(score));
    args.add(member);
    args.add(Json.write(fields, false));
    args.add(Long.toString(maxLength));
    for (var e : fields.properties()) {
      args.add(e.getKey());
      args.add(e.getValue().asText());
    }
    Long r =
        redis.eval(
            EMIT,
            ScriptOutputType.INTEGER,
            new String[] {seenKey, target.name()},
            args.toArray(String[]::new));
    return r != null && r == 1L;
  }

  @Override
  public void forget(long score) {
    redis.zremrangebyscore(seenKey, Range.create(Double.NEGATIVE_INFINITY, (double) score));
  }

  @Override
  public boolean connected() {
    return connection.isOpen();
  }

  @Override
  public void close() {
    connection.close();
    endpoint.release();
  }
}
