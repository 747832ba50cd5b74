package io.waterbodies.events.sensor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.MalformedEventException;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.envelope.EventIds;
import io.waterbodies.events.sensor.Dependency;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.SensorSpecException;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

class FiltersTest {
  static final String DATA =
      "{\"stream\":\"STREAM\",\"message_id\":\"1-0\",\"values\":{\"href\":\"https://s/items/S2A_1\","
          + "\"collection\":\"sentinel-2-l2a\",\"cloud\":\"12.5\",\"ok\":true,\"a.b\":\"dot\"},"
          + "\"list\":[{\"id\":\"x\"},{\"id\":\"y\"}],\"n\":42}";

  static Envelope event(String data, String time) {
    return Envelope.of(
        EventIds.random(),
        "redis-source",
        "redisStream",
        "example",
        OffsetDateTime.parse(time),
        Json.parse(data, "t"));
  }

  static Envelope event() {
    return event(DATA, "2024-05-01T10:00:00Z");
  }

  static CompiledDependency dep(String filtersYaml) {
    return dep(filtersYaml, "");
  }

  static CompiledDependency dep(String filtersYaml, String extra) {
    String yaml =
        "apiVersion: argoproj.io/v1alpha1\nkind: Sensor\nmetadata: {name: s}\nspec:\n"
            + "  dependencies:\n  - name: d\n    eventSourceName: redis-source\n    eventName: example\n"
            + extra
            + "    filters:\n"
            + filtersYaml.indent(6)
            + "  triggers:\n  - template: {name: t, log: {}}\n";
    SensorSpec s = SensorSpec.parse(yaml, "sensor.yaml");
    Dependency d = s.dependencies().get(0);
    return CompiledDependency.compile(d, "sensor.yaml", "/spec/dependencies/0");
  }

  static boolean passes(String filtersYaml) {
    return dep(filtersYaml).apply(event(), "t").isPresent();
  }

  @Test
  void dataFiltersFollowArgo() {
    assertThat(passes("data: [{path: values.collection, type: string, value: ['^sentinel-2']}]"))
        .isTrue();
    assertThat(passes("data: [{path: values.collection, type: string, value: ['landsat']}]"))
        .isFalse();
    // values are OR-ed
    assertThat(
            passes("data: [{path: values.collection, type: string, value: [landsat, sentinel]}]"))
        .isTrue();
    assertThat(
            passes(
                "data: [{path: values.collection, type: string, value: [landsat], comparator: '!='}]"))
        .isTrue();
    assertThat(passes("data: [{path: values.cloud, type: number, value: ['20'], comparator: '<'}]"))
        .isTrue();
    assertThat(
            passes("data: [{path: values.cloud, type: number, value: ['12.5'], comparator: '>'}]"))
        .isFalse();
    assertThat(
            passes("data: [{path: values.cloud, type: number, value: ['12.5'], comparator: '>='}]"))
        .isTrue();
    assertThat(passes("data: [{path: n, type: number, value: ['42']}]")).isTrue();
    assertThat(passes("data: [{path: values.ok, type: bool, value: ['true']}]")).isTrue();
    assertThat(passes("data: [{path: values.ok, type: bool, value: ['false']}]")).isFalse();
    // a missing path fails the filter
    assertThat(passes("data: [{path: values.nope, type: string, value: ['.*']}]")).isFalse();
    // GJSON subset: indexes, '#' length, '#' map, escaped dot
    assertThat(passes("data: [{path: list.1.id, type: string, value: ['^y$']}]")).isTrue();
    assertThat(passes("data: [{path: 'list.#', type: number, value: ['2']}]")).isTrue();
    assertThat(passes("data: [{path: 'list.#.id', type: string, value: ['\"y\"']}]")).isTrue();
    assertThat(passes("data: [{path: 'values.a\\.b', type: string, value: ['^dot$']}]")).isTrue();
  }

  @Test
  void dataLogicalOperatorAndFiltersLogicalOperator() {
    String two =
        "data:\n- {path: values.collection, type: string, value: [landsat]}\n"
            + "- {path: n, type: number, value: ['42']}\n";
    assertThat(passes(two)).isFalse();
    assertThat(passes(two + "dataLogicalOperator: or\n")).isTrue();
    String mixed =
        "data: [{path: values.collection, type: string, value: [landsat]}]\n"
            + "context: {type: redisStream}\n";
    assertThat(passes(mixed)).isFalse();
    CompiledDependency or = dep(mixed, "    filtersLogicalOperator: or\n");
    assertThat(or.apply(event(), "t")).isPresent();
  }

  @Test
  void exprFilters() {
    String f =
        "exprs:\n- expr: \"(c == 'sentinel-2-l2a' && cloud == '12.5') || !(n == 42)\"\n"
            + "  fields: [{name: c, path: values.collection}, {name: cloud, path: values.cloud},"
            + " {name: n, path: n}]\n";
    assertThat(passes(f)).isTrue();
    assertThat(
            passes(
                "exprs: [{expr: \"c =~ '^landsat' || n > 50\", fields: [{name: c, path: values.collection}, {name: n, path: n}]}]"))
        .isFalse();
    assertThat(passes("exprs: [{expr: \"x == 'a'\", fields: [{name: x, path: values.missing}]}]"))
        .isFalse();
    // govaluate does not convert: a string compared with a number is a type error, the event fails
    assertThat(
            passes("exprs: [{expr: \"cloud < 20\", fields: [{name: cloud, path: values.cloud}]}]"))
        .isFalse();
    assertThat(
            passes(
                "exprs: [{expr: \"n % 5 == 2 && n in (41, 42) && (n > 40 ? 'big' : 'small') =="
                    + " 'big'\", fields: [{name: n, path: n}]}]"))
        .isTrue();
  }

  @Test
  void contextAndTimeFilters() {
    assertThat(passes("context: {type: redisStream, source: redis-source, subject: example}"))
        .isTrue();
    assertThat(passes("context: {type: redis}")).isFalse();
    CompiledDependency day = dep("time: {start: '09:00:00', stop: '10:00:00'}");
    assertThat(day.apply(event(DATA, "2024-05-01T09:00:00Z"), "t")).isPresent(); // start inclusive
    assertThat(day.apply(event(DATA, "2024-05-01T10:00:00Z"), "t")).isEmpty(); // stop exclusive
    CompiledDependency night = dep("time: {start: '22:00:00', stop: '02:00:00'}");
    assertThat(night.apply(event(DATA, "2024-05-01T23:30:00Z"), "t")).isPresent();
    assertThat(night.apply(event(DATA, "2024-05-01T01:59:59Z"), "t")).isPresent();
    assertThat(night.apply(event(DATA, "2024-05-01T12:00:00Z"), "t")).isEmpty();
  }

  @Test
  void jqTransformRunsBeforeFilters() {
    CompiledDependency d =
        dep(
            "data: [{path: values.href.0, type: string, value: ['items/S2A_1$']}]",
            "    transform: {jq: '.values.href = [ .values.href ]'}\n");
    Envelope out = d.apply(event(), "t").orElseThrow();
    JsonNode href = out.data().at("/values/href");
    assertThat(href.isArray()).isTrue();
    assertThat(href.get(0).asText()).isEqualTo("https://s/items/S2A_1");
    CompiledDependency notObject = dep("{}", "    transform: {jq: '.values.href'}\n");
    assertThatThrownBy(() -> notObject.apply(event(), "subj"))
        .isInstanceOf(MalformedEventException.class)
        .hasMessageContaining("must output an object");
  }

  @Test
  void invalidFiltersAreRejectedWhenBuilt() {
    assertThatThrownBy(() -> dep("data: [{path: values.c, type: string, value: ['(unclosed']}]"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("sensor.yaml")
        .hasMessageContaining("/spec/dependencies/0/filters/data/0/value/0")
        .hasMessageContaining("invalid regular expression");
    assertThatThrownBy(() -> dep("data: [{path: 'values..c', type: string, value: [a]}]"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("/spec/dependencies/0/filters/data/0/path");
    assertThatThrownBy(() -> dep("data: [{path: 'list.#(id==\"x\"', type: string, value: [a]}]"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("unclosed query");
    assertThatThrownBy(() -> dep("data: [{path: a, type: string, value: [a], comparator: '>'}]"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("= or !=");
    assertThatThrownBy(() -> dep("data: [{path: a, type: number, value: [abc]}]"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("not a number");
    assertThatThrownBy(() -> dep("exprs: [{expr: 'a == ', fields: [{name: a, path: a}]}]"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("/filters/exprs/0/expr");
    assertThatThrownBy(() -> dep("exprs: [{expr: 'b == 1', fields: [{name: a, path: a}]}]"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("unknown field 'b'");
    assertThatThrownBy(() -> dep("time: {start: '25:00:00', stop: '10:00:00'}"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("/time/start");
    assertThatThrownBy(() -> dep("{}", "    transform: {jq: '.values | ]['}\n"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("/transform/jq");
  }
}
