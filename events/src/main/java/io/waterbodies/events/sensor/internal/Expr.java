package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A small boolean expression language for Argo's {@code exprs} filters: comparisons ({@code == != >
 * >= < <=}, {@code =~ !~} for regexes), {@code && || !}, parentheses, string, number and boolean
 * literals and named fields. Parsed once, evaluated per event.
 */
public final class Expr {
  private final String text;
  private final Node root;

  private Expr(String text, Node root) {
    this.text = text;
    this.root = root;
  }

  /**
   * Parses an expression whose identifiers must all be in {@code fields}.
   *
   * @throws IllegalArgumentException naming the position of the problem
   */
  public static Expr parse(String text, Set<String> fields) {
    Parser p = new Parser(text, fields);
    Node n = p.or();
    p.skip();
    if (p.pos < text.length()) {
      throw p.error("unexpected '" + text.charAt(p.pos) + "'");
    }
    return new Expr(text, n);
  }

  /**
   * Evaluates with the field values given.
   *
   * @throws IllegalArgumentException when the expression does not produce a boolean
   */
  public boolean test(Map<String, JsonNode> values) {
    Object v = root.eval(values);
    if (v instanceof Boolean b) {
      return b;
    }
    throw new IllegalArgumentException("expression '" + text + "' did not produce a boolean");
  }

  @Override
  public String toString() {
    return text;
  }

  private interface Node {
    Object eval(Map<String, JsonNode> values);
  }

  private static Object value(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isNumber()) {
      return n.decimalValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    return n.isValueNode() ? n.asText() : n.toString();
  }

  private static Object compare(String op, Object a, Object b) {
    if (op.equals("=~") || op.equals("!~")) {
      if (!(a instanceof String s) || !(b instanceof Pattern p)) {
        return false;
      }
      boolean m = p.matcher(s).find();
      return op.equals("=~") == m;
    }
    if (a instanceof BigDecimal x && b instanceof String s) {
      b = number(s);
    } else if (a instanceof String s && b instanceof BigDecimal) {
      a = number(s);
    }
    if (a == null || b == null) {
      return op.equals("!=") ? a != b : op.equals("==") && a == b;
    }
    int c;
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      c = x.compareTo(y);
    } else if (a instanceof String x && b instanceof String y) {
      c = x.compareTo(y);
    } else if (a instanceof Boolean x && b instanceof Boolean y) {
      if (!op.equals("==") && !op.equals("!=")) {
        return false;
      }
      c = x.equals(y) ? 0 : 1;
    } else {
      return op.equals("!=");
    }
    return switch (op) {
      case "==" -> c == 0;
      case "!=" -> c != 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      default -> throw new IllegalStateException(op);
    };
  }

  private static BigDecimal number(String s) {
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static final class Parser {
    private final String s;
    private final Set<String> fields;
    private int pos;

    Parser(String s, Set<String> fields) {
      this.s = s;
      this.fields = fields;
    }

    IllegalArgumentException error(String m) {
      return new IllegalArgumentException(
          "expression '" + s + "' at position " + (pos + 1) + ": " + m);
    }

    void skip() {
      while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
        pos++;
      }
    }

    boolean eat(String tok) {
      skip();
      if (s.startsWith(tok, pos)) {
        pos += tok.length();
        return true;
      }
      return false;
    }

    Node or() {
      Node left = and();
      while (eat("||")) {
        Node l = left;
        Node r = and();
        left = v -> truth(l.eval(v)) || truth(r.eval(v));
      }
      return left;
    }

    Node and() {
      Node left = unary();
      while (eat("&&")) {
        Node l = left;
        Node r = unary();
        left = v -> truth(l.eval(v)) && truth(r.eval(v));
      }
      return left;
    }

    Node unary() {
      skip();
      if (pos < s.length()
          && s.charAt(pos) == '!'
          && !s.startsWith("!=", pos)
          && !s.startsWith("!~", pos)) {
        pos++;
        Node n = unary();
        return v -> !truth(n.eval(v));
      }
      return comparison();
    }

    Node comparison() {
      Node left = primary();
      for (String op : List.of("==", "!=", ">=", "<=", "=~", "!~", ">", "<")) {
        if (eat(op)) {
          Node right = primary();
          if (op.equals("=~") || op.equals("!~")) {
            if (!(right instanceof Literal lit) || !(lit.value instanceof String re)) {
              throw error("the right side of " + op + " must be a string literal (a regex)");
            }
            Pattern p;
            try {
              p = Pattern.compile(re);
            } catch (PatternSyntaxException e) {
              throw error("invalid regex '" + re + "': " + e.getDescription());
            }
            return v -> compare(op, left.eval(v), p);
          }
          return v -> compare(op, left.eval(v), right.eval(v));
        }
      }
      return left;
    }

    Node primary() {
      skip();
      if (pos >= s.length()) {
        throw error("unexpected end");
      }
      char c = s.charAt(pos);
      if (c == '(') {
        pos++;
        Node n = or();
        if (!eat(")")) {
          throw error("missing ')'");
        }
        return n;
      }
      if (c == '\'' || c == '"') {
        int end = s.indexOf(c, pos + 1);
        if (end < 0) {
          throw error("unterminated string");
        }
        String lit = s.substring(pos + 1, end);
        pos = end + 1;
        return new Literal(lit);
      }
      if (Character.isDigit(c)
          || (c == '-' && pos + 1 < s.length() && Character.isDigit(s.charAt(pos + 1)))) {
        int start = pos++;
        while (pos < s.length()
            && (Character.isDigit(s.charAt(pos))
                || s.charAt(pos) == '.'
                || s.charAt(pos) == 'e'
                || s.charAt(pos) == 'E')) {
          pos++;
        }
        try {
          return new Literal(new BigDecimal(s.substring(start, pos)));
        } catch (NumberFormatException e) {
          throw error("bad number " + s.substring(start, pos));
        }
      }
      if (Character.isLetter(c) || c == '_') {
        int start = pos;
        while (pos < s.length()
            && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
          pos++;
        }
        String id = s.substring(start, pos);
        if (id.equals("true") || id.equals("false")) {
          return new Literal(Boolean.valueOf(id));
        }
        if (!fields.contains(id)) {
          pos = start;
          throw error("unknown field '" + id + "' (declared fields: " + fields + ")");
        }
        return v -> value(v.get(id));
      }
      throw error("unexpected '" + c + "'");
    }

    private static boolean truth(Object o) {
      if (o instanceof Boolean b) {
        return b;
      }
      throw new IllegalArgumentException("a logical operator was applied to a non-boolean " + o);
    }
  }

  private record Literal(Object value) implements Node {
    @Override
    public Object eval(Map<String, JsonNode> values) {
      return value;
    }
  }
}
