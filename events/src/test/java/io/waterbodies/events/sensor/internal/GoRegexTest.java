package io.waterbodies.events.sensor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.argo.expression.Expression;
import io.waterbodies.core.json.Json;
import io.waterbodies.events.sensor.SensorSpecException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regular expressions in data filters, {@code exprs} ({@code =~}) and sprig's regex functions are
 * Go's (RE2 syntax and linear-time matching, through RE2/J), as Argo's Go code compiles them: Go's
 * syntax is accepted and only Go's, and a pattern with nested repetition cannot backtrack for hours
 * over a hostile event value (java.util.regex takes 2^n steps on {@code ^(a+)+$}).
 */
class GoRegexTest {
  // 40 'a's and a 'b': java.util.regex explores 2^40 ways to split the a's before giving up.
  private static final String HOSTILE = "a".repeat(40) + "b";

  private static boolean passes(String filterYaml, String value) {
    JsonNode data = Json.parse("{\"v\":\"" + value + "\"}", "t");
    return FiltersTest.dep(filterYaml)
        .apply(FiltersTest.event(data.toString(), "2024-05-01T10:00:00Z"), "t")
        .isPresent();
  }

  @Test
  void nestedRepetitionOverAHostileValueEndsAtOnce() {
    // A guard against a hang, not a timing: the old engine would not finish within hours.
    assertTimeoutPreemptively(
        Duration.ofSeconds(30),
        () -> {
          assertThat(passes("data: [{path: v, type: string, value: ['^(a+)+$']}]", HOSTILE))
              .isFalse();
          assertThat(passes("data: [{path: v, type: string, value: ['^(a+)+b$']}]", HOSTILE))
              .isTrue();
          assertThat(Expression.parse("v =~ '^(a|aa)+$'").evaluate(Map.of("v", HOSTILE)))
              .isEqualTo(false);
          assertThat(
                  GoTemplate.parse("{{ regexMatch \"^(a+)+$\" .Input.v }}")
                      .render(Json.parse("{\"v\":\"" + HOSTILE + "\"}", "t")))
              .isEqualTo("false");
        });
  }

  @Test
  void goSyntaxIsAcceptedAndOnlyGoSyntax() {
    // Go's named group (?P<name>...), which java.util.regex refused.
    assertThat(passes("data: [{path: v, type: string, value: ['^(?P<tile>T[0-9]{2})']}]", "T31x"))
        .isTrue();
    // Lookahead and backreferences are not Go syntax: Argo refuses the sensor, so do we.
    assertThatThrownBy(() -> FiltersTest.dep("data: [{path: v, type: string, value: ['a(?=b)']}]"))
        .isInstanceOf(SensorSpecException.class)
        .hasMessageContaining("invalid regular expression 'a(?=b)'");
    assertThatThrownBy(() -> Expression.parse("v =~ '(a)\\\\1'"))
        .hasMessageContaining("invalid regular expression");
    assertThatThrownBy(
            () ->
                GoTemplate.parse("{{ regexMatch \"a(?=b)\" .Input.v }}")
                    .render(Json.parse("{\"v\":\"ab\"}", "t")))
        .hasMessageContaining("error parsing regexp");
  }

  @Test
  void sprigRegexFunctionsFollowGo() {
    JsonNode in = Json.parse("{\"v\":\"S2A_T31UFQ_20240501\"}", "t");
    // Go's QuoteMeta escapes with backslashes (Java's Pattern.quote gave \Q...\E).
    assertThat(GoTemplate.parse("{{ regexQuoteMeta \"1.2+3\" }}").render(in))
        .isEqualTo("1\\.2\\+3");
    assertThat(GoTemplate.parse("{{ regexFind \"T[0-9]{2}[A-Z]{3}\" .Input.v }}").render(in))
        .isEqualTo("T31UFQ");
    assertThat(
            GoTemplate.parse("{{ regexReplaceAll \"_(?P<d>[0-9]+)$\" .Input.v \"-${1}\" }}")
                .render(in))
        .isEqualTo("S2A_T31UFQ-20240501");
    assertThat(GoTemplate.parse("{{ regexSplit \"_\" .Input.v -1 }}").render(in))
        .isEqualTo("[S2A T31UFQ 20240501]");
    assertThat(GoTemplate.parse("{{ regexSplit \"_\" .Input.v 0 }}").render(in)).isEqualTo("[]");
    assertThat(GoTemplate.parse("{{ regexFindAll \"[0-9]\" .Input.v 3 }}").render(in))
        .isEqualTo("[2 3 1]");
  }
}
