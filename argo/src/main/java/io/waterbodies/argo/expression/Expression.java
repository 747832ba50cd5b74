package io.waterbodies.argo.expression;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * A parsed govaluate expression, the language of Argo Events' {@code exprs} filters and trigger
 * {@code conditions} and of Argo Workflows' {@code when}. Parsed once, evaluated many times.
 *
 * <p>The grammar and semantics follow govaluate: numbers are doubles ({@code 0x1F} hex too);
 * strings in {@code '...'} or {@code "..."} (backslash escapes; a string in an ISO/RFC 3339 date
 * format becomes its Unix time in seconds, UTC); {@code true}/{@code false}; parameters are names
 * ({@code a_b1}) or any text in brackets ({@code [a-b.c]}). Operators, lowest precedence first:
 * {@code ,} (builds a list), {@code ? : ??}, {@code ||}, {@code &&}, {@code == != > >= < <= =~ !~
 * in}, {@code & | ^}, {@code << >>}, {@code + -}, {@code * / %}, {@code **}, prefix {@code - ! ~}.
 * {@code +} concatenates when either side is a string; {@code > >= < <=} compare two numbers or two
 * strings; {@code ==} is deep equality without conversion ({@code 1 == "1"} is false); {@code &&}
 * and {@code ||} need booleans and short-circuit; {@code a ? b} is {@code b} when {@code a}, else
 * null; {@code a : b} and {@code a ?? b} are {@code a} unless it is null; {@code x in (1, 2)} tests
 * membership; {@code =~} matches a regular expression anywhere in the string.
 *
 * <pre>{@code
 * Expression e = Expression.parse("a == \"b\" || c > 10");
 * boolean pass = e.test(Map.of("a", "x", "c", 12.0));
 * }</pre>
 */
public final class Expression {
  private final String text;
  private final Node root;
  private final Set<String> variables;

  private Expression(String text, Node root, Set<String> variables) {
    this.text = text;
    this.root = root;
    this.variables = variables;
  }

  /**
   * Parses an expression.
   *
   * @throws ExpressionException naming the position of a syntax error
   */
  public static Expression parse(String text) {
    Objects.requireNonNull(text, "text");
    Parser p = new Parser(text, new Lexer(text).tokens());
    if (p.tokens.isEmpty()) {
      throw new ExpressionException("empty expression");
    }
    Node n = p.separator();
    if (p.pos < p.tokens.size()) {
      throw p.error("unexpected '" + p.tokens.get(p.pos).text + "'");
    }
    return new Expression(text, n, Collections.unmodifiableSet(p.variables));
  }

  /** The text as written. */
  public String text() {
    return text;
  }

  /** The parameter names the expression reads, in order of appearance. */
  public Set<String> variables() {
    return variables;
  }

  /**
   * Evaluates with parameters from a map (values as {@link #value(JsonNode)} produces them, or Java
   * numbers, strings, booleans, lists and maps).
   *
   * @throws ExpressionException when a parameter is missing or an operator gets the wrong type
   */
  public Object evaluate(Map<String, ?> parameters) {
    return evaluate(
        name ->
            parameters.containsKey(name)
                ? Optional.of(Holder.of(parameters.get(name)))
                : Optional.empty());
  }

  /**
   * Evaluates with parameters from a resolver; an empty result means the parameter does not exist
   * (govaluate's "No parameter 'x' found.").
   */
  public Object evaluateWith(Function<String, Optional<Object>> resolver) {
    return evaluate(name -> resolver.apply(name).map(Holder::of));
  }

  private Object evaluate(Resolver r) {
    Object v = root.eval(r);
    return v instanceof Pattern p ? p.pattern() : v;
  }

  /**
   * Evaluates and requires a boolean result.
   *
   * @throws ExpressionException when the result is not a boolean
   */
  public boolean test(Map<String, ?> parameters) {
    return bool(evaluate(parameters));
  }

  /** Evaluates with a resolver and requires a boolean result. */
  public boolean testWith(Function<String, Optional<Object>> resolver) {
    return bool(evaluateWith(resolver));
  }

  private boolean bool(Object v) {
    if (v instanceof Boolean b) {
      return b;
    }
    throw new ExpressionException(
        "expression '" + text + "' evaluated to " + format(v) + ", not a boolean");
  }

  /**
   * Converts JSON to the values govaluate sees for a parameter, as Argo passes GJSON values:
   * numbers become doubles, null becomes null, arrays lists, objects maps.
   */
  public static Object value(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    if (n.isTextual()) {
      return n.textValue();
    }
    if (n.isArray()) {
      List<Object> out = new ArrayList<>();
      n.forEach(e -> out.add(value(e)));
      return out;
    }
    if (n.isObject()) {
      Map<String, Object> out = new LinkedHashMap<>();
      n.properties().forEach(e -> out.put(e.getKey(), value(e.getValue())));
      return out;
    }
    return n.asText();
  }

  /** Formats a value as Go's {@code %v} does (used by string concatenation). */
  public static String format(Object v) {
    if (v == null) {
      return "<nil>";
    }
    if (v instanceof Double d) {
      return goFloat(d);
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(x -> parts.add(format(x)));
      return "[" + String.join(" ", parts) + "]";
    }
    if (v instanceof Pattern p) {
      return p.pattern();
    }
    return String.valueOf(v);
  }

  /**
   * Formats a double as Go's {@code %v} does: the shortest digits that round-trip, in exponent form
   * ({@code 1e+06}, {@code 1.234567e+06}) when the decimal exponent is below -4 or at least 6.
   */
  public static String goFloat(double x) {
    if (Double.isNaN(x)) {
      return "NaN";
    }
    if (Double.isInfinite(x)) {
      return x > 0 ? "+Inf" : "-Inf";
    }
    if (x == 0) {
      return (1 / x) < 0 ? "-0" : "0";
    }
    java.math.BigDecimal bd = new java.math.BigDecimal(Double.toString(x)).stripTrailingZeros();
    String digits = bd.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - bd.scale();
    if (exp < -4 || exp >= 6) {
      String mant = digits.substring(0, 1) + (digits.length() > 1 ? "." + digits.substring(1) : "");
      return (x < 0 ? "-" : "")
          + mant
          + "e"
          + (exp < 0 ? "-" : "+")
          + (Math.abs(exp) < 10 ? "0" : "")
          + Math.abs(exp);
    }
    return bd.toPlainString();
  }

  @Override
  public String toString() {
    return text;
  }

  // ---------------------------------------------------------------------------------------------

  /** A parameter value wrapper so that a present null differs from a missing parameter. */
  private record Holder(Object value) {
    static Holder of(Object v) {
      return new Holder(normalize(v));
    }
  }

  private static Object normalize(Object v) {
    if (v instanceof JsonNode n) {
      return value(n);
    }
    if (v instanceof Number n && !(v instanceof Double)) {
      return n.doubleValue();
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      l.forEach(x -> out.add(normalize(x)));
      return out;
    }
    return v;
  }

  private interface Resolver {
    Optional<Holder> get(String name);
  }

  private interface Node {
    Object eval(Resolver r);
  }

  private enum Kind {
    NUMBER,
    STRING,
    BOOLEAN,
    VARIABLE,
    OPERATOR,
    OPEN,
    CLOSE,
    COMMA
  }

  private record Token(Kind kind, String text, Object value, int pos) {}

  private static final Set<String> OPERATORS =
      Set.of(
          "==", "!=", ">", ">=", "<", "<=", "=~", "!~", "&&", "||", "^", "&", "|", ">>", "<<", "+",
          "-", "*", "/", "%", "**", "!", "~", "?", ":", "??");

  private static final class Lexer {
    private final String s;
    private int i;

    Lexer(String s) {
      this.s = s;
    }

    ExpressionException error(String m, int at) {
      return new ExpressionException("expression '" + s + "' at position " + (at + 1) + ": " + m);
    }

    /** Reads up to one of {@code ends} (consumed), with backslash escapes. */
    private String until(String ends, String unclosed, int start) {
      StringBuilder b = new StringBuilder();
      while (i < s.length()) {
        char x = s.charAt(i++);
        if (x == '\\' && i < s.length()) {
          b.append(s.charAt(i++));
        } else if (ends.indexOf(x) >= 0) {
          return b.toString();
        } else {
          b.append(x);
        }
      }
      throw error(unclosed, start);
    }

    List<Token> tokens() {
      List<Token> out = new ArrayList<>();
      int depth = 0;
      while (i < s.length()) {
        char c = s.charAt(i);
        int start = i;
        if (Character.isWhitespace(c)) {
          i++;
        } else if (Character.isDigit(c) || c == '.') {
          if (c == '0' && i + 1 < s.length() && s.charAt(i + 1) == 'x') {
            i += 2;
            int h = i;
            while (i < s.length() && Character.digit(s.charAt(i), 16) >= 0) {
              i++;
            }
            try {
              out.add(
                  new Token(
                      Kind.NUMBER,
                      s.substring(start, i),
                      (double) Long.parseUnsignedLong(s.substring(h, i), 16),
                      start));
            } catch (NumberFormatException e) {
              throw error("unable to parse hex value '" + s.substring(h, i) + "'", start);
            }
          } else {
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
              i++;
            }
            String num = s.substring(start, i);
            try {
              out.add(new Token(Kind.NUMBER, num, Double.parseDouble(num), start));
            } catch (NumberFormatException e) {
              throw error("unable to parse numeric value '" + num + "'", start);
            }
          }
        } else if (c == ',') {
          i++;
          out.add(new Token(Kind.COMMA, ",", null, start));
        } else if (c == '[') {
          i++;
          String name = until("]", "unclosed parameter bracket", start);
          out.add(new Token(Kind.VARIABLE, name, name, start));
        } else if (Character.isLetter(c)) {
          StringBuilder b = new StringBuilder();
          while (i < s.length()) {
            char x = s.charAt(i);
            if (x == '\\' && i + 1 < s.length()) {
              b.append(s.charAt(i + 1));
              i += 2;
            } else if (Character.isLetterOrDigit(x) || x == '_' || x == '.') {
              b.append(x);
              i++;
            } else {
              break;
            }
          }
          String w = b.toString();
          if (w.equals("true") || w.equals("false")) {
            out.add(new Token(Kind.BOOLEAN, w, Boolean.valueOf(w), start));
          } else if (w.equals("in") || w.equals("IN")) {
            out.add(new Token(Kind.OPERATOR, "in", null, start));
          } else {
            if (w.endsWith(".")) {
              throw error("hanging accessor on token '" + w + "'", start);
            }
            out.add(new Token(Kind.VARIABLE, w, w, start));
          }
        } else if (c == '\'' || c == '"') {
          i++;
          // govaluate ends a string at either quote character
          String str = until("'\"", "unclosed string literal", start);
          Optional<Double> time = time(str);
          out.add(
              time.isPresent()
                  ? new Token(Kind.NUMBER, str, time.get(), start)
                  : new Token(Kind.STRING, str, str, start));
        } else if (c == '(') {
          i++;
          depth++;
          out.add(new Token(Kind.OPEN, "(", null, start));
        } else if (c == ')') {
          i++;
          depth--;
          out.add(new Token(Kind.CLOSE, ")", null, start));
        } else {
          while (i < s.length()) {
            char x = s.charAt(i);
            if (Character.isLetterOrDigit(x)
                || Character.isWhitespace(x)
                || "()[]'\"".indexOf(x) >= 0) {
              break;
            }
            i++;
          }
          String op = s.substring(start, i);
          if (!OPERATORS.contains(op)) {
            throw error("invalid token: '" + op + "'", start);
          }
          out.add(new Token(Kind.OPERATOR, op, null, start));
        }
      }
      if (depth != 0) {
        throw new ExpressionException("expression '" + s + "': unbalanced parenthesis");
      }
      return out;
    }
  }

  private static final List<DateTimeFormatter> DATES =
      List.of(
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"),
          DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss"));

  /** govaluate turns string literals that parse as dates into Unix seconds. */
  private static Optional<Double> time(String s) {
    if (s.length() < 10 || !Character.isDigit(s.charAt(0)) || s.charAt(4) != '-') {
      return Optional.empty();
    }
    try {
      if (s.length() == 10) {
        return Optional.of(
            (double) LocalDate.parse(s).atStartOfDay().toEpochSecond(ZoneOffset.UTC));
      }
      return Optional.of((double) OffsetDateTime.parse(s).toEpochSecond());
    } catch (DateTimeParseException e) {
      for (DateTimeFormatter f : DATES) {
        try {
          return Optional.of((double) LocalDateTime.parse(s, f).toEpochSecond(ZoneOffset.UTC));
        } catch (DateTimeParseException ignored) {
          // try the next format
        }
      }
      return Optional.empty();
    }
  }

  private static final List<Set<String>> BINARY_LEVELS =
      List.of(
          Set.of("?", ":", "??"),
          Set.of("||"),
          Set.of("&&"),
          Set.of("==", "!=", ">", ">=", "<", "<=", "=~", "!~", "in"),
          Set.of("&", "|", "^"),
          Set.of("<<", ">>"),
          Set.of("+", "-"),
          Set.of("*", "/", "%"),
          Set.of("**"));

  private static final class Parser {
    private final String s;
    private final List<Token> tokens;
    private final Set<String> variables = new LinkedHashSet<>();
    private int pos;

    Parser(String s, List<Token> tokens) {
      this.s = s;
      this.tokens = tokens;
    }

    ExpressionException error(String m) {
      int at = pos < tokens.size() ? tokens.get(pos).pos : s.length();
      return new ExpressionException("expression '" + s + "' at position " + (at + 1) + ": " + m);
    }

    boolean atOperator(Set<String> ops) {
      return pos < tokens.size()
          && tokens.get(pos).kind == Kind.OPERATOR
          && ops.contains(tokens.get(pos).text);
    }

    Node separator() {
      Node left = binary(0);
      while (pos < tokens.size() && tokens.get(pos).kind == Kind.COMMA) {
        pos++;
        Node l = left;
        Node r = binary(0);
        left =
            v -> {
              Object a = l.eval(v);
              List<Object> out = new ArrayList<>();
              if (a instanceof SeparatedList sl) {
                out.addAll(sl.items);
              } else {
                out.add(a);
              }
              out.add(r.eval(v));
              return new SeparatedList(out);
            };
      }
      return left;
    }

    Node binary(int level) {
      if (level == BINARY_LEVELS.size()) {
        return prefix();
      }
      Node left = binary(level + 1);
      while (atOperator(BINARY_LEVELS.get(level))) {
        String op = tokens.get(pos++).text;
        if (pos >= tokens.size()) {
          throw error("expression ends after '" + op + "'");
        }
        if ((op.equals("=~") || op.equals("!~")) && tokens.get(pos).kind == Kind.STRING) {
          // govaluate compiles a literal pattern when the expression is parsed
          try {
            Pattern.compile((String) tokens.get(pos).value);
          } catch (PatternSyntaxException e) {
            throw error("invalid regular expression: " + e.getDescription());
          }
        }
        Node right = binary(level + 1);
        left = operator(op, left, right);
      }
      return left;
    }

    Node prefix() {
      if (atOperator(Set.of("-", "!", "~"))) {
        String op = tokens.get(pos++).text;
        Node n = prefix();
        return v -> {
          Object x = n.eval(v);
          switch (op) {
            case "-" -> {
              return -num(x, "prefix", op);
            }
            case "!" -> {
              if (!(x instanceof Boolean b)) {
                throw new ExpressionException(
                    "Value '" + format(x) + "' cannot be used with the prefix '!'");
              }
              return !b;
            }
            default -> {
              return (double) ~(long) num(x, "prefix", op);
            }
          }
        };
      }
      return value();
    }

    Node value() {
      if (pos >= tokens.size()) {
        throw error("expression ends too early");
      }
      Token t = tokens.get(pos++);
      switch (t.kind) {
        case NUMBER, STRING, BOOLEAN -> {
          Object lit = t.value;
          return v -> lit;
        }
        case VARIABLE -> {
          String name = t.text;
          variables.add(name);
          if (name.indexOf('.') > 0 && isBare(t)) {
            return accessor(name);
          }
          return v ->
              v.get(name)
                  .orElseThrow(() -> new ExpressionException("No parameter '" + name + "' found."))
                  .value();
        }
        case OPEN -> {
          if (pos < tokens.size() && tokens.get(pos).kind == Kind.CLOSE) {
            throw error("empty parentheses");
          }
          Node inner = separator();
          if (pos >= tokens.size() || tokens.get(pos).kind != Kind.CLOSE) {
            throw error("missing ')'");
          }
          pos++;
          return v -> {
            Object x = inner.eval(v);
            return x instanceof SeparatedList sl ? List.copyOf(nullSafe(sl.items)) : x;
          };
        }
        default -> {
          pos--;
          throw error("unexpected '" + t.text + "'");
        }
      }
    }

    private boolean isBare(Token t) {
      return s.charAt(t.pos) != '[';
    }

    /** govaluate reads {@code a.b} as field {@code b} of struct parameter {@code a}. */
    private Node accessor(String name) {
      String[] parts = name.split("\\.");
      return v -> {
        Optional<Holder> whole = v.get(name);
        if (whole.isPresent()) {
          return whole.get().value();
        }
        Object value =
            v.get(parts[0])
                .orElseThrow(
                    () -> new ExpressionException("No parameter '" + parts[0] + "' found."))
                .value();
        for (int k = 1; k < parts.length; k++) {
          if (!(value instanceof Map<?, ?> m) || !m.containsKey(parts[k])) {
            throw new ExpressionException(
                "Unable to access '" + parts[k] + "', '" + parts[k - 1] + "' is not a struct");
          }
          value = m.get(parts[k]);
        }
        return value;
      };
    }

    Node operator(String op, Node l, Node r) {
      if (op.equals("=~") || op.equals("!~")) {
        boolean neg = op.equals("!~");
        return v -> {
          Object a = l.eval(v);
          Object b = r.eval(v);
          if (!(a instanceof String str)) {
            throw typeError(a, op, "it is not a string");
          }
          Pattern p;
          if (b instanceof Pattern pp) {
            p = pp;
          } else if (b instanceof String re) {
            try {
              p = Pattern.compile(re);
            } catch (PatternSyntaxException e) {
              throw new ExpressionException(
                  "Unable to compile regexp pattern '" + re + "': " + e.getDescription(), e);
            }
          } else {
            throw typeError(b, op, "it is not a string or regex");
          }
          return p.matcher(str).find() != neg;
        };
      }
      return switch (op) {
        case "&&" ->
            v -> {
              Object a = l.eval(v);
              if (Boolean.FALSE.equals(a)) {
                return false;
              }
              Object b = r.eval(v);
              return logical(a, op) && logical(b, op);
            };
        case "||" ->
            v -> {
              Object a = l.eval(v);
              if (Boolean.TRUE.equals(a)) {
                return true;
              }
              Object b = r.eval(v);
              return logical(a, op) || logical(b, op);
            };
        case "?" ->
            v -> {
              Object a = l.eval(v);
              if (!(a instanceof Boolean b)) {
                throw typeError(a, op, "it is not a bool");
              }
              return b ? r.eval(v) : null;
            };
        case ":", "??" ->
            v -> {
              Object a = l.eval(v);
              return a != null ? a : r.eval(v);
            };
        default -> v -> apply(op, l.eval(v), r.eval(v));
      };
    }

    private static boolean logical(Object x, String op) {
      if (x instanceof Boolean b) {
        return b;
      }
      throw new ExpressionException(
          "Value '"
              + format(x)
              + "' cannot be used with the logical operator '"
              + op
              + "', it is not a bool");
    }
  }

  /** The comma operator's intermediate result, flattened into a list by the parentheses. */
  private record SeparatedList(List<Object> items) {}

  private static List<Object> nullSafe(List<Object> items) {
    return items.stream().anyMatch(Objects::isNull)
        ? Collections.unmodifiableList(new ArrayList<>(items))
        : items;
  }

  private static ExpressionException typeError(Object v, String op, String why) {
    return new ExpressionException(
        "Value '" + format(v) + "' cannot be used with the operator '" + op + "', " + why);
  }

  private static double num(Object x, String what, String op) {
    if (x instanceof Double d) {
      return d;
    }
    throw new ExpressionException(
        "Value '"
            + format(x)
            + "' cannot be used with the "
            + what
            + " '"
            + op
            + "', it is not a number");
  }

  private static Object apply(String op, Object a, Object b) {
    if (a instanceof SeparatedList sl) {
      a = sl.items;
    }
    if (b instanceof SeparatedList sl) {
      b = sl.items;
    }
    switch (op) {
      case "==":
        return deepEquals(a, b);
      case "!=":
        return !deepEquals(a, b);
      case ">", ">=", "<", "<=":
        {
          int c;
          if (a instanceof String x && b instanceof String y) {
            c = x.compareTo(y);
          } else if (a instanceof Double x && b instanceof Double y) {
            c = Double.compare(x, y);
            if (Double.isNaN(x) || Double.isNaN(y)) {
              return false;
            }
          } else {
            throw new ExpressionException(
                "Value '"
                    + format(a)
                    + "' cannot be used with the comparator '"
                    + op
                    + "', it is not a number");
          }
          return switch (op) {
            case ">" -> c > 0;
            case ">=" -> c >= 0;
            case "<" -> c < 0;
            default -> c <= 0;
          };
        }
      case "in":
        if (!(b instanceof List<?> list)) {
          throw new ExpressionException(
              "Value '" + format(b) + "' cannot be used with the comparator 'in', not an array");
        }
        for (Object x : list) {
          if (Objects.equals(a, x)) {
            return true;
          }
        }
        return false;
      case "+":
        if (a instanceof String || b instanceof String) {
          return format(a) + format(b);
        }
        return num(a, "modifier", op) + num(b, "modifier", op);
      case "-":
        return num(a, "modifier", op) - num(b, "modifier", op);
      case "*":
        return num(a, "modifier", op) * num(b, "modifier", op);
      case "/":
        return num(a, "modifier", op) / num(b, "modifier", op);
      case "%":
        return num(a, "modifier", op) % num(b, "modifier", op);
      case "**":
        return Math.pow(num(a, "modifier", op), num(b, "modifier", op));
      case "&":
        return (double) ((long) num(a, "modifier", op) & (long) num(b, "modifier", op));
      case "|":
        return (double) ((long) num(a, "modifier", op) | (long) num(b, "modifier", op));
      case "^":
        return (double) ((long) num(a, "modifier", op) ^ (long) num(b, "modifier", op));
      case "<<":
        return (double) ((long) num(a, "modifier", op) << (long) num(b, "modifier", op));
      case ">>":
        return (double) ((long) num(a, "modifier", op) >>> (long) num(b, "modifier", op));
      default:
        throw new ExpressionException("unknown operator '" + op + "'");
    }
  }

  private static boolean deepEquals(Object a, Object b) {
    if (a instanceof Pattern p) {
      a = p.pattern();
    }
    if (b instanceof Pattern p) {
      b = p.pattern();
    }
    return Objects.equals(a, b);
  }
}
