package io.waterbodies.events.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.core.format.EventDeserializationException;
import io.cloudevents.jackson.JsonCloudEventData;
import io.cloudevents.jackson.JsonFormat;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.json.JsonException;
import io.waterbodies.events.MalformedEventException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One event as it travels on the bus: a CloudEvents 1.0 envelope in structured JSON mode, shaped
 * exactly like the events Argo Events v1.9 sources publish ({@code id} 32 lowercase hex characters,
 * {@code source} the event source name, {@code type} {@code redisStream} or {@code redis}, {@code
 * subject} the event name, {@code time}, {@code datacontenttype} {@code application/json} and the
 * data inline as JSON).
 *
 * <pre>{@code
 * Envelope e = Envelope.of(EventIds.forStreamEntry("redis-source", "example", "STREAM", "1-0"),
 *     "redis-source", Envelope.TYPE_REDIS_STREAM, "example", OffsetDateTime.now(), data);
 * byte[] wire = e.toBytes();
 * Envelope back = Envelope.parse(wire, "default.redis-source.example");
 * }</pre>
 *
 * @param id the event id, 32 lowercase hex characters; also the JetStream {@code Nats-Msg-Id}
 * @param source the event source name
 * @param type the event type ({@link #TYPE_REDIS_STREAM}, {@link #TYPE_REDIS}, or another)
 * @param subject the event name
 * @param time when the event happened
 * @param dataContentType the data's media type, normally {@code application/json}
 * @param data the event data
 */
public record Envelope(
    String id,
    String source,
    String type,
    String subject,
    OffsetDateTime time,
    String dataContentType,
    JsonNode data) {

  /** The CloudEvents {@code type} of Argo's Redis stream source. */
  public static final String TYPE_REDIS_STREAM = "redisStream";

  /** The CloudEvents {@code type} of Argo's Redis Pub/Sub source. */
  public static final String TYPE_REDIS = "redis";

  /** The data content type Argo uses for every event. */
  public static final String JSON = "application/json";

  private static final Pattern ID = Pattern.compile("[0-9a-f]{32}");
  private static final JsonFormat FORMAT = new JsonFormat();
  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

  /** Checks the fields; only {@code data} may be an empty object. */
  public Envelope {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(dataContentType, "dataContentType");
    Objects.requireNonNull(data, "data");
  }

  /** An Argo-shaped envelope with {@code datacontenttype} {@code application/json}. */
  public static Envelope of(
      String id, String source, String type, String subject, OffsetDateTime time, JsonNode data) {
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException("event id must be 32 lowercase hex characters: " + id);
    }
    return new Envelope(id, source, type, subject, time, JSON, data);
  }

  /** The CloudEvents SDK view of this envelope. */
  public CloudEvent toCloudEvent() {
    return CloudEventBuilder.v1()
        .withId(id)
        .withSource(URI.create(source))
        .withType(type)
        .withSubject(subject)
        .withTime(time)
        .withDataContentType(dataContentType)
        .withData(JsonCloudEventData.wrap(data))
        .build();
  }

  /** The structured-mode JSON bytes, as published on the bus. */
  public byte[] toBytes() {
    return FORMAT.serialize(toCloudEvent());
  }

  /**
   * The event context as a JSON object ({@code id}, {@code source}, {@code specversion}, {@code
   * type}, {@code datacontenttype}, {@code subject}, {@code time}), the shape Argo resolves a
   * parameter's {@code contextKey} against.
   */
  public ObjectNode context() {
    ObjectNode c = Json.object();
    c.put("id", id);
    c.put("source", source);
    c.put("specversion", "1.0");
    c.put("type", type);
    c.put("datacontenttype", dataContentType);
    c.put("subject", subject);
    c.put("time", RFC3339.format(time.withOffsetSameInstant(ZoneOffset.UTC)));
    return c;
  }

  /**
   * Parses a structured-mode CloudEvent.
   *
   * @param bytes the message body
   * @param location where it came from (a subject), for messages
   * @throws MalformedEventException when the bytes are not a CloudEvent, lack a required attribute,
   *     or carry data that is not JSON
   */
  public static Envelope parse(byte[] bytes, String location) {
    CloudEvent ce;
    try {
      ce = FORMAT.deserialize(bytes);
    } catch (EventDeserializationException | IllegalStateException | IllegalArgumentException e) {
      throw new MalformedEventException(
          "not a CloudEvents 1.0 structured JSON event: " + rootMessage(e), location, null, e);
    }
    String subject = Optional.ofNullable(ce.getSubject()).orElse("");
    OffsetDateTime time = ce.getTime();
    if (time == null) {
      throw new MalformedEventException("the event has no time", location, "/time", null);
    }
    String contentType = Optional.ofNullable(ce.getDataContentType()).orElse(JSON);
    JsonNode data = data(ce.getData(), location);
    return new Envelope(
        ce.getId(), ce.getSource().toString(), ce.getType(), subject, time, contentType, data);
  }

  private static JsonNode data(CloudEventData d, String location) {
    if (d == null) {
      throw new MalformedEventException("the event has no data", location, "/data", null);
    }
    if (d instanceof JsonCloudEventData j) {
      // Re-read through the SDK's shared mapper so numbers keep their exact decimal form.
      return Json.parse(j.getNode().toString(), location);
    }
    try {
      return Json.parse(new String(d.toBytes(), StandardCharsets.UTF_8), location);
    } catch (JsonException e) {
      throw new MalformedEventException(
          "the event data is not JSON: " + e.detail(), location, "/data", e);
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null && t.getCause() != t) {
      t = t.getCause();
    }
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }
}
