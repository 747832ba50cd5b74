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
    assertThatThrownBy(() -> JqTransform.compile("def f: [f]; {a: f}").apply(HOSTILE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("jq 'def f: [f]; {a: f}': recursion too deep");
    assertThat(JqTransform.compile("{a: .s}").apply(HOSTILE).toString())
        .isEqualTo("{\"a\":\"abc\"}");
  }

  @Test
  void aJqProgramBuildingFromACountInTheEventStopsAtItsBudgets() {
    assertThatThrownBy(() -> JqTransform.compile("{a: ([range(.n)] | length)}").apply(HOSTILE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(
            "its functions emitted more than " + JqTransform.MAX_OUTPUTS + " values");
    // jq's try cannot swallow the budget.
    assertThatThrownBy(
            () -> JqTransform.compile("{a: (try ([range(.n)] | length) catch 0)}").apply(HOSTILE))
        .hasMessageContaining("emitted more than");
    // A value shared 2^25 times is small in memory and 2^25 times as long as text.
    assertThatThrownBy(
            () ->
                JqTransform.compile(
                        "def f(n): if n == 0 then . else [., .] | f(n - 1) end; {a: (.s | f(25))}")
                    .apply(HOSTILE))
        .hasMessageContaining("output exceeds " + JqTransform.MAX_OUTPUT_CHARS + " characters");
    assertThat(
            JqTransform.compile("{a: [range(3)], b: [limit(2; .s | splits(\"b\"))], c: (.k + 1)}")
                .apply(HOSTILE)
                .toString())
        .isEqualTo("{\"a\":[0,1,2],\"b\":[\"a\",\"c\"],\"c\":3001}");
  }
}
