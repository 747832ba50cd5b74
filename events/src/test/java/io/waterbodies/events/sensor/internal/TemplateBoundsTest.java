package io.waterbodies.events.sensor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.Json;
import org.junit.jupiter.api.Test;

/**
 * A Go template over a hostile event: counts taken from the event cannot make one sprig call fill
 * the heap, nor nested ranges run for hours; each fails the render with an {@link
 * IllegalArgumentException} naming the function or the limit. A jq program's endless recursion
 * fails its transform the same way.
 */
class TemplateBoundsTest {
  private static final JsonNode HOSTILE =
      Json.parse("{\"n\":1000000000,\"s\":\"abc\",\"k\":3000}", "event");

  private static String render(String template) {
    return GoTemplate.parse(template).render(HOSTILE);
  }

  private static JsonNode jq(String program) {
    return JqTransform.compile(program).apply(HOSTILE);
  }

  @Test
  void countsFromTheEventAreSizedBeforeTheResultIsBuilt() {
    assertThatThrownBy(() -> render("{{ repeat .Input.n .Input.s }}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("repeat: a result of 1000000000 would exceed 1048576");
    assertThatThrownBy(() -> render("{{ indent .Input.n .Input.s }}"))
        .hasMessageContaining("indent: a result of 1000000000");
    assertThatThrownBy(() -> render("{{ nindent .Input.n .Input.s }}"))
        .hasMessageContaining("nindent: a result of 1000000000");
    assertThatThrownBy(() -> render("{{ len (until .Input.n) }}"))
        .hasMessageContaining("until: a result of 1000000000");
    assertThatThrownBy(() -> render("{{ seq .Input.n }}"))
        .hasMessageContaining("seq: a result of 1000000000");
    // An empty old string inserts the new one between every character.
    assertThatThrownBy(() -> render("{{ replace \"\" (repeat 1000 \"x\") (repeat 5000 \"y\") }}"))
        .hasMessageContaining("replace: a result of");
    // Within the limits, sprig's results are unchanged.
    assertThat(render("{{ repeat 3 .Input.s }}|{{ indent 2 \"a\\nb\" }}|{{ until 3 }}|{{ seq 3 }}"))
        .isEqualTo("abcabcabc|  a\n  b|[0 1 2]|1 2 3");
    assertThat(render("{{ replace \"b\" \"xx\" .Input.s }}|{{ replace \"\" \"-\" \"ab\" }}"))
        .isEqualTo("axxc|-a-b-");
  }

  @Test
  void rangesStopAtTheStepBudget() {
    assertThatThrownBy(() -> render("{{ range int .Input.n }}{{ end }}"))
        .hasMessageContaining("range over 1000000000 exceeds " + TemplateExec.MAX_STEPS + " steps");
    // 3,000 x 3,000 x 3,000 empty iterations: no output, 27 billion steps.
    assertThatThrownBy(
            () ->
                render(
                    "{{ range until .Input.k }}{{ range until $.Input.k }}{{ range until"
                        + " $.Input.k }}{{ end }}{{ end }}{{ end }}"))
        .hasMessageContaining("execution exceeds " + TemplateExec.MAX_STEPS + " steps");
    assertThat(render("{{ range $i, $v := until 3 }}{{ $i }}{{ end }}")).isEqualTo("012");
  }

  @Test
  void aJqProgramThatRecursesWithoutEndFailsTheTransformNotTheRoute() {
    assertThatThrownBy(() -> jq("def f: [f]; {a: f}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jq 'def f: [f]; {a: f}': recursion too deep");
    assertThat(jq("{a: .s}").toString()).isEqualTo("{\"a\":\"abc\"}");
  }

  @Test
  void aJqProgramBuildingFromACountInTheEventStopsAtItsBudgets() {
    assertThatThrownBy(() -> jq("{a: ([range(.n)] | length)}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "its functions emitted more than " + JqTransform.MAX_OUTPUTS + " values");
    // jq's try cannot swallow the budget.
    assertThatThrownBy(() -> jq("{a: (try ([range(.n)] | length) catch 0)}"))
        .hasMessageContaining("emitted more than");
    // A value shared 2^25 times is small in memory and 2^25 times as long as text.
    assertThatThrownBy(
            () -> jq("def f(n): if n == 0 then . else [., .] | f(n - 1) end; {a: (.s | f(25))}"))
        .hasMessageContaining("output exceeds " + JqTransform.MAX_OUTPUT_CHARS + " characters");
    assertThat(jq("{a: [range(3)], b: [limit(2; .s | splits(\"b\"))], c: (.k + 1)}").toString())
        .isEqualTo("{\"a\":[0,1,2],\"b\":[\"a\",\"c\"],\"c\":3001}");
  }

  @Test
  void jqOperatorsSizeWhatTheyBuildFirst() {
    // A count from the event: a gigabyte string in one step before.
    assertThatThrownBy(() -> jq("{a: (.s * .n)}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "'*' would build a string of 3000000000 characters, more than "
                + JqTransform.MAX_OUTPUT_CHARS);
    assertThatThrownBy(() -> jq("{a: (.n * \"x\")}"))
        .hasMessageContaining("'*' would build a string of 1000000000 characters");
    // Through an assignment operator, and past jq's try.
    assertThatThrownBy(() -> jq(".s *= .n | {a: .s}"))
        .hasMessageContaining("'*' would build a string of 3000000000");
    assertThatThrownBy(() -> jq("{a: (try (.s * .n) catch \"c\")}"))
        .hasMessageContaining("would build");
    // Doubling once per iteration: 2^40 characters, 2^40 entries.
    assertThatThrownBy(() -> jq("{a: (reduce range(40) as $i (.s; . + .))}"))
        .hasMessageContaining("'+' would build a string of");
    assertThatThrownBy(() -> jq("{a: (reduce range(40) as $i ([1]; . + .))}"))
        .hasMessageContaining("entries, more than " + JqTransform.MAX_OUTPUTS);
    // Small appends a million times: each within the size limits, together about 10^12 copies.
    assertThatThrownBy(() -> jq("{a: (reduce range(1000000) as $i (\"\"; . + \"xxxxxxx\"))}"))
        .hasMessageContaining("its + and * built more than " + JqOperators.MAX_WORK);
    // The jq-defined built-ins use the bounded + too.
    assertThatThrownBy(() -> jq("{a: ([range(100000) | \"xxxxxxxxxx\"] | add | length)}"))
        .hasMessageContaining("its + and * built more than");
    // join repeats its separator once per element.
    assertThatThrownBy(() -> jq("{a: (.s as $s | [range(1000000)] | join($s * 10))}"))
        .hasMessageContaining("'join' would build a string of");
    // Setting an index pads the array with nulls up to it.
    assertThatThrownBy(() -> jq("{a: (.n as $n | [] | .[$n] = 1)}"))
        .hasMessageContaining("setting index 1000000000 would pad an array with nulls");
    assertThatThrownBy(() -> jq("{a: (.n as $n | {} | .x[$n] |= 1)}"))
        .hasMessageContaining("setting index 1000000000");
    assertThatThrownBy(() -> jq("{a: (.n as $n | null | setpath([$n]; 1))}"))
        .hasMessageContaining("setting index 1000000000");
    assertThat(
            jq("{a: ([] | .[2] = 1), b: (null | setpath([\"x\", 1]; 2)), c: ([1, 2] | .[] |="
                    + " . + 1)}")
                .toString())
        .isEqualTo("{\"a\":[null,null,1],\"b\":{\"x\":[null,2]},\"c\":[2,3]}");
    // Within the limits, jq's results are unchanged.
    assertThat(
            jq("{r: (.s * 2), one: (.s * 1.5), none: (.s * 0), sum: (.k + 1), cat: (.s +"
                    + " \"d\"), arr: ([1] + [2]), obj: ({a: {b: 1}} * {a: {c: 2}}), prod: (.k"
                    + " * 2), add: ([\"a\", \"b\"] | add), join: ([\"a\", 1, null] |"
                    + " join(\"-\"))}")
                .toString())
        .isEqualTo(
            "{\"r\":\"abcabc\",\"one\":\"abc\",\"none\":null,\"sum\":3001,\"cat\":\"abcd\","
                + "\"arr\":[1,2],\"obj\":{\"a\":{\"b\":1,\"c\":2}},\"prod\":6000,"
                + "\"add\":\"ab\",\"join\":\"a-1-\"}");
  }
}
