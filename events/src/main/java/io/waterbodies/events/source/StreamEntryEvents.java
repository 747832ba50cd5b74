package io.waterbodies.events.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * The event Argo's {@code redisStream} event source makes of one stream entry: data {@code
 * {"stream","message_id","values"}}, an id derived from the entry and a time taken from the entry
 * id. {@link RedisEventSource} and the embedded pipeline's in-memory bus both build events here.
 */
public final class StreamEntryEvents {
  private StreamEntryEvents() {}

  /** The envelope of entry {@code messageId} of {@code stream} with its field values. */
  public static Envelope of(
      String eventSourceName,
      String eventName,
      String stream,
      String messageId,
      Map<String, String> values) {
    ObjectNode data = Json.object();
    data.put("stream", stream);
    data.put("message_id", messageId);
    ObjectNode v = data.putObject("values");
    values.forEach(v::put);
    return Envelope.of(
        EventIds.forStreamEntry(eventSourceName, eventName, stream, messageId),
        eventSourceName,
        Envelope.TYPE_REDIS_STREAM,
        eventName,
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
}
