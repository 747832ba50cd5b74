package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.argo.expression.Expression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Go {@code text/template} as Argo renders {@code dataTemplate}, {@code contextTemplate} and data
 * filter {@code template}s: text with actions, trim markers ({@code {{-} / {@code -}}}), comments,
 * pipelines ({@code {{ .Input.a | substr 0 7 | upper }}}), parenthesised commands, variables
 * ({@code $x := ...}, {@code $}), {@code if}/{@code else if}/{@code else}, {@code range} (with
 * {@code $i, $v :=}), {@code with}, Go's builtins ({@code and or not len index print printf println
 * eq ne lt le gt ge slice urlquery html js}) and the sprig functions Argo registers (see {@link
 * Sprig}). The data is {@code {"Input": <event data or context>}}, numbers are float64 as Argo's
 * gjson gives them, a missing map key prints {@code <no value>} as in Go.
 */
public final class GoTemplate {
  private final String text;
  private final List<TemplateNodes.Node> root;

  private GoTemplate(String text, List<TemplateNodes.Node> root) {
    this.text = text;
    this.root = root;
  }

  /**
   * Parses a template; unknown functions and syntax errors are reported here, as Go's parser does.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static GoTemplate parse(String text) {
    return new GoTemplate(text, new TemplateParser(text).parse());
  }

  /**
   * Renders with {@code input} as {@code .Input}.
   *
   * @throws IllegalArgumentException when execution fails (Go's execution errors)
   */
  public String render(JsonNode input) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("Input", Expression.value(input));
    return render(data);
  }

  /** Renders with {@code data} as the dot. */
  public String render(Object data) {
    StringBuilder out = new StringBuilder();
    new TemplateExec(text, data).run(root, data, out);
    return out.toString();
  }

  /** Go's {@code fmt.Sprint} of one template value. */
  static String print(Object v) {
    if (v == TemplateExec.NO_VALUE) {
      return "<no value>";
    }
    if (v == null) {
      return "<nil>";
    }
    if (v instanceof Double d) {
      return Expression.goFloat(d);
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(x -> parts.add(print(x)));
      return "[" + String.join(" ", parts) + "]";
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      new TreeMap<>(m).forEach((k, x) -> parts.add(k + ":" + print(x)));
      return "map[" + String.join(" ", parts) + "]";
    }
    if (v instanceof byte[] b) {
      return new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }
    return String.valueOf(v);
  }

  @Override
  public String toString() {
    return text;
  }
}
