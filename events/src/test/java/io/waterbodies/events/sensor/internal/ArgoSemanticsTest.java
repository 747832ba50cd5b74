package io.waterbodies.events.sensor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.sensor.SensorSpec;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.TriggerSpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Argo Events semantics taken from its sources: gjson paths (filter.go, params.go), Go templates
 * with sprig (params.go getValueWithTemplate), Lua scripts (filter.go filterScript, transform.go),
 * trigger conditions (jetstream trigger_conn.go) and parameters (params.go ApplyParams).
 */
class ArgoSemanticsTest {
  static final JsonNode DOC =
      Json.parse(
          "{\"name\":{\"first\":\"Tom\",\"last\":\"Anderson\"},\"age\":37,"
              + "\"children\":[\"Sara\",\"Alex\",\"Jack\"],\"fav.movie\":\"Deer Hunter\","
              + "\"friends\":[{\"first\":\"Dale\",\"last\":\"Murphy\",\"age\":44,\"nets\":[\"ig\",\"fb\"]},"
              + "{\"first\":\"Roger\",\"last\":\"Craig\",\"age\":68,\"nets\":[\"fb\",\"tw\"]},"
              + "{\"first\":\"Jane\",\"last\":\"Murphy\",\"age\":47,\"nets\":[\"ig\",\"tw\"]}]}",
          "gjson README");

  static String get(String path) {
    return GjsonPath.compile(path)
        .get(DOC)
        .map(n -> n.isTextual() ? n.textValue() : n.toString())
        .orElse("<missing>");
  }

  @Test
  void gjsonPathsAsTheGjsonReadmeDocumentsThem() {
    assertThat(get("name.last")).isEqualTo("Anderson");
    assertThat(get("children.#")).isEqualTo("3");
    assertThat(get("children.1")).isEqualTo("Alex");
    assertThat(get("child*.2")).isEqualTo("Jack");
    assertThat(get("c?ildren.0")).isEqualTo("Sara");
    assertThat(get("fav\\.movie")).isEqualTo("Deer Hunter");
    assertThat(get("friends.#.first")).isEqualTo("[\"Dale\",\"Roger\",\"Jane\"]");
    assertThat(get("friends.1.last")).isEqualTo("Craig");
    assertThat(get("friends.#(last==\"Murphy\").first")).isEqualTo("Dale");
    assertThat(get("friends.#(last==\"Murphy\")#.first")).isEqualTo("[\"Dale\",\"Jane\"]");
    assertThat(get("friends.#(age>45)#.last")).isEqualTo("[\"Craig\",\"Murphy\"]");
    assertThat(get("friends.#(first%\"D*\").last")).isEqualTo("Murphy");
    assertThat(get("friends.#(first!%\"D*\").last")).isEqualTo("Craig");
    assertThat(get("friends.#(nets.#(==\"fb\"))#.first")).isEqualTo("[\"Dale\",\"Roger\"]");
    assertThat(get("friends.#(age>45)#|#")).isEqualTo("2");
    assertThat(get("children|@reverse|0")).isEqualTo("Jack");
    assertThat(get("name.middle")).isEqualTo("<missing>");
    assertThatThrownBy(() -> GjsonPath.compile("a..b"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void destinationsAreCreatedAsSjsonDoes() {
    ObjectNode o = Json.object();
    GjsonPath.compile("spec.arguments.parameters.0.value").set(o, Json.mapper().valueToTree("x"));
    assertThat(o.toString())
        .isEqualTo("{\"spec\":{\"arguments\":{\"parameters\":[{\"value\":\"x\"}]}}}");
    GjsonPath.compile("children.2").set(o, Json.mapper().valueToTree("Sara"));
    assertThat(o.get("children").toString()).isEqualTo("[null,null,\"Sara\"]");
    GjsonPath.compile("children.-1").set(o, Json.mapper().valueToTree("Jack"));
    assertThat(o.get("children").size()).isEqualTo(4);
    assertThatThrownBy(() -> GjsonPath.compile("a.#").requireWritable())
        .isInstanceOf(IllegalArgumentException.class);
  }

  static String render(String tpl) {
    return GoTemplate.parse(tpl).render(Json.parse("{\"body\":" + DOC + "}", "t"));
  }

  @Test
  void goTemplatesWithSprig() {
    assertThat(render("{{ .Input.body.name.first | upper }}-{{ .Input.body.age }}"))
        .isEqualTo("TOM-37");
    assertThat(render("{{ \"abcdefghij\" | substr 0 7 }}")).isEqualTo("abcdefg");
    assertThat(render("{{ .Input.body.fav | default \"none\" }}")).isEqualTo("none");
    assertThat(render("{{ \"My Name\" | nospace | lower }}-")).isEqualTo("myname-");
    assertThat(render("{{ \"hello world\" | title }}")).isEqualTo("Hello World");
    assertThat(render("{{ .Input.body.name.first | b64enc }}")).isEqualTo("VG9t");
    assertThat(render("{{ \"VG9t\" | b64dec }}")).isEqualTo("Tom");
    assertThat(render("{{ .Input.body.name | toJson }}"))
        .isEqualTo("{\"first\":\"Tom\",\"last\":\"Anderson\"}");
    assertThat(render("{{ list 1 2 3 | last }} {{ .Input.body.children | join \",\" }}"))
        .isEqualTo("3 Sara,Alex,Jack");
    assertThat(render("{{ $d := dict \"a\" 1 }}{{ get $d \"a\" }} {{ hasKey $d \"b\" }}"))
        .isEqualTo("1 false");
    assertThat(
            render(
                "{{ range $i, $f := .Input.body.friends }}{{ if gt $f.age 45.0 }}{{ $f.first }}"
                    + " {{ end }}{{ end }}"))
        .isEqualTo("Roger Jane ");
    assertThat(
            render("{{- if eq .Input.body.name.last \"Anderson\" -}} yes {{- else }}no{{ end }}"))
        .isEqualTo("yes");
    assertThat(render("{{ with .Input.body.name }}{{ .first }}{{ end }}")).isEqualTo("Tom");
    assertThat(render("{{ date \"2006-01-02T15:04:05Z07:00\" 86400 }}"))
        .isEqualTo("1970-01-02T00:00:00Z");
    assertThat(render("{{ dateInZone \"Jan 2 2006 15:04 MST\" 0 \"UTC\" }}"))
        .isEqualTo("Jan 1 1970 00:00 UTC");
    assertThat(render("{{ printf \"%s is %d\" .Input.body.name.first 37 }}"))
        .isEqualTo("Tom is 37");
    // Go prints float64 1234567 as 1.234567e+06 and a missing map key as <no value>
    assertThat(GoTemplate.parse("{{ .Input.n }}").render(Json.parse("{\"n\":1234567}", "t")))
        .isEqualTo("1.234567e+06");
    assertThat(render("{{ .Input.body.nope }}")).isEqualTo("<no value>");
    // the dataTemplates of Argo's examples (github.yaml, slack-trigger.yaml, ...)
    JsonNode pr =
        Json.parse(
            "{\"body\":{\"pull_request\":{\"number\":42,\"head\":{\"sha\":\"abcdef0123\"}},"
                + "\"name\":\"My Repo\",\"message\":\"hello there\"}}",
            "t");
    assertThat(
            GoTemplate.parse(
                    "{{ .Input.body.pull_request.number }}-{{ .Input.body.pull_request.head.sha |"
                        + " substr 0 7 }}")
                .render(pr))
        .isEqualTo("42-abcdef0");
    assertThat(GoTemplate.parse("{{ .Input.body.name | nospace | lower }}-").render(pr))
        .isEqualTo("myrepo-");
    assertThat(GoTemplate.parse("Hi {{.Input.body.name}},\n\n\tHello There.").render(pr))
        .isEqualTo("Hi My Repo,\n\n\tHello There.");
    assertThat(GoTemplate.parse("{{ .Input.body.message | title }}").render(pr))
        .isEqualTo("Hello There");
    assertThatThrownBy(() -> GoTemplate.parse("{{ .Input.a | nosuch }}"))
        .hasMessageContaining("function \"nosuch\" not defined");
    assertThatThrownBy(() -> render("{{ .Input.body.nope.deeper }}"))
        .hasMessageContaining("nil pointer");
  }

  @Test
  void luaFilterAndTransformSeeTheEventTable() {
    JsonNode data = Json.parse("{\"a\":\"b\",\"c\":10,\"d\":{\"e\":\"z\"},\"l\":[1,2]}", "t");
    LuaScript filter =
        LuaScript.compile(
            "if event.a == \"b\" and event.d.e == \"z\" and #event.l == 2 then return true else"
                + " return false end");
    assertThat(filter.filter(data)).isTrue();
    assertThat(LuaScript.compile("return event.c > 10").filter(data)).isFalse();
    JsonNode out =
        LuaScript.compile("event.a='updated'; event.c = event.c * 2; return event").transform(data);
    assertThat(out.path("a").asText()).isEqualTo("updated");
    assertThat(out.path("c").asLong()).isEqualTo(20);
    assertThat(out.path("l").toString()).isEqualTo("[1,2]");
    assertThatThrownBy(() -> LuaScript.compile("while true do end").filter(data))
        .hasMessageContaining("exceeded");
    // pcall cannot swallow the budget
    assertThatThrownBy(
            () ->
                LuaScript.compile("pcall(function() while true do end end) return true")
                    .filter(data))
        .hasMessageContaining("exceeded");
    assertThatThrownBy(() -> LuaScript.compile("return os.exit(1)").filter(data))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LuaScript.compile("if then")).hasMessageContaining("invalid Lua");
  }

  static final String SENSOR =
      """
      apiVersion: argoproj.io/v1alpha1
      kind: Sensor
      metadata: {name: s}
      spec:
        dependencies:
          - {name: dep-a, eventSourceName: w, eventName: a}
          - {name: dep-b, eventSourceName: w, eventName: b}
          - {name: dep-c, eventSourceName: w, eventName: c}
        triggers:
          - template:
              name: all
              log: {}
          - template:
              name: cond
              conditions: "dep-a && (dep_b || dep-c)"
              conditionsReset:
                - byTime: {cron: "59 23 * * *", timezone: "America/Los_Angeles"}
              http:
                url: http://example/x
                parameters:
                  - {src: {dependencyName: dep-a, dataKey: port}, dest: url, operation: append}
                payload:
                  - {src: {dependencyName: dep-a, dataKey: obj, useRawData: true}, dest: o}
                  - {src: {dependencyName: dep-b, dataKey: obj}, dest: s}
          - template:
              name: k
              k8s:
                operation: create
                source:
                  resource: {apiVersion: v1, kind: ConfigMap, metadata: {name: n}}
                parameters:
                  - {src: {dependencyName: dep-a}, dest: data.event}
                  - {src: {dependencyName: dep-a, dataKey: n, useRawData: true}, dest: data.list.1}
            parameters:
              - {src: {dependencyName: dep-a, dataKey: name}, dest: k8s.source.resource.metadata.name}
      """;

  static Envelope event(String data) {
    return Envelope.of(
        "0123456789abcdef0123456789abcdef",
        "w",
        "webhook",
        "a",
        OffsetDateTime.parse("2024-05-01T09:00:00Z"),
        Json.parse(data, "t"));
  }

  static CompiledTrigger trigger(SensorSpec s, int i) {
    TriggerSpec t = s.triggers().get(i);
    return CompiledTrigger.compile(
        t, "s.yaml", "/spec/triggers/" + i + "/template/" + t.kind() + "/parameters");
  }

  @Test
  void conditionsDefaultToAllDependenciesAndFollowGovaluate() {
    SensorSpec s = SensorSpec.parse(SENSOR, "s.yaml");
    CompiledTrigger all = trigger(s, 0);
    assertThat(all.dependencies()).containsExactly("dep-a", "dep-b", "dep-c");
    assertThat(all.satisfiedBy(Set.of("dep-a", "dep-b"))).isFalse();
    assertThat(all.satisfiedBy(Set.of("dep-a", "dep-b", "dep-c"))).isTrue();
    CompiledTrigger cond = trigger(s, 1);
    assertThat(cond.dependencies()).containsExactly("dep-a", "dep-b", "dep-c");
    assertThat(cond.satisfiedBy(Set.of("dep-a"))).isFalse();
    assertThat(cond.satisfiedBy(Set.of("dep-a", "dep-c"))).isTrue();
    assertThat(cond.satisfiedBy(Set.of("dep-b", "dep-c"))).isFalse();
    // 23:59 in Los Angeles on 2024-05-01 is 06:59 UTC on 2024-05-02
    assertThat(cond.nextConditionsReset(Instant.parse("2024-05-01T12:00:00Z")))
        .contains(Instant.parse("2024-05-02T06:59:00Z"));
    assertThatThrownBy(
            () -> SensorSpec.parse(SENSOR.replace("dep_b || dep-c", "dep-b || nope"), "s.yaml"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("/spec/triggers/1/template/conditions")
        .hasMessageContaining("unknown dependency 'nope'");
  }

  @Test
  void parametersAsArgoAppliesThem() {
    SensorSpec s = SensorSpec.parse(SENSOR, "s.yaml");
    Envelope a = event("{\"port\":\":9000\",\"obj\":{\"k\":1},\"name\":\"from-event\",\"n\":5}");
    CompiledTrigger http = trigger(s, 1);
    assertThat(http.resolve(Map.of("dep-a", a)).path("url").asText())
        .isEqualTo("http://example/x:9000");
    JsonNode payload = http.payload(Map.of("dep-a", a, "dep-b", a));
    assertThat(payload.path("o").path("k").asInt()).isEqualTo(1); // raw JSON
    assertThat(payload.path("s").asText()).isEqualTo("{\"k\":1}"); // JSON text
    // dep-b has no event and no default: Argo skips the parameter
    assertThat(http.payload(Map.of("dep-a", a)).has("s")).isFalse();

    CompiledTrigger k = trigger(s, 2);
    ObjectNode r = k.resolve(Map.of("dep-a", a));
    // trigger-level parameters apply to the template first
    assertThat(r.at("/metadata/name").asText()).isEqualTo("from-event");
    // src naming only a dependency: the whole event, data in base64 as Go marshals []byte
    JsonNode whole = Json.parse(r.at("/data/event").asText(), "t");
    assertThat(whole.at("/context/id").asText()).isEqualTo("0123456789abcdef0123456789abcdef");
    assertThat(whole.at("/context/time").asText()).isEqualTo("2024-05-01T09:00:00Z");
    assertThat(
            new String(
                Base64.getDecoder().decode(whole.path("data").asText()), StandardCharsets.UTF_8))
        .contains("\"port\":\":9000\"");
    // a destination that does not exist yet is created
    assertThat(r.at("/data/list").toString()).isEqualTo("[null,5]");
  }

  @Test
  void everyArgoTriggerTypeCompiles() {
    assertThat(TriggerSpec.ARGO_KINDS).hasSize(14);
    assertThatThrownBy(
            () ->
                SensorSpec.parse(
                    SENSOR.replace(
                        "        name: all\n        log: {}\n",
                        "        name: all\n        log: {}\n"
                            + "      dlqTrigger: {template: {name: dlq, lg: {}}}\n"),
                    "s.yaml"))
        .hasMessageContaining("/spec/triggers/0/dlqTrigger/template/lg");
    assertThatThrownBy(() -> SensorSpec.parse(SENSOR.replace("log: {}", "openwhisk: {}"), "s.yaml"))
        .hasMessageContaining("openWhisk")
        .hasMessageContaining("/spec/triggers/0/template/openwhisk");
  }

  static boolean passes(String filters, String data, String time) {
    SensorSpec s =
        SensorSpec.parse(
            "spec:\n  dependencies:\n  - name: d\n    eventSourceName: w\n    eventName: a\n"
                + "    filters:\n"
                + filters.indent(6)
                + "  triggers:\n  - template: {name: t, log: {}}\n",
            "s.yaml");
    CompiledDependency d =
        CompiledDependency.compile(s.dependencies().get(0), "s.yaml", "/spec/dependencies/0");
    Envelope e =
        Envelope.of(
            "0123456789abcdef0123456789abcdef",
            "w",
            "webhook",
            "a",
            OffsetDateTime.parse(time),
            Json.parse(data, "t"));
    return d.apply(e, "t").isPresent();
  }

  @Test
  void dataFiltersConvertAsGjsonDoes() {
    String t = "2024-05-01T09:00:00Z";
    // numeric strings compare as numbers, true counts as 1, anything else as 0
    assertThat(
            passes(
                "data: [{path: n, type: number, value: ['10'], comparator: '>='}]",
                "{\"n\":\"12\"}",
                t))
        .isTrue();
    assertThat(passes("data: [{path: n, type: number, value: ['0']}]", "{\"n\":\"abc\"}", t))
        .isTrue();
    // bool values parse as Go's ParseBool; a non-zero number is true
    assertThat(passes("data: [{path: b, type: bool, value: ['T']}]", "{\"b\":1}", t)).isTrue();
    // a null string is "" for a regex
    assertThat(passes("data: [{path: s, type: string, value: ['^$']}]", "{\"s\":null}", t))
        .isTrue();
    // a data filter template renders the value first (filter-with-data-advanced.yaml)
    assertThat(
            passes(
                "data: [{path: s, type: string, value: ['^ABC$'], template: '{{ upper"
                    + " .Input }}'}]",
                "{\"s\":\"abc\"}",
                t))
        .isTrue();
    // the Lua filter script of filter-script.yaml
    assertThat(
            passes(
                "script: 'if event.a == \"b\" then return true else return false end'",
                "{\"a\":\"b\"}",
                t))
        .isTrue();
    assertThat(passes("script: 'return event.a == \"x\"'", "{\"a\":\"b\"}", t)).isFalse();
  }

  @Test
  void timeFiltersUseTheirZoneAndAnEqualStartAndStopAcceptsAll() {
    String f = "time: {start: '09:00', stop: '10:00', timezone: America/New_York}";
    assertThat(passes(f, "{}", "2024-05-01T13:30:00Z")).isTrue(); // 09:30 EDT
    assertThat(passes(f, "{}", "2024-05-01T09:30:00Z")).isFalse();
    assertThat(passes("time: {start: '09:00', stop: '09:00'}", "{}", "2024-05-01T03:00:00Z"))
        .isTrue();
  }
}
