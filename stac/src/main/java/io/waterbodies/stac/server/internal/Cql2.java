package io.waterbodies.stac.server.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.core.geo.Bbox;
import io.waterbodies.core.json.Json;
import io.waterbodies.core.time.DatetimeInterval;
import io.waterbodies.core.time.DatetimeInterval.Rfc3339;
import io.waterbodies.stac.server.StoredItem;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Basic CQL2 for the embedded server: cql2-text is parsed into cql2-json, and cql2-json is compiled
 * into a predicate on {@link StoredItem}s. Supported: {@code and}, {@code or}, {@code not},
 * comparisons ({@code = <> < <= > >=}), {@code like}, {@code in}, {@code between}, {@code is null},
 * literals (numbers, strings, booleans, {@code TIMESTAMP(...)}, {@code DATE(...)}), and {@code
 * s_intersects} with a GeoJSON geometry or {@code BBOX} (exact planar test, see {@link
 * SpatialFilter}).
 */
public final class Cql2 {
  private static final JsonNodeFactory F = Json.mapper().getNodeFactory();

  /**
   * The deepest nesting of parentheses, {@code NOT} and cql2-json operators accepted; deeper
   * filters get 400 instead of a {@link StackOverflowError}.
   */
  public static final int MAX_DEPTH = 400;

  private Cql2() {}

  private static ApiError tooDeep() {
    return ApiError.badRequest(
        "filter is nested more than " + MAX_DEPTH + " levels deep; the limit is " + MAX_DEPTH);
  }

  // ---------------------------------------------------------------- cql2-text -> cql2-json

  /**
   * Parses cql2-text into the equivalent cql2-json.
   *
   * @throws ApiError (400) naming the position of a syntax error
   */
  public static JsonNode parseText(String text) {
    Parser p = new Parser(text);
    JsonNode e = p.orExpr();
    if (p.peek() != null) {
      throw p.error("unexpected '" + p.peek() + "'");
    }
    return e;
  }

  private static final class Parser {
    private final String src;
    private final List<String> tokens = new ArrayList<>();
    private final List<Integer> positions = new ArrayList<>();
    private int i;
    private int depth;

    Parser(String src) {
      this.src = src;
      tokenize();
    }

    ApiError error(String msg) {
      int pos = i < positions.size() ? positions.get(i) : src.length();
      return ApiError.badRequest("invalid cql2-text filter at character " + (pos + 1) + ": " + msg);
    }

    private void tokenize() {
      int n = src.length();
      int k = 0;
      while (k < n) {
        char c = src.charAt(k);
        if (Character.isWhitespace(c)) {
          k++;
          continue;
        }
        int start = k;
        if (c == '\'') {
          StringBuilder sb = new StringBuilder("'");
          k++;
          while (true) {
            if (k >= n) {
              i = tokens.size();
              positions.add(start);
              throw ApiError.badRequest(
                  "invalid cql2-text filter at character " + (start + 1) + ": unclosed string");
            }
            char d = src.charAt(k);
            if (d == '\'') {
              if (k + 1 < n && src.charAt(k + 1) == '\'') {
                sb.append('\'');
                k += 2;
                continue;
              }
              k++;
              break;
            }
            sb.append(d);
            k++;
          }
          add(sb.toString(), start);
        } else if (c == '"') {
          int end = src.indexOf('"', k + 1);
          if (end < 0) {
            throw ApiError.badRequest(
                "invalid cql2-text filter at character " + (start + 1) + ": unclosed identifier");
          }
          add("\"" + src.substring(k + 1, end), start);
          k = end + 1;
        } else if ("<>=".indexOf(c) >= 0) {
          String two = k + 1 < n ? src.substring(k, k + 2) : "";
          if (two.equals("<=") || two.equals(">=") || two.equals("<>") || two.equals("!=")) {
            add(two, start);
            k += 2;
          } else {
            add(String.valueOf(c), start);
            k++;
          }
        } else if ("(),".indexOf(c) >= 0) {
          add(String.valueOf(c), start);
          k++;
        } else if (Character.isDigit(c)
            || ((c == '-' || c == '+' || c == '.')
                && k + 1 < n
                && isNumberStart(src.charAt(k + 1)))) {
          k++;
          while (k < n
              && (Character.isDigit(src.charAt(k))
                  || ".eE".indexOf(src.charAt(k)) >= 0
                  || (src.charAt(k) == '-' || src.charAt(k) == '+')
                      && (src.charAt(k - 1) == 'e' || src.charAt(k - 1) == 'E'))) {
            k++;
          }
          add("#" + src.substring(start, k), start);
        } else if (Character.isLetter(c) || c == '_') {
          k++;
          while (k < n
              && (Character.isLetterOrDigit(src.charAt(k)) || "_:.-".indexOf(src.charAt(k)) >= 0)) {
            k++;
          }
          add(src.substring(start, k), start);
        } else {
          i = tokens.size();
          positions.add(start);
          throw error("unexpected character '" + c + "'");
        }
      }
      i = 0;
    }

    private static boolean isNumberStart(char c) {
      return Character.isDigit(c) || c == '.';
    }

    private void add(String token, int pos) {
      tokens.add(token);
      positions.add(pos);
    }

    String peek() {
      return i < tokens.size() ? tokens.get(i) : null;
    }

    boolean keyword(String kw) {
      String t = peek();
      if (t != null && t.equalsIgnoreCase(kw)) {
        i++;
        return true;
      }
      return false;
    }

    void expect(String t) {
      if (!t.equals(peek())) {
        throw error(
            "expected '" + t + "'" + (peek() == null ? " at the end" : ", found '" + peek() + "'"));
      }
      i++;
    }

    JsonNode orExpr() {
      JsonNode left = andExpr();
      List<JsonNode> args = new ArrayList<>(List.of(left));
      while (keyword("or")) {
        args.add(andExpr());
      }
      return args.size() == 1 ? left : op("or", args);
    }

    JsonNode andExpr() {
      JsonNode left = notExpr();
      List<JsonNode> args = new ArrayList<>(List.of(left));
      while (keyword("and")) {
        args.add(notExpr());
      }
      return args.size() == 1 ? left : op("and", args);
    }

    JsonNode notExpr() {
      if (keyword("not")) {
        enter();
        JsonNode e = op("not", List.of(notExpr()));
        depth--;
        return e;
      }
      return predicate();
    }

    private void enter() {
      if (++depth > MAX_DEPTH) {
        throw tooDeep();
      }
    }

    JsonNode predicate() {
      if ("(".equals(peek())) {
        i++;
        enter();
        JsonNode e = orExpr();
        expect(")");
        depth--;
        return e;
      }
      String t = peek();
      if (t != null && (t.equalsIgnoreCase("s_intersects") || t.equalsIgnoreCase("t_intersects"))) {
        i++;
        expect("(");
        JsonNode a = operand();
        expect(",");
        JsonNode b = operand();
        expect(")");
        return op(t.toLowerCase(Locale.ROOT), List.of(a, b));
      }
      JsonNode left = operand();
      String o = peek();
      if (o == null) {
        if (left.isBoolean()) {
          return left;
        }
        throw error("expected a comparison after the operand");
      }
      boolean negate = keyword("not");
      JsonNode result;
      if (keyword("like")) {
        result = op("like", List.of(left, operand()));
      } else if (keyword("in")) {
        expect("(");
        ArrayNode list = F.arrayNode();
        list.add(operand());
        while (",".equals(peek())) {
          i++;
          list.add(operand());
        }
        expect(")");
        result = op("in", List.of(left, list));
      } else if (keyword("between")) {
        JsonNode lo = operand();
        if (!keyword("and")) {
          throw error("expected AND in BETWEEN");
        }
        result = op("between", List.of(left, lo, operand()));
      } else if (!negate && keyword("is")) {
        boolean not = keyword("not");
        if (!keyword("null")) {
          throw error("expected NULL after IS");
        }
        JsonNode isNull = op("isNull", List.of(left));
        return not ? op("not", List.of(isNull)) : isNull;
      } else if (!negate && List.of("=", "<>", "!=", "<", "<=", ">", ">=").contains(o)) {
        i++;
        result = op(o.equals("!=") ? "<>" : o, List.of(left, operand()));
      } else {
        throw error("unsupported operator '" + o + "'");
      }
      return negate ? op("not", List.of(result)) : result;
    }

    JsonNode operand() {
      String t = peek();
      if (t == null) {
        throw error("expected an operand at the end");
      }
      i++;
      if (t.startsWith("'")) {
        return F.textNode(t.substring(1));
      }
      if (t.startsWith("#")) {
        try {
          return F.numberNode(new BigDecimal(t.substring(1)));
        } catch (NumberFormatException e) {
          i--;
          throw error("invalid number '" + t.substring(1) + "'");
        }
      }
      if (t.startsWith("\"")) {
        return F.objectNode().put("property", t.substring(1));
      }
      String u = t.toUpperCase(Locale.ROOT);
      switch (u) {
        case "TRUE":
          return F.booleanNode(true);
        case "FALSE":
          return F.booleanNode(false);
        case "TIMESTAMP":
        case "DATE":
          {
            expect("(");
            String s = peek();
            if (s == null || !s.startsWith("'")) {
              throw error("expected a quoted " + u.toLowerCase(Locale.ROOT));
            }
            i++;
            expect(")");
            return F.objectNode().put(u.toLowerCase(Locale.ROOT), s.substring(1));
          }
        case "BBOX":
          {
            expect("(");
            ArrayNode a = F.arrayNode();
            a.add(operand());
            while (",".equals(peek())) {
              i++;
              a.add(operand());
            }
            expect(")");
            return F.objectNode().set("bbox", a);
          }
        default:
          if (t.equals("(") || t.equals(")") || t.equals(",")) {
            i--;
            throw error("unexpected '" + t + "'");
          }
          return F.objectNode().put("property", t);
      }
    }

    private static ObjectNode op(String name, List<JsonNode> args) {
      ObjectNode o = F.objectNode().put("op", name);
      ArrayNode a = o.putArray("args");
      args.forEach(a::add);
      return o;
    }
  }

  // ---------------------------------------------------------------- cql2-json -> predicate

  /**
   * Compiles cql2-json into a predicate.
   *
   * @throws ApiError (400) naming what is not supported or malformed
   */
  public static Predicate<StoredItem> compile(JsonNode e) {
    return compile(e, 0);
  }

  private static Predicate<StoredItem> compile(JsonNode e, int depth) {
    if (depth > MAX_DEPTH) {
      throw tooDeep();
    }
    if (e.isBoolean()) {
      boolean v = e.asBoolean();
      return x -> v;
    }
    if (!e.isObject() || !e.path("op").isTextual() || !e.path("args").isArray()) {
      throw ApiError.badRequest(
          "invalid cql2-json: expected {\"op\": ..., \"args\": [...]}, got " + e);
    }
    String op = e.get("op").asText().toLowerCase(Locale.ROOT);
    JsonNode args = e.get("args");
    switch (op) {
      case "and":
        {
          List<Predicate<StoredItem>> ps = new ArrayList<>();
          args.forEach(a -> ps.add(compile(a, depth + 1)));
          return x -> ps.stream().allMatch(p -> p.test(x));
        }
      case "or":
        {
          List<Predicate<StoredItem>> ps = new ArrayList<>();
          args.forEach(a -> ps.add(compile(a, depth + 1)));
          return x -> ps.stream().anyMatch(p -> p.test(x));
        }
      case "not":
        arity(op, args, 1);
        return compile(args.get(0), depth + 1).negate();
      case "=":
      case "<>":
      case "<":
      case "<=":
      case ">":
      case ">=":
        {
          arity(op, args, 2);
          Operand a = operand(args.get(0));
          Operand b = operand(args.get(1));
          return x -> {
            Integer c = compare(a.value(x), b.value(x));
            if (c == null) {
              return false;
            }
            switch (op) {
              case "=":
                return c == 0;
              case "<>":
                return c != 0;
              case "<":
                return c < 0;
              case "<=":
                return c <= 0;
              case ">":
                return c > 0;
              default:
                return c >= 0;
            }
          };
        }
      case "like":
        {
          arity(op, args, 2);
          Operand a = operand(args.get(0));
          if (!args.get(1).isTextual()) {
            throw ApiError.badRequest("cql2 like: the pattern must be a string");
          }
          LikePattern p = LikePattern.of(args.get(1).asText());
          return x -> {
            Object v = a.value(x);
            return v instanceof String s && p.matches(s);
          };
        }
      case "in":
        {
          arity(op, args, 2);
          Operand a = operand(args.get(0));
          if (!args.get(1).isArray()) {
            throw ApiError.badRequest("cql2 in: the second argument must be a list");
          }
          List<Operand> list = new ArrayList<>();
          args.get(1).forEach(v -> list.add(operand(v)));
          return x -> {
            Object v = a.value(x);
            return list.stream().anyMatch(o -> Integer.valueOf(0).equals(compare(v, o.value(x))));
          };
        }
      case "between":
        {
          arity(op, args, 3);
          Operand a = operand(args.get(0));
          Operand lo = operand(args.get(1));
          Operand hi = operand(args.get(2));
          return x -> {
            Object v = a.value(x);
            Integer c1 = compare(v, lo.value(x));
            Integer c2 = compare(v, hi.value(x));
            return c1 != null && c2 != null && c1 >= 0 && c2 <= 0;
          };
        }
      case "isnull":
        {
          arity(op, args, 1);
          Operand a = operand(args.get(0));
          return x -> a.value(x) == null;
        }
      case "s_intersects":
        {
          arity(op, args, 2);
          JsonNode geom = args.get(0).has("property") ? args.get(1) : args.get(0);
          return spatialLiteral(geom);
        }
      default:
        throw ApiError.badRequest("cql2 operator '" + op + "' is not supported by this server");
    }
  }

  private static void arity(String op, JsonNode args, int n) {
    if (args.size() != n) {
      throw ApiError.badRequest(
          "cql2 '" + op + "' takes " + n + " argument(s), got " + args.size());
    }
  }

  private static SpatialFilter spatialLiteral(JsonNode g) {
    if (g.has("bbox") && g.get("bbox").isArray()) {
      JsonNode b = g.get("bbox");
      double[] v = new double[b.size()];
      for (int k = 0; k < v.length; k++) {
        if (!b.get(k).isNumber()) {
          throw ApiError.badRequest(
              "cql2 s_intersects: BBOX[" + k + "] is not a number: " + b.get(k));
        }
        v[k] = b.get(k).asDouble();
      }
      try {
        return SpatialFilter.ofBox(Bbox.of(v));
      } catch (IllegalArgumentException e) {
        throw ApiError.badRequest("cql2 s_intersects: " + e.getMessage());
      }
    }
    if (!g.isObject() || !g.has("type")) {
      throw ApiError.badRequest("cql2 s_intersects: expected a GeoJSON geometry or BBOX, got " + g);
    }
    return SpatialFilter.ofGeoJson(g, "cql2 s_intersects");
  }

  /**
   * An operand: a literal or an item property, evaluated to String, BigDecimal, Boolean or Instant.
   */
  private interface Operand {
    Object value(StoredItem item);
  }

  private static Operand operand(JsonNode n) {
    if (n.isObject() && n.has("property")) {
      String name = n.get("property").asText();
      return item -> item.field(name).map(Cql2::plain).orElse(null);
    }
    if (n.isObject() && n.has("timestamp")) {
      Instant t = time(n.get("timestamp").asText(), false);
      return item -> t;
    }
    if (n.isObject() && n.has("date")) {
      Instant t = time(n.get("date").asText(), true);
      return item -> t;
    }
    if (n.isNumber() || n.isTextual() || n.isBoolean()) {
      Object v = plain(n);
      return item -> v;
    }
    throw ApiError.badRequest("cql2 operand not supported: " + n);
  }

  private static Instant time(String s, boolean date) {
    try {
      return date ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Rfc3339.parse(s);
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest("cql2: invalid " + (date ? "date" : "timestamp") + " '" + s + "'");
    }
  }

  private static Object plain(JsonNode n) {
    if (n.isNumber()) {
      return n.decimalValue();
    }
    if (n.isTextual()) {
      return n.asText();
    }
    if (n.isBoolean()) {
      return n.asBoolean();
    }
    return null;
  }

  /** Compares two values of compatible kinds; null when they cannot be compared. */
  private static Integer compare(Object a, Object b) {
    if (a == null || b == null) {
      return null;
    }
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y);
    }
    if (a instanceof Instant || b instanceof Instant) {
      Optional<Instant> x = asInstant(a);
      Optional<Instant> y = asInstant(b);
      return x.isPresent() && y.isPresent() ? x.get().compareTo(y.get()) : null;
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return x.equals(y) ? 0 : 1;
    }
    return null;
  }

  private static Optional<Instant> asInstant(Object o) {
    if (o instanceof Instant t) {
      return Optional.of(t);
    }
    if (o instanceof String s) {
      try {
        return Optional.of(Rfc3339.parse(s));
      } catch (DateTimeParseException e) {
        try {
          return Optional.of(DatetimeInterval.parse(s).start().orElseThrow());
        } catch (IllegalArgumentException | java.util.NoSuchElementException e2) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }
}
