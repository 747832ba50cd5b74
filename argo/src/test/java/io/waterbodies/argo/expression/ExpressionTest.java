package io.waterbodies.argo.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.waterbodies.core.json.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** govaluate semantics, case by case (expected values as govaluate's own tests give them). */
class ExpressionTest {
  private static Object eval(String e) {
    return Expression.parse(e).evaluate(Map.of());
  }

  private static Object eval(String e, Map<String, ?> p) {
    return Expression.parse(e).evaluate(p);
  }

  @Test
  void arithmeticAndPrecedence() {
    assertThat(eval("1 + 2 * 3")).isEqualTo(7.0);
    assertThat(eval("(1 + 2) * 3")).isEqualTo(9.0);
    assertThat(eval("10 - 4 - 3")).isEqualTo(3.0); // left associative
    assertThat(eval("100 / 10 / 5")).isEqualTo(2.0);
    assertThat(eval("2 ** 3 ** 2")).isEqualTo(64.0);
    assertThat(eval("7 % 4")).isEqualTo(3.0);
    assertThat(eval("-2 ** 2")).isEqualTo(4.0); // prefix binds tightest
    assertThat(eval("1 / 0")).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(eval("0x10 + 1")).isEqualTo(17.0);
    assertThat(eval("6 & 3 | 8")).isEqualTo(10.0);
    assertThat(eval("1 << 4 >> 2")).isEqualTo(4.0);
    assertThat(eval("~0")).isEqualTo(-1.0);
  }

  @Test
  void comparisonsAndLogic() {
    assertThat(eval("1 < 2 && 'a' < 'b' && !(3 >= 4)")).isEqualTo(true);
    assertThat(eval("1 == '1'")).isEqualTo(false); // no conversion
    assertThat(eval("!true == false")).isEqualTo(true);
    assertThat(eval("a == \"b\" || c == 10", Map.of("a", "b", "c", 10))).isEqualTo(true);
    assertThat(eval("a == \"b\" || c != 10", Map.of("a", "x", "c", 10))).isEqualTo(false);
    // short-circuit: the right side is never evaluated
    assertThat(eval("false && missing")).isEqualTo(false);
    assertThat(eval("true || missing")).isEqualTo(true);
    assertThatThrownBy(() -> eval("1 && true"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("not a bool");
    assertThatThrownBy(() -> eval("1 > 'a'"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("comparator");
  }

  @Test
  void stringsRegexAndMembership() {
    assertThat(eval("'a' + 1 + true")).isEqualTo("a1true");
    assertThat(eval("1.5 + 'x'")).isEqualTo("1.5x");
    assertThat(eval("'foobar' =~ 'o+b'")).isEqualTo(true);
    assertThat(eval("'foobar' !~ '^b'")).isEqualTo(true);
    assertThat(eval("'b' in ('a', 'b')")).isEqualTo(true);
    assertThat(eval("3 in (1, 2)")).isEqualTo(false);
    assertThat(eval("x in l", Map.of("x", 2, "l", List.of(1, 2)))).isEqualTo(true);
    assertThat(eval("'it\\'s'")).isEqualTo("it's");
    assertThatThrownBy(() -> Expression.parse("a =~ '('"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("regular expression");
    assertThatThrownBy(() -> eval("1 in 2")).isInstanceOf(ExpressionException.class);
  }

  @Test
  void ternaryAndCoalesce() {
    assertThat(eval("1 < 2 ? 'yes' : 'no'")).isEqualTo("yes");
    assertThat(eval("1 > 2 ? 'yes' : 'no'")).isEqualTo("no");
    assertThat(eval("1 > 2 ? 'yes'")).isNull();
    Map<String, Object> p = new HashMap<>();
    p.put("n", null);
    assertThat(eval("n ?? 'default'", p)).isEqualTo("default");
    assertThat(eval("'set' ?? 'default'")).isEqualTo("set");
  }

  @Test
  void parametersEscapesAndJson() {
    assertThat(eval("[a-b.c] > 1", Map.of("a-b.c", 2))).isEqualTo(true);
    assertThat(eval("test\\-dep && other", Map.of("test-dep", true, "other", true)))
        .isEqualTo(true);
    assertThat(Expression.parse("a && (b || [c-d])").variables()).containsExactly("a", "b", "c-d");
    var data = Json.parse("{\"n\":3,\"s\":\"x\",\"o\":{\"k\":1}}", "t");
    assertThat(eval("n * 2", Map.of("n", Expression.value(data.get("n"))))).isEqualTo(6.0);
    assertThat(eval("o.k == 1", Map.of("o", Expression.value(data.get("o"))))).isEqualTo(true);
    assertThatThrownBy(() -> eval("nope == 1"))
        .isInstanceOf(ExpressionException.class)
        .hasMessageContaining("No parameter 'nope' found.");
  }

  @Test
  void datesAreUnixSeconds() {
    assertThat(eval("'2014-01-02' > '2014-01-01 23:59:59'")).isEqualTo(true);
    assertThat(eval("'1970-01-02'")).isEqualTo(86400.0);
  }

  @Test
  void syntaxErrors() {
    for (String bad : List.of("(1 == 1", "1 ==", "1 === 2", "'open", "[open", "", "a.")) {
      assertThatThrownBy(() -> Expression.parse(bad))
          .as(bad)
          .isInstanceOf(ExpressionException.class);
    }
  }
}
