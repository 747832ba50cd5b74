package io.waterbodies.events.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.MalformedEventException;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
  // An event exactly as Argo Events v1.9's redisStream source puts it on the bus (SYSTEM.md §3).
  static final String ARGO_EVENT =
      "{\"specversion\":\"1.0\",\"id\":\"3c5f0a8f2b6e4e2c9a1d7b0e5f4c3a21\","
          + "\"source\":\"redis-source\",\"type\":\"redisStream\",\"subject\":\"example\","
          + "\"datacontenttype\":\"application/json\",\"time\":\"2022-03-17T05:38:41.754123Z\","
          + "\"data\":{\"stream\":\"STREAM\",\"message_id\":\"1647495121754-0\","
          + "\"values\":{\"subject\":\"https://stac/items/a\",\"producer\":\"p\","
          + "\"href\":\"https://stac/items/a\"}}}";

  @Test
  void parsesAnArgoEvent() {
    Envelope e = Envelope.parse(ARGO_EVENT.getBytes(StandardCharsets.UTF_8), "test");
    assertThat(e.id()).isEqualTo("3c5f0a8f2b6e4e2c9a1d7b0e5f4c3a21");
    assertThat(e.source()).isEqualTo("redis-source");
    assertThat(e.type()).isEqualTo("redisStream");
    assertThat(e.subject()).isEqualTo("example");
    assertThat(e.dataContentType()).isEqualTo("application/json");
    assertThat(e.data().at("/values/href").asText()).isEqualTo("https://stac/items/a");
    assertThat(e.data().at("/message_id").asText()).isEqualTo("1647495121754-0");
  }

  @Test
  void writesTheSameShapeAsArgo() {
    JsonNode data =
        Json.parse("{\"stream\":\"S\",\"message_id\":\"1-0\",\"values\":{\"a\":\"b\"}}", "t");
    Envelope e =
        Envelope.of(
            EventIds.forStreamEntry("src", "ev", "S", "1-0"),
            "src",
            Envelope.TYPE_REDIS_STREAM,
            "ev",
            OffsetDateTime.parse("2024-01-02T03:04:05Z"),
            data);
    JsonNode wire = Json.parse(new String(e.toBytes(), StandardCharsets.UTF_8), "t");
    JsonNode argo = Json.parse(ARGO_EVENT, "argo");
    // Same attribute names as Argo's, nothing more, nothing less.
    assertThat(ImmutableNames.of(wire)).isEqualTo(ImmutableNames.of(argo));
    assertThat(wire.get("specversion").asText()).isEqualTo("1.0");
    assertThat(wire.get("id").asText()).matches("[0-9a-f]{32}");
    assertThat(wire.get("data")).isEqualTo(data);
    assertThat(Envelope.parse(e.toBytes(), "t")).isEqualTo(e);
  }

  @Test
  void idsAreDeterministicPerEntry() {
    String a = EventIds.forStreamEntry("src", "ev", "S", "1-0");
    assertThat(a)
        .isEqualTo(EventIds.forStreamEntry("src", "ev", "S", "1-0"))
        .matches("[0-9a-f]{32}");
    assertThat(a).isNotEqualTo(EventIds.forStreamEntry("src", "ev", "S", "1-1"));
    assertThat(EventIds.random()).matches("[0-9a-f]{32}").isNotEqualTo(EventIds.random());
  }

  @Test
  void rejectsWhatIsNotAnEvent() {
    assertThatThrownBy(() -> Envelope.parse("not json".getBytes(StandardCharsets.UTF_8), "subj"))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("subj");
    assertThatThrownBy(
            () -> Envelope.parse("{\"hello\":1}".getBytes(StandardCharsets.UTF_8), "subj"))
        .isInstanceOf(MalformedEventException.class);
    assertThatThrownBy(() -> Envelope.of("XYZ", "s", "t", "e", OffsetDateTime.now(), Json.object()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** Field names of an object, sorted. */
  static final class ImmutableNames {
    static java.util.SortedSet<String> of(JsonNode n) {
      java.util.SortedSet<String> s = new java.util.TreeSet<>();
      n.fieldNames().forEachRemaining(s::add);
      return s;
    }
  }
}
