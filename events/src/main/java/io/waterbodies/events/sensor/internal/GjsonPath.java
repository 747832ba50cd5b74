package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * GJSON paths as Argo sensors read event data with them (tidwall/gjson): dotted keys with {@code \}
 * escapes; {@code *} and {@code ?} wildcards in keys (the first matching key wins); array indexes;
 * {@code #} for an array's length or, followed by more keys, for every element ({@code
 * items.#.id}); queries {@code #(key==value)} (first match) and {@code #(key>value)#} (all matches)
 * with {@code == = != < <= > >= % !%} (like, with wildcards), nested paths and nested queries; the
 * pipe {@code |} (applies the rest to the whole result); modifiers {@code @this}, {@code @reverse},
 * {@code @keys}, {@code @values}, {@code @flatten}. Also writes parameter destinations with sjson's
 * rules: missing objects are created, a numeric key on a missing value creates an array padded with
 * nulls, {@code -1} appends.
 */
public final class GjsonPath {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Set<String> MODIFIERS =
      Set.of("this", "reverse", "keys", "values", "flatten");

  private enum Type {
    KEY,
    COUNT,
    QUERY,
    QUERY_ALL,
    MODIFIER
  }

  /** One component; {@code pipe} means it was preceded by {@code |} rather than {@code .}. */
  private record Part(Type type, String key, boolean wildcard, Query query, boolean pipe) {}

  private record Query(Optional<GjsonPath> left, String op, JsonNode value) {}

  private final String text;
  private final List<Part> parts;

  private GjsonPath(String text, List<Part> parts) {
    this.text = text;
    this.parts = parts;
  }

  /**
   * Compiles a path.
   *
   * @throws IllegalArgumentException naming what is malformed or unsupported
   */
  public static GjsonPath compile(String path) {
    if (path == null || path.isEmpty()) {
      throw new IllegalArgumentException("empty path");
    }
    return new GjsonPath(path, parse(path));
  }

  private static List<Part> parse(String path) {
    List<Part> out = new ArrayList<>();
    int i = 0;
    boolean pipe = false;
    while (true) {
      if (i >= path.length()) {
        throw new IllegalArgumentException("path '" + path + "' has an empty key at its end");
      }
      char c = path.charAt(i);
      if (c == '#' && i + 1 < path.length() && path.charAt(i + 1) == '(') {
        int end = closing(path, i + 1);
        Query q = query(path, path.substring(i + 2, end));
        i = end + 1;
        boolean all = i < path.length() && path.charAt(i) == '#';
        if (all) {
          i++;
        }
        out.add(new Part(all ? Type.QUERY_ALL : Type.QUERY, null, false, q, pipe));
      } else if (c == '@') {
        int j = i + 1;
        while (j < path.length() && path.charAt(j) != '.' && path.charAt(j) != '|') {
          j++;
        }
        String name = path.substring(i + 1, j);
        if (!MODIFIERS.contains(name)) {
          throw new IllegalArgumentException(
              "path '" + path + "' uses the modifier @" + name + " (supported: " + MODIFIERS + ")");
        }
        out.add(new Part(Type.MODIFIER, name, false, null, pipe));
        i = j;
      } else if (c == '!' || c == '[' || c == '{') {
        throw new IllegalArgumentException(
            "path '" + path + "' uses a GJSON literal or multipath ('" + c + "'), not supported");
      } else {
        StringBuilder key = new StringBuilder();
        boolean wild = false;
        boolean escaped = false;
        while (i < path.length() && path.charAt(i) != '.' && path.charAt(i) != '|') {
          char k = path.charAt(i);
          if (k == '\\') {
            if (i + 1 >= path.length()) {
              throw new IllegalArgumentException("path '" + path + "' ends with a lone backslash");
            }
            char next = path.charAt(++i);
            if (next == '*' || next == '?') {
              key.append('\\');
            }
            key.append(next);
            escaped = true;
          } else {
            if (k == '*' || k == '?') {
              wild = true;
            }
            key.append(k);
          }
          i++;
        }
        String k = key.toString();
        if (k.isEmpty()) {
          throw new IllegalArgumentException("path '" + path + "' has an empty key (two dots?)");
        }
        if (k.equals("#") && !escaped) {
          out.add(new Part(Type.COUNT, "#", false, null, pipe));
        } else {
          out.add(new Part(Type.KEY, k, wild, null, pipe));
        }
      }
      if (i >= path.length()) {
        return List.copyOf(out);
      }
      pipe = path.charAt(i) == '|';
      if (path.charAt(i) != '.' && !pipe) {
        throw new IllegalArgumentException(
            "path '" + path + "': expected '.' or '|' at position " + (i + 1));
      }
      i++;
    }
  }

  private static int closing(String s, int open) {
    int depth = 0;
    char quote = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '"') {
        quote = c;
      } else if (c == '(') {
        depth++;
      } else if (c == ')' && --depth == 0) {
        return i;
      }
    }
    throw new IllegalArgumentException("path '" + s + "' has an unclosed query '#('");
  }

  private static final List<String> OPS = List.of("==", "!=", "<=", ">=", "!%", "=", "<", ">", "%");

  private static Query query(String path, String q) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < q.length(); i++) {
      char c = q.charAt(i);
      if (quoted) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          quoted = false;
        }
        continue;
      }
      if (c == '"') {
        quoted = true;
      } else if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (depth == 0 && "=!<>%".indexOf(c) >= 0) {
        for (String op : OPS) {
          if (q.startsWith(op, i)) {
            String left = q.substring(0, i).trim();
            String right = q.substring(i + op.length()).trim();
            return new Query(
                left.isEmpty() ? Optional.empty() : Optional.of(compile(left)),
                op.equals("=") ? "==" : op,
                literal(path, right));
          }
        }
      }
    }
    String left = q.trim();
    if (left.isEmpty()) {
      throw new IllegalArgumentException("path '" + path + "' has an empty query");
    }
    return new Query(Optional.of(compile(left)), "exists", null);
  }

  private static JsonNode literal(String path, String v) {
    if (v.startsWith("\"")) {
      if (v.length() < 2 || !v.endsWith("\"")) {
        throw new IllegalArgumentException("path '" + path + "': unterminated string " + v);
      }
      StringBuilder b = new StringBuilder();
      for (int i = 1; i < v.length() - 1; i++) {
        char c = v.charAt(i);
        if (c == '\\' && i + 1 < v.length() - 1) {
          c = v.charAt(++i);
        }
        b.append(c);
      }
      return F.textNode(b.toString());
    }
    switch (v) {
      case "true":
        return F.booleanNode(true);
      case "false":
        return F.booleanNode(false);
      case "null":
        return F.nullNode();
      default:
        try {
          return F.numberNode(new BigDecimal(v));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "path '" + path + "': query value " + v + " is not a string, number or bool", e);
        }
    }
  }

  /** The value at this path, if present. */
  public Optional<JsonNode> get(JsonNode root) {
    return Optional.ofNullable(get(root, 0));
  }

  private JsonNode get(JsonNode node, int i) {
    if (node == null || node.isMissingNode()) {
      return null;
    }
    if (i == parts.size()) {
      return node;
    }
    Part p = parts.get(i);
    boolean mapRest = i + 1 < parts.size() && !parts.get(i + 1).pipe();
    switch (p.type()) {
      case KEY -> {
        if (node.isObject()) {
          if (!p.wildcard()) {
            return get(node.get(unescape(p.key())), i + 1);
          }
          Iterator<Map.Entry<String, JsonNode>> it = node.fields();
          while (it.hasNext()) {
            var e = it.next();
            if (like(e.getKey(), p.key())) {
              return get(e.getValue(), i + 1);
            }
          }
          return null;
        }
        if (node.isArray()) {
          int idx = index(p.key());
          return idx >= 0 && idx < node.size() ? get(node.get(idx), i + 1) : null;
        }
        return null;
      }
      case COUNT -> {
        if (!node.isArray()) {
          return null;
        }
        if (i + 1 == parts.size() || !mapRest) {
          return get(F.numberNode(node.size()), i + 1);
        }
        return map(node, i + 1);
      }
      case QUERY, QUERY_ALL -> {
        if (!node.isArray()) {
          return null;
        }
        ArrayNode hits = F.arrayNode();
        for (JsonNode e : node) {
          if (matches(p.query(), e)) {
            if (p.type() == Type.QUERY) {
              return get(e, i + 1);
            }
            hits.add(e);
          }
        }
        if (p.type() == Type.QUERY) {
          return null;
        }
        return mapRest ? map(hits, i + 1) : get(hits, i + 1);
      }
      default -> {
        return get(modify(p.key(), node), i + 1);
      }
    }
  }

  private ArrayNode map(JsonNode array, int from) {
    ArrayNode out = F.arrayNode();
    for (JsonNode e : array) {
      JsonNode v = get(e, from);
      if (v != null) {
        out.add(v);
      }
    }
    return out;
  }

  private static JsonNode modify(String name, JsonNode node) {
    switch (name) {
      case "reverse" -> {
        if (node.isArray()) {
          ArrayNode out = F.arrayNode();
          for (int k = node.size() - 1; k >= 0; k--) {
            out.add(node.get(k));
          }
          return out;
        }
        if (node.isObject()) {
          List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
          node.fields().forEachRemaining(entries::add);
          ObjectNode out = F.objectNode();
          for (int k = entries.size() - 1; k >= 0; k--) {
            out.set(entries.get(k).getKey(), entries.get(k).getValue());
          }
          return out;
        }
        return node;
      }
      case "keys" -> {
        ArrayNode out = F.arrayNode();
        node.fieldNames().forEachRemaining(out::add);
        return out;
      }
      case "values" -> {
        ArrayNode out = F.arrayNode();
        if (node.isObject()) {
          node.forEach(out::add);
        }
        return node.isArray() ? node : out;
      }
      case "flatten" -> {
        if (!node.isArray()) {
          return node;
        }
        ArrayNode out = F.arrayNode();
        for (JsonNode e : node) {
          if (e.isArray()) {
            out.addAll((ArrayNode) e);
          } else {
            out.add(e);
          }
        }
        return out;
      }
      default -> {
        return node;
      }
    }
  }

  private static boolean matches(Query q, JsonNode element) {
    JsonNode v = q.left().isPresent() ? q.left().get().get(element).orElse(null) : element;
    if (q.op().equals("exists")) {
      return v != null && !(v.isBoolean() && !v.booleanValue());
    }
    if (v == null) {
      return false;
    }
    JsonNode r = q.value();
    if (r.isTextual() && v.isTextual()) {
      String a = v.textValue();
      String b = r.textValue();
      return switch (q.op()) {
        case "%" -> like(a, b);
        case "!%" -> !like(a, b);
        default -> compared(q.op(), a.compareTo(b));
      };
    }
    if (r.isNumber() && v.isNumber()) {
      return compared(q.op(), v.decimalValue().compareTo(r.decimalValue()));
    }
    if ((r.isBoolean() || r.isNull()) && (v.isBoolean() || v.isNull())) {
      boolean eq = r.equals(v);
      return q.op().equals("==") ? eq : q.op().equals("!=") && !eq;
    }
    return false;
  }

  private static boolean compared(String op, int c) {
    return switch (op) {
      case "==" -> c == 0;
      case "!=" -> c != 0;
      case "<" -> c < 0;
      case "<=" -> c <= 0;
      case ">" -> c > 0;
      case ">=" -> c >= 0;
      default -> false;
    };
  }

  /** gjson's wildcard match: {@code *} any run, {@code ?} one character, {@code \} escapes. */
  static boolean like(String s, String pattern) {
    return like(s, 0, pattern, 0);
  }

  private static boolean like(String s, int si, String p, int pi) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        for (int k = si; k <= s.length(); k++) {
          if (like(s, k, p, pi + 1)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length()) {
        return false;
      }
      if (c == '\\' && pi + 1 < p.length()) {
        c = p.charAt(++pi);
        if (s.charAt(si) != c) {
          return false;
        }
      } else if (c != '?' && s.charAt(si) != c) {
        return false;
      }
      si++;
      pi++;
    }
    return si == s.length();
  }

  private static String unescape(String key) {
    return key.replace("\\*", "*").replace("\\?", "?");
  }

  /**
   * Checks that this path can be a destination: plain keys and indexes only.
   *
   * @throws IllegalArgumentException naming the offending part
   */
  public GjsonPath requireWritable() {
    for (Part p : parts) {
      if (p.type() != Type.KEY || p.wildcard() || p.pipe()) {
        throw new IllegalArgumentException(
            "destination '" + text + "' must be plain keys and indexes (no #, queries, wildcards)");
      }
    }
    return this;
  }

  /**
   * Writes {@code value} at this path as sjson does: missing objects are created, a numeric key
   * where nothing exists yet creates an array (padded with nulls), {@code -1} appends to an array.
   *
   * @throws IllegalArgumentException when the path crosses a string, number or boolean
   */
  public void set(ObjectNode root, JsonNode value) {
    requireWritable();
    JsonNode node = root;
    for (int i = 0; i < parts.size(); i++) {
      String s = unescape(parts.get(i).key());
      boolean last = i == parts.size() - 1;
      if (node instanceof ArrayNode arr) {
        int idx = s.equals("-1") ? arr.size() : index(s);
        if (idx < 0) {
          throw new IllegalArgumentException(
              "destination '" + text + "': '" + s + "' is not an index of an array");
        }
        while (arr.size() < idx) {
          arr.addNull();
        }
        if (last) {
          if (idx == arr.size()) {
            arr.add(value);
          } else {
            arr.set(idx, value);
          }
          return;
        }
        JsonNode next = idx < arr.size() ? arr.get(idx) : null;
        if (next == null || next.isNull()) {
          next = container(parts.get(i + 1).key());
          if (idx == arr.size()) {
            arr.add(next);
          } else {
            arr.set(idx, next);
          }
        }
        node = next;
      } else if (node instanceof ObjectNode obj) {
        if (last) {
          obj.set(s, value);
          return;
        }
        JsonNode next = obj.get(s);
        if (next == null || next.isNull()) {
          next = container(parts.get(i + 1).key());
          obj.set(s, next);
        }
        node = next;
      } else {
        throw new IllegalArgumentException(
            "destination '" + text + "' crosses a " + node.getNodeType() + " at '" + s + "'");
      }
    }
  }

  private static JsonNode container(String nextKey) {
    return index(nextKey) >= 0 || nextKey.equals("-1") ? F.arrayNode() : F.objectNode();
  }

  private static int index(String s) {
    if (s.isEmpty() || s.length() > 9) {
      return -1;
    }
    for (int k = 0; k < s.length(); k++) {
      if (!Character.isDigit(s.charAt(k))) {
        return -1;
      }
    }
    return Integer.parseInt(s);
  }

  @Override
  public String toString() {
    return text;
  }
}
