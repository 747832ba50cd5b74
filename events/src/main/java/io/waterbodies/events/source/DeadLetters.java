package io.waterbodies.events.source;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.impl.Headers;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.EventsException;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.internal.Connections;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes the entries a {@link RedisEventSource} can never publish to its dead-letter target. */
final class DeadLetters {
  private final DeadLetterTarget.Kind kind;
  private final String target;
  private final String eventSourceName;

  DeadLetters(RedisEventSourceConfig config) {
    this.kind = config.deadLetter().kind();
    this.target = config.deadLetter().resolve(config);
    this.eventSourceName = config.eventSourceName();
  }

  /** The Redis stream key or NATS subject written to. */
  String target() {
    return target;
  }

  /**
   * Records one entry with the reason; a failure is an {@link EventsException} the caller treats as
   * transient (it retries the batch, whose publishes JetStream deduplicates).
   *
   * @param maxPayload the NATS server's max payload: a JetStream dead letter without the values
   *     when they do not fit
   */
  void write(
      RedisCommands<String, String> redis,
      JetStream js,
      long maxPayload,
      String stream,
      StreamMessage<String, String> entry,
      String reason) {
    ObjectNode record = Json.object();
    record.put("stream", stream);
    record.put("message_id", entry.getId());
    record.put("reason", reason);
    record.put("failed_at", Instant.now().toString());
    ObjectNode values = Json.object();
    entry.getBody().forEach(values::put);
    if (kind == DeadLetterTarget.Kind.REDIS_STREAM) {
      Map<String, String> fields = new LinkedHashMap<>();
      record.properties().forEach(e -> fields.put(e.getKey(), e.getValue().asText()));
      fields.put("values", Json.write(values, false));
      redis.xadd(target, fields);
      return;
    }
    record.set("values", values);
    byte[] body = Json.write(record, false).getBytes(StandardCharsets.UTF_8);
    boolean truncated = body.length > maxPayload - 8192;
    if (truncated) {
      record.remove("values");
      body = Json.write(record, false).getBytes(StandardCharsets.UTF_8);
    }
    String shortReason = reason.length() > 2000 ? reason.substring(0, 2000) : reason;
    Headers h =
        new Headers()
            .put(DeadLetterTarget.HEADER_REASON, shortReason.replace('\n', ' '))
            .put("Waterbodies-Truncated", Boolean.toString(truncated))
            .put(
                "Nats-Msg-Id",
                EventIds.hash("dead-letter", eventSourceName, stream, entry.getId()));
    try {
      js.publish(target, h, body);
    } catch (IOException | JetStreamApiException e) {
      throw new EventsException(
          "cannot dead-letter entry "
              + entry.getId()
              + " to "
              + target
              + ": "
              + Connections.reason(e),
          e);
    }
  }
}
