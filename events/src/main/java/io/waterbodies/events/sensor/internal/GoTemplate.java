package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The subset of Go templates Argo's {@code dataTemplate} and {@code contextTemplate} are used with
 * in practice: text with field actions like {@code {{ .Input.body.x }}} (optionally {@code {{-} and
 * {@code -}}} trim markers). Functions and pipelines are rejected when parsed. A missing field is
 * an error, never Go's silent {@code <no value>}; objects and arrays render as JSON.
 */
public final class GoTemplate {
  private static final Pattern ACTION = Pattern.compile("\\{\\{(-?)\\s*(.*?)\\s*(-?)\\}\\}");
  private static final Pattern FIELD = Pattern.compile("\\.Input((?:\\.[A-Za-z_][A-Za-z0-9_-]*)*)");

  private final String text;
  private final List<Object> parts;

  private GoTemplate(String text, List<Object> parts) {
    this.text = text;
    this.parts = parts;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException naming the unsupported action
   */
  public static GoTemplate parse(String text) {
    List<Object> parts = new ArrayList<>();
    Matcher m = ACTION.matcher(text);
    int last = 0;
    while (m.find()) {
      String before = text.substring(last, m.start());
      if (!m.group(1).isEmpty()) {
        before = before.stripTrailing();
      }
      parts.add(before);
      Matcher f = FIELD.matcher(m.group(2));
      if (!f.matches()) {
        throw new IllegalArgumentException(
            "template action '{{ "
                + m.group(2)
                + " }}' is not supported; only field references like {{ .Input.a.b }}");
      }
      String path = f.group(1);
      parts.add(path.isEmpty() ? new String[0] : path.substring(1).split("\\."));
      last = m.end();
      if (!m.group(3).isEmpty()) {
        while (last < text.length() && Character.isWhitespace(text.charAt(last))) {
          last++;
        }
      }
    }
    String tail = text.substring(last);
    if (tail.contains("{{")) {
      throw new IllegalArgumentException("unterminated template action in '" + text + "'");
    }
    parts.add(tail);
    return new GoTemplate(text, parts);
  }

  /**
   * Renders with {@code input} as {@code .Input}.
   *
   * @throws IllegalArgumentException when a referenced field is missing
   */
  public String render(JsonNode input) {
    StringBuilder sb = new StringBuilder();
    for (Object p : parts) {
      if (p instanceof String s) {
        sb.append(s);
      } else {
        JsonNode n = input;
        for (String k : (String[]) p) {
          n = n == null ? null : n.get(k);
        }
        if (n == null || n.isMissingNode() || n.isNull()) {
          throw new IllegalArgumentException(
              "template field .Input." + String.join(".", (String[]) p) + " is missing");
        }
        sb.append(
            n.isValueNode()
                ? (n.isNumber() ? n.decimalValue().toPlainString() : n.asText())
                : n.toString());
      }
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text;
  }
}
