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

  /** Events of many shapes; the one-pass reading and the SDK must agree on each. */
  static java.util.List<String> shapes() {
    String head =
        "\"specversion\":\"1.0\",\"id\":\"3c5f0a8f2b6e4e2c9a1d7b0e5f4c3a21\","
            + "\"source\":\"redis-source\",\"type\":\"redisStream\"";
    return java.util.List.of(
        ARGO_EVENT,
        "{" + head + ",\"time\":\"2022-03-17T05:38:41Z\",\"data\":{\"a\":[1,2,{\"b\":null}]}}",
        "{" + head + ",\"time\":\"2022-03-17T05:38:41.5+05:30\",\"data\":[\"x\"]}",
        "{" + head + ",\"time\":\"2022-03-17T05:38:41.123456789-00:00\",\"data\":{}}",
        "{" + head + ",\"time\":\"2022-03-17t05:38:41z\",\"data\":{\"n\":12345678901234567890}}",
        "{" + head + ",\"time\":\"2022-03-17T05:38Z\",\"data\":{\"s\":\"\\u2028\\\"\"}}",
        "{" + head + ",\"time\":\"2022-03-17T05:38:41Z\",\"data\":{\"f\":1.10,\"e\":1e2}}",
        "{" + head + ",\"time\":\"2022-03-17T05:38:41Z\",\"data\":\"{\\\"a\\\":1}\"}",
        "{"
            + head
            + ",\"time\":\"2022-03-17T05:38:41Z\",\"datacontenttype\":\"text/plain\","
            + "\"data\":\"{\\\"a\\\":1}\"}",
        "{" + head + ",\"time\":\"2022-03-17T05:38:41Z\",\"ext\":\"x\",\"data\":{\"a\":1}}",
        "{" + head + ",\"subject\":\"\",\"time\":\"2022-03-17T05:38:41Z\",\"data\":{\"a\":1}}");
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("shapes")
  void theOnePassReadingAgreesWithTheSdk(String event) {
    byte[] b = event.getBytes(StandardCharsets.UTF_8);
    Envelope viaSdk = Envelope.parseWithSdk(b, "t");
    Envelope e = Envelope.parse(b, "t");
    assertThat(e).isEqualTo(viaSdk);
    assertThat(Json.write(e.data(), false)).isEqualTo(Json.write(viaSdk.data(), false));
  }

  @Test
  void argoShapedEventsAreReadInOnePassAndTheRestByTheSdk() {
    java.util.List<String> all = shapes();
    for (int i = 0; i < all.size(); i++) {
      boolean plain = i < 4 || i == all.size() - 1;
      assertThat(Envelope.argoShaped(all.get(i).getBytes(StandardCharsets.UTF_8)).isPresent())
          .as(all.get(i))
          .isEqualTo(plain);
    }
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {
        "{\"specversion\":\"0.9\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\","
            + "\"time\":\"2022-03-17T05:38:41Z\",\"data\":{}}",
        "{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\","
            + "\"time\":\"2022-03-17T05:38:41Z\",\"data\":{}}",
        "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\","
            + "\"time\":\"2022-02-30T05:38:41Z\",\"data\":{}}",
        "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\","
            + "\"time\":\"2022-03-17T05:38:41Z\"}",
        "{\"specversion\":\"1.0\",\"id\":7,\"source\":\"s\",\"type\":\"t\","
            + "\"time\":\"2022-03-17T05:38:41Z\",\"data\":{}}",
        "{\"specversion\":\"1.0\",\"id\":\"a\",\"source\":\"s\",\"type\":\"t\"," + "\"data\":{}}"
      })
  void whatTheSdkRejectsIsStillRejectedWithItsMessage(String event) {
    byte[] b = event.getBytes(StandardCharsets.UTF_8);
    Throwable viaSdk =
        org.assertj.core.api.Assertions.catchThrowable(() -> Envelope.parseWithSdk(b, "t"));
    assertThat(viaSdk).isInstanceOf(MalformedEventException.class);
    assertThatThrownBy(() -> Envelope.parse(b, "t"))
        .isInstanceOf(MalformedEventException.class)
        .hasMessage(viaSdk.getMessage());
  }

  @Test
  void readsRfc3339TimesAsOffsetDateTimeParseDoes() {
    for (String t :
        new String[] {
          "2022-03-17T05:38:41Z",
          "2022-03-17T05:38:41.1Z",
          "2022-03-17T05:38:41.000000001+14:00",
          "1999-12-31T23:59:59.999-12:30",
          "2024-02-29T00:00:00+00:00"
        }) {
      assertThat(Envelope.rfc3339(t)).contains(OffsetDateTime.parse(t));
    }
    for (String t :
        new String[] {
          "2022-03-17T05:38Z",
          "2022-03-17T05:38:41.Z",
          "2022-03-17T05:38:41.1234567890Z",
          "2022-03-17T05:38:60Z",
          "2023-02-29T00:00:00Z",
          "2022-03-17T05:38:41+19:00",
          "2022-03-17 05:38:41Z",
          "2022-03-17T05:38:41"
        }) {
      assertThat(Envelope.rfc3339(t)).as(t).isEmpty();
    }
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
