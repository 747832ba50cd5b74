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
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
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
  // The attributes an Argo-shaped event has, besides data, in the order argoShaped() keeps them.
  private static final List<String> ATTRIBUTES =
      List.of("specversion", "id", "source", "type", "subject", "time", "datacontenttype");
  private static volatile String lastSource = "";
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
    Optional<Envelope> plain = argoShaped(bytes);
    return plain.isPresent() ? plain.get() : parseWithSdk(bytes, location);
  }

  /** {@link #parse} through the CloudEvents SDK alone. */
  static Envelope parseWithSdk(byte[] bytes, String location) {
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

  /**
   * The common case in one pass: an event shaped like Argo's (spec version 1.0, the attributes Argo
   * writes as strings, an RFC 3339 time, JSON data as an object or array without floating-point
   * numbers). Parsing such an event with the CloudEvents SDK reads it twice and re-parses the data
   * (most of a sensor's time per event); this gives the same envelope. Anything else, including
   * whatever this reading doubts, is empty and goes through the SDK, so errors and other shapes are
   * decided there as before.
   */
  static Optional<Envelope> argoShaped(byte[] bytes) {
    JsonNode root;
    try {
      root = Json.mapper().readTree(bytes);
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
    if (root == null || !root.isObject()) {
      return Optional.empty();
    }
    String[] attrs = new String[ATTRIBUTES.size()];
    JsonNode data = null;
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> f = it.next();
      if ("data".equals(f.getKey())) {
        data = f.getValue();
        continue;
      }
      int i = ATTRIBUTES.indexOf(f.getKey());
      if (i < 0 || !f.getValue().isTextual()) {
        return Optional.empty();
      }
      attrs[i] = f.getValue().textValue();
    }
    String contentType = attrs[6] == null ? JSON : attrs[6];
    if (!"1.0".equals(attrs[0])
        || isEmpty(attrs[1])
        || isEmpty(attrs[2])
        || isEmpty(attrs[3])
        || attrs[5] == null
        || !JSON.equals(contentType)
        || data == null
        || !data.isContainerNode()
        || hasFloats(data)
        || !isUri(attrs[2])) {
      return Optional.empty();
    }
    Optional<OffsetDateTime> time = rfc3339(attrs[5]);
    if (time.isEmpty()) {
      return Optional.empty();
    }
    String subject = attrs[4] == null ? "" : attrs[4];
    return Optional.of(
        new Envelope(attrs[1], attrs[2], attrs[3], subject, time.get(), contentType, data));
  }

  private static boolean isEmpty(String s) {
    return s == null || s.isEmpty();
  }

  /** Whether {@code s} is a URI reference (the SDK's check of {@code source}); the last is kept. */
  private static boolean isUri(String s) {
    if (s.equals(lastSource)) {
      return true;
    }
    try {
      URI.create(s);
    } catch (IllegalArgumentException e) {
      return false;
    }
    lastSource = s;
    return true;
  }

  // Floating-point numbers go through the SDK, which reads them as doubles: the same value both
  // ways.
  private static boolean hasFloats(JsonNode n) {
    if (n.isFloatingPointNumber()) {
      return true;
    }
    if (n.isContainerNode()) {
      for (JsonNode c : n) {
        if (hasFloats(c)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}](Z|+HH:MM|-HH:MM)}, as {@link OffsetDateTime#parse} reads
   * it; empty for any other form.
   */
  static Optional<OffsetDateTime> rfc3339(String s) {
    int n = s.length();
    if (n < 20
        || s.charAt(4) != '-'
        || s.charAt(7) != '-'
        || s.charAt(10) != 'T'
        || s.charAt(13) != ':'
        || s.charAt(16) != ':') {
      return Optional.empty();
    }
    int i = 19;
    int nanos = 0;
    if (s.charAt(i) == '.') {
      int start = ++i;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      int len = i - start;
      if (len < 1 || len > 9) {
        return Optional.empty();
      }
      nanos = digits(s, start, i);
      for (int k = len; k < 9; k++) {
        nanos *= 10;
      }
    }
    ZoneOffset offset;
    if (i == n - 1 && s.charAt(i) == 'Z') {
      offset = ZoneOffset.UTC;
    } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
      int h = digits(s, i + 1, i + 3);
      int m = digits(s, i + 4, i + 6);
      if (h < 0 || m < 0) {
        return Optional.empty();
      }
      int sign = s.charAt(i) == '-' ? -1 : 1;
      try {
        offset = ZoneOffset.ofHoursMinutes(sign * h, sign * m);
      } catch (DateTimeException e) {
        return Optional.empty();
      }
    } else {
      return Optional.empty();
    }
    int[] f = {
      digits(s, 0, 4),
      digits(s, 5, 7),
      digits(s, 8, 10),
      digits(s, 11, 13),
      digits(s, 14, 16),
      digits(s, 17, 19)
    };
    for (int v : f) {
      if (v < 0) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(OffsetDateTime.of(f[0], f[1], f[2], f[3], f[4], f[5], nanos, offset));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /** The decimal value of {@code s[from, to)}, or -1 when a character is not a digit. */
  private static int digits(String s, int from, int to) {
    int v = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
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
