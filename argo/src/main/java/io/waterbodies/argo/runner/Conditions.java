package io.waterbodies.argo.runner;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates Argo {@code when} conditions after substitution: {@code == != < > <= >=}, {@code &&},
 * {@code ||}, {@code !} and parentheses, over numbers, quoted strings and bare words (compared as
 * numbers when both sides are numbers, else as strings).
 */
final class Conditions {
  private final List<String> tokens;
  private int pos;

  private Conditions(List<String> tokens) {
    this.tokens = tokens;
  }

  /**
   * Evaluates {@code expression}.
   *
   * @throws IllegalArgumentException when it cannot be parsed
   */
  static boolean evaluate(String expression) {
    Conditions c = new Conditions(tokenize(expression));
    Object v = c.or();
    if (c.pos != c.tokens.size()) {
      throw new IllegalArgumentException(
          "unexpected '" + c.tokens.get(c.pos) + "' in condition: " + expression);
    }
    return truthy(v);
  }

  private Object or() {
    Object left = and();
    while (peek("||")) {
      pos++;
      Object right = and();
      left = truthy(left) || truthy(right);
    }
    return left;
  }

  private Object and() {
    Object left = comparison();
    while (peek("&&")) {
      pos++;
      Object right = comparison();
      left = truthy(left) && truthy(right);
    }
    return left;
  }

  private Object comparison() {
    Object left = unary();
    for (String op : List.of("==", "!=", "<=", ">=", "<", ">")) {
      if (peek(op)) {
        pos++;
        Object right = unary();
        return compare(left, op, right);
      }
    }
    return left;
  }

  private Object unary() {
    if (peek("!")) {
      pos++;
      return !truthy(unary());
    }
    if (peek("(")) {
      pos++;
      Object v = or();
      if (!peek(")")) {
        throw new IllegalArgumentException("missing ')' in condition");
      }
      pos++;
      return v;
    }
    if (pos >= tokens.size()) {
      throw new IllegalArgumentException("condition ends too early");
    }
    String t = tokens.get(pos++);
    if (t.length() >= 2 && (t.startsWith("\"") || t.startsWith("'"))) {
      return t.substring(1, t.length() - 1);
    }
    return t;
  }

  private static boolean compare(Object l, String op, Object r) {
    String a = String.valueOf(l);
    String b = String.valueOf(r);
    int cmp;
    BigDecimal x = number(a);
    BigDecimal y = number(b);
    if (x != null && y != null) {
      cmp = x.compareTo(y);
    } else {
      cmp = a.compareTo(b);
    }
    return switch (op) {
      case "==" -> cmp == 0;
      case "!=" -> cmp != 0;
      case "<" -> cmp < 0;
      case ">" -> cmp > 0;
      case "<=" -> cmp <= 0;
      default -> cmp >= 0;
    };
  }

  private static BigDecimal number(String s) {
    try {
      return new BigDecimal(s.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean truthy(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    String s = String.valueOf(v).trim();
    if (s.equalsIgnoreCase("true")) {
      return true;
    }
    if (s.equalsIgnoreCase("false") || s.isEmpty()) {
      return false;
    }
    throw new IllegalArgumentException("'" + s + "' is not a boolean");
  }

  private boolean peek(String t) {
    return pos < tokens.size() && tokens.get(pos).equals(t);
  }

  private static List<String> tokenize(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '(' || c == ')') {
        out.add(String.valueOf(c));
        i++;
      } else if (s.startsWith("&&", i)
          || s.startsWith("||", i)
          || s.startsWith("==", i)
          || s.startsWith("!=", i)
          || s.startsWith("<=", i)
          || s.startsWith(">=", i)) {
        out.add(s.substring(i, i + 2));
        i += 2;
      } else if (c == '<' || c == '>' || c == '!') {
        out.add(String.valueOf(c));
        i++;
      } else if (c == '"' || c == '\'') {
        int end = s.indexOf(c, i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unclosed quote in condition: " + s);
        }
        out.add(s.substring(i, end + 1));
        i = end + 1;
      } else {
        int start = i;
        while (i < s.length()
            && !Character.isWhitespace(s.charAt(i))
            && "()&|=!<>\"'".indexOf(s.charAt(i)) < 0) {
          i++;
        }
        out.add(s.substring(start, i));
      }
    }
    return out;
  }
}
