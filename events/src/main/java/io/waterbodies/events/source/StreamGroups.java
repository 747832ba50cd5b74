package io.waterbodies.events.source;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.NotAStreamException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consumer groups of a Redis stream: creating one, the lag of one, and trimming what all
 * acknowledged.
 */
final class StreamGroups {
  private static final Logger LOG = LoggerFactory.getLogger(StreamGroups.class);

  private StreamGroups() {}

  /**
   * Creates the group (and the stream, MKSTREAM) at {@code startId} unless it exists.
   *
   * @param location the server, redacted, for messages
   * @throws NotAStreamException when the key holds another type
   */
  static void ensure(
      RedisCommands<String, String> redis,
      String stream,
      String group,
      String startId,
      String location) {
    try {
      redis.xgroupCreate(
          XReadArgs.StreamOffset.from(stream, startId), group, XGroupCreateArgs.Builder.mkstream());
      LOG.info("created consumer group {} on stream {}", group, stream);
    } catch (RedisCommandExecutionException e) {
      String m = String.valueOf(e.getMessage());
      if (m.startsWith("BUSYGROUP")) {
        return;
      }
      if (m.startsWith("WRONGTYPE")) {
        throw new NotAStreamException(location, stream, redis.type(stream));
      }
      throw new EventsException(
          "cannot create consumer group '" + group + "' on stream '" + stream + "': " + m,
          location,
          null,
          e);
    }
  }

  /** Entries of {@code group} not yet delivered plus delivered but not acknowledged. */
  static long lag(RedisCommands<String, String> redis, String stream, String group) {
    for (Object g : redis.xinfoGroups(stream)) {
      Map<String, Object> fields = fields(g);
      if (group.equals(String.valueOf(fields.get("name")))) {
        return number(fields.get("lag")) + number(fields.get("pending"));
      }
    }
    return 0;
  }

  /**
   * Trims the stream ({@code XTRIM MINID ~}) below the oldest entry that some consumer group has
   * not acknowledged, pending or not yet delivered; approximate, so Redis drops whole nodes only.
   *
   * @return the number of entries removed
   */
  static long trimAcknowledged(RedisCommands<String, String> redis, String stream) {
    StreamIds.Id min = null;
    for (Object g : redis.xinfoGroups(stream)) {
      Map<String, Object> fields = fields(g);
      StreamIds.Id keep;
      if (number(fields.get("pending")) > 0) {
        var summary = redis.xpending(stream, String.valueOf(fields.get("name")));
        keep = StreamIds.parse(String.valueOf(summary.getMessageIds().getLower().getValue()));
      } else {
        keep = StreamIds.parse(String.valueOf(fields.get("last-delivered-id"))).next();
      }
      min = min == null || keep.compareTo(min) < 0 ? keep : min;
    }
    return min == null
        ? 0
        : redis.xtrim(stream, new XTrimArgs().minId(min.toString()).approximateTrimming());
  }

  private static long number(Object o) {
    return o instanceof Number n ? n.longValue() : 0;
  }

  /** One group of XINFO GROUPS' reply as a map. */
  private static Map<String, Object> fields(Object group) {
    Map<String, Object> fields = new HashMap<>();
    if (group instanceof List<?> kv) {
      for (int i = 0; i + 1 < kv.size(); i += 2) {
        fields.put(String.valueOf(kv.get(i)), kv.get(i + 1));
      }
    }
    return fields;
  }
}
