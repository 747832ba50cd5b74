package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.argo.expression.Expression;
import io.waterbodies.core.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sprig v3 functions Argo registers on its templates ({@code sprig.FuncMap()}), with sprig's
 * argument order (the piped value last): strings ({@code trim upper lower title substr trunc
 * nospace replace quote contains hasPrefix split join regexMatch regexReplaceAll ...}), defaults
 * ({@code default empty coalesce ternary}), encoding ({@code b64enc b64dec b32enc b32dec toJson
 * toPrettyJson toRawJson fromJson sha1sum sha256sum}), lists ({@code list first rest last initial
 * append prepend concat reverse uniq without has compact slice until seq}), dicts ({@code dict get
 * set unset hasKey pluck keys values pick omit merge dig}), math ({@code add add1 sub mul div mod
 * max min floor ceil round int int64 float64 atoi}), types ({@code typeOf kindOf kindIs}), dates
 * ({@code now date dateInZone unixEpoch} with Go layouts) and {@code uuidv4}.
 */
final class Sprig {
  private Sprig() {}

  private static final Map<String, Function<List<Object>, Object>> FUNCS = new HashMap<>();

  static boolean has(String name) {
    return FUNCS.containsKey(name);
  }

  static Object call(String name, List<Object> args) {
    return FUNCS.get(name).apply(args);
  }

  private static void f(String name, Function<List<Object>, Object> fn) {
    FUNCS.put(name, fn);
  }

  private static void f1(String name, Function<Object, Object> fn) {
    FUNCS.put(
        name,
        a -> {
          need(name, a, 1);
          return fn.apply(a.get(0));
        });
  }

  private static void s1(String name, Function<String, Object> fn) {
    f1(name, x -> fn.apply(str(x)));
  }

  private static void need(String name, List<Object> a, int n) {
    if (a.size() != n) {
      throw new IllegalArgumentException(
          "wrong number of args for " + name + ": want " + n + " got " + a.size());
    }
  }

  static String str(Object x) {
    if (x == null) {
      return "";
    }
    if (x instanceof byte[] b) {
      return new String(b, StandardCharsets.UTF_8);
    }
    return GoTemplate.print(x);
  }

  static long toLong(Object x) {
    if (x instanceof Long n) {
      return n;
    }
    if (x instanceof Double d) {
      return (long) (double) d;
    }
    if (x instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (x instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        try {
          return (long) Double.parseDouble(s.trim());
        } catch (NumberFormatException e2) {
          return 0;
        }
      }
    }
    return 0;
  }

  static double toDouble(Object x) {
    if (x instanceof Long n) {
      return n;
    }
    if (x instanceof Double d) {
      return d;
    }
    if (x instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        return 0;
      }
    }
    return x instanceof Boolean b && b ? 1 : 0;
  }

  @SuppressWarnings("unchecked")
  static List<Object> list(Object x) {
    if (x instanceof List<?> l) {
      return (List<Object>) l;
    }
    if (x == null) {
      return List.of();
    }
    throw new IllegalArgumentException("cannot use type " + typeOf(x) + " as a list");
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> dict(Object x) {
    if (x instanceof Map<?, ?> m) {
      return (Map<String, Object>) m;
    }
    throw new IllegalArgumentException("cannot use type " + typeOf(x) + " as a dict");
  }

  static String typeOf(Object x) {
    if (x == null) {
      return "<nil>";
    }
    if (x instanceof String) {
      return "string";
    }
    if (x instanceof Long) {
      return "int";
    }
    if (x instanceof Double) {
      return "float64";
    }
    if (x instanceof Boolean) {
      return "bool";
    }
    if (x instanceof List) {
      return "[]interface {}";
    }
    if (x instanceof Map) {
      return "map[string]interface {}";
    }
    return x.getClass().getSimpleName();
  }

  private static String kindOf(Object x) {
    if (x == null) {
      return "invalid";
    }
    if (x instanceof List) {
      return "slice";
    }
    if (x instanceof Map) {
      return "map";
    }
    return typeOf(x);
  }

  /** Compares like Go's eq/lt on basic kinds; numbers compare by value whatever their type. */
  static int compare(Object a, Object b) {
    if ((a instanceof Long || a instanceof Double) && (b instanceof Long || b instanceof Double)) {
      return Double.compare(toDouble(a), toDouble(b));
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return x.equals(y) ? 0 : 1;
    }
    if (a == null || b == null) {
      return a == b ? 0 : 1;
    }
    throw new IllegalArgumentException(
        "incompatible types for comparison: " + typeOf(a) + " and " + typeOf(b));
  }

  private static boolean empty(Object x) {
    return !TemplateExec.truth(x);
  }

  private static Object number(double d) {
    return d;
  }

  private static JsonNode json(Object x) {
    return Json.mapper().valueToTree(x);
  }

  /** A small Go printf: %v %s %d %f (with precision) %q %t %x %%. */
  /**
   * The most characters (or list elements) one function may build from its arguments: a count taken
   * from a hostile event ({@code repeat}, {@code indent}, {@code until}, {@code seq}, an empty
   * {@code replace}) would otherwise fill the heap in one call. The template's whole output is held
   * to the same size.
   */
  static final long MAX_SIZE = 1 << 20;

  /** {@code size}, or an error naming {@code function} when it exceeds {@link #MAX_SIZE}. */
  static long sized(String function, long size) {
    if (size > MAX_SIZE) {
      throw new IllegalArgumentException(
          function
              + ": a result of "
              + size
              + " would exceed "
              + MAX_SIZE
              + " characters or items");
    }
    return size;
  }

  private static long occurrences(String s, String part) {
    long n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }

  /** A Go regular expression; Go's compile error otherwise. */
  private static com.google.re2j.Pattern re(Object pattern) {
    try {
      return com.google.re2j.Pattern.compile(str(pattern));
    } catch (com.google.re2j.PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "error parsing regexp: " + e.getDescription() + ": `" + str(pattern) + "`", e);
    }
  }

  static String printf(String format, List<Object> args) {
    StringBuilder out = new StringBuilder();
    int ai = 0;
    for (int i = 0; i < format.length(); i++) {
      char c = format.charAt(i);
      if (c != '%' || i + 1 >= format.length()) {
        out.append(c);
        continue;
      }
      int j = i + 1;
      StringBuilder spec = new StringBuilder();
      while (j < format.length() && "0123456789.-+ #".indexOf(format.charAt(j)) >= 0) {
        spec.append(format.charAt(j++));
      }
      if (j >= format.length()) {
        out.append(format, i, j);
        break;
      }
      char verb = format.charAt(j);
      i = j;
      if (verb == '%') {
        out.append('%');
        continue;
      }
      if (ai >= args.size()) {
        out.append("%!").append(verb).append("(MISSING)");
        continue;
      }
      Object x = args.get(ai++);
      switch (verb) {
        case 'd' -> out.append(String.format("%" + spec + "d", toLong(x)));
        case 'f', 'e', 'g' ->
            out.append(String.format(Locale.ROOT, "%" + spec + verb, toDouble(x)));
        case 'q' -> out.append(Json.write(Json.mapper().valueToTree(str(x)), false));
        case 't' -> out.append(str(x));
        case 'x' ->
            out.append(
                x instanceof String s
                    ? HexFormat.of().formatHex(s.getBytes(StandardCharsets.UTF_8))
                    : Long.toHexString(toLong(x)));
        default -> out.append(String.format("%" + spec + "s", str(x)));
      }
    }
    return out.toString();
  }

  private static String digest(String alg, String s) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance(alg).digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String words(String s, String sep, boolean lowerAll) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+").matcher(s);
    while (m.find()) {
      out.add(lowerAll ? m.group().toLowerCase(Locale.ROOT) : m.group());
    }
    return String.join(sep, out);
  }

  private static String title(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean start = true;
    for (char c : s.toCharArray()) {
      b.append(start ? Character.toTitleCase(c) : c);
      start = Character.isWhitespace(c) || c == '-' || c == '_';
    }
    return b.toString();
  }

  private static final Base32 B32 = new Base32();

  static {
    // ---- strings
    s1("trim", String::strip);
    f("trimAll", a -> trimAll(str(a.get(1)), str(a.get(0))));
    f("trimPrefix", a -> trimPrefix(str(a.get(1)), str(a.get(0))));
    f("trimSuffix", a -> trimSuffix(str(a.get(1)), str(a.get(0))));
    s1("upper", s -> s.toUpperCase(Locale.ROOT));
    s1("lower", s -> s.toLowerCase(Locale.ROOT));
    s1("title", Sprig::title);
    s1(
        "untitle",
        s -> {
          StringBuilder b = new StringBuilder();
          boolean start = true;
          for (char c : s.toCharArray()) {
            b.append(start ? Character.toLowerCase(c) : c);
            start = Character.isWhitespace(c);
          }
          return b.toString();
        });
    f(
        "repeat",
        a -> {
          String x = str(a.get(1));
          long n = x.isEmpty() ? 0 : Math.max(0, toLong(a.get(0)));
          sized("repeat", n > MAX_SIZE ? n : n * x.length());
          return x.repeat((int) n);
        });
    f(
        "substr",
        a -> {
          need("substr", a, 3);
          String s = str(a.get(2));
          long start = toLong(a.get(0));
          long end = toLong(a.get(1));
          if (start < 0) {
            return s.substring(0, (int) Math.min(Math.max(end, 0), s.length()));
          }
          if (end < 0 || end > s.length()) {
            return start > s.length() ? "" : s.substring((int) start);
          }
          return start > end ? "" : s.substring((int) start, (int) end);
        });
    s1("nospace", s -> s.replaceAll("\\s", ""));
    f(
        "trunc",
        a -> {
          String s = str(a.get(1));
          long n = toLong(a.get(0));
          if (n < 0) {
            return -n < s.length() ? s.substring(s.length() + (int) n) : s;
          }
          return n < s.length() ? s.substring(0, (int) n) : s;
        });
    f(
        "abbrev",
        a -> {
          String s = str(a.get(1));
          long w = toLong(a.get(0));
          if (w < 4 || s.length() <= w) {
            return s;
          }
          return s.substring(0, (int) w - 3) + "...";
        });
    s1(
        "initials",
        s -> {
          StringBuilder b = new StringBuilder();
          for (String w : s.trim().split("\\s+")) {
            if (!w.isEmpty()) {
              b.append(w.charAt(0));
            }
          }
          return b.toString();
        });
    f("contains", a -> str(a.get(1)).contains(str(a.get(0))));
    f("hasPrefix", a -> str(a.get(1)).startsWith(str(a.get(0))));
    f("hasSuffix", a -> str(a.get(1)).endsWith(str(a.get(0))));
    f(
        "quote",
        a -> {
          List<String> out = new ArrayList<>();
          a.stream()
              .filter(x -> x != null)
              .forEach(x -> out.add(Json.write(Json.mapper().valueToTree(str(x)), false)));
          return String.join(" ", out);
        });
    f(
        "squote",
        a -> {
          List<String> out = new ArrayList<>();
          a.stream().filter(x -> x != null).forEach(x -> out.add("'" + str(x) + "'"));
          return String.join(" ", out);
        });
    f(
        "cat",
        a -> {
          List<String> out = new ArrayList<>();
          a.stream().filter(x -> x != null).forEach(x -> out.add(str(x)));
          return String.join(" ", out);
        });
    f(
        "indent",
        a -> {
          String pad = " ".repeat((int) sized("indent", Math.max(0, toLong(a.get(0)))));
          return pad + str(a.get(1)).replace("\n", "\n" + pad);
        });
    f(
        "nindent",
        a -> {
          String pad = " ".repeat((int) sized("nindent", Math.max(0, toLong(a.get(0)))));
          return "\n" + pad + str(a.get(1)).replace("\n", "\n" + pad);
        });
    f(
        "replace",
        a -> {
          String s = str(a.get(2));
          String old = str(a.get(0));
          String with = str(a.get(1));
          long hits = old.isEmpty() ? s.length() + 1L : occurrences(s, old);
          sized("replace", s.length() + hits * (with.length() - (long) old.length()));
          return s.replace(old, with);
        });
    f("plural", a -> toLong(a.get(2)) == 1 ? str(a.get(0)) : str(a.get(1)));
    s1("snakecase", s -> words(s, "_", true));
    s1("kebabcase", s -> words(s, "-", true));
    s1(
        "camelcase",
        s -> {
          StringBuilder b = new StringBuilder();
          for (String w : s.split("[_\\-\\s]+")) {
            if (!w.isEmpty()) {
              b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
            }
          }
          return b.toString();
        });
    s1(
        "swapcase",
        s -> {
          StringBuilder b = new StringBuilder();
          for (char c : s.toCharArray()) {
            b.append(
                Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
          }
          return b.toString();
        });
    f1("toString", Sprig::str);
    f1(
        "toStrings",
        x -> {
          List<Object> out = new ArrayList<>();
          list(x).forEach(e -> out.add(str(e)));
          return out;
        });
    f(
        "split",
        a -> {
          Map<String, Object> out = new LinkedHashMap<>();
          String[] parts = str(a.get(1)).split(Pattern.quote(str(a.get(0))), -1);
          for (int i = 0; i < parts.length; i++) {
            out.put("_" + i, parts[i]);
          }
          return out;
        });
    f(
        "splitList",
        a -> new ArrayList<Object>(List.of(str(a.get(1)).split(Pattern.quote(str(a.get(0))), -1))));
    f(
        "splitn",
        a ->
            new ArrayList<Object>(
                List.of(
                    str(a.get(2))
                        .split(
                            Pattern.quote(str(a.get(0))), (int) Math.max(0, toLong(a.get(1)))))));
    f(
        "join",
        a -> {
          List<String> out = new ArrayList<>();
          Object l = a.get(1);
          if (l instanceof List<?> list) {
            list.forEach(x -> out.add(str(x)));
          } else {
            out.add(str(l));
          }
          return String.join(str(a.get(0)), out);
        });
    f1(
        "sortAlpha",
        x -> {
          List<String> out = new ArrayList<>();
          list(x).forEach(e -> out.add(str(e)));
          out.sort(null);
          return new ArrayList<Object>(out);
        });
    // Go's regexp (RE2 syntax, linear time): a pattern Go rejects is rejected here too, and no
    // pattern backtracks without end over a hostile event.
    f("regexMatch", a -> re(a.get(0)).matcher(str(a.get(1))).find());
    f(
        "regexFind",
        a -> {
          com.google.re2j.Matcher m = re(a.get(0)).matcher(str(a.get(1)));
          return m.find() ? m.group() : "";
        });
    f(
        "regexFindAll",
        a -> {
          com.google.re2j.Matcher m = re(a.get(0)).matcher(str(a.get(1)));
          long n = toLong(a.get(2));
          List<Object> out = new ArrayList<>();
          while ((n < 0 || out.size() < n) && m.find()) {
            out.add(m.group());
          }
          return out;
        });
    f(
        "regexReplaceAll",
        a ->
            re(a.get(0))
                .matcher(str(a.get(1)))
                .replaceAll(str(a.get(2)).replaceAll("\\$\\{(\\d+)\\}", "\\$$1")));
    f(
        "regexReplaceAllLiteral",
        a ->
            re(a.get(0))
                .matcher(str(a.get(1)))
                .replaceAll(com.google.re2j.Matcher.quoteReplacement(str(a.get(2)))));
    f(
        "regexSplit",
        a -> {
          long n = toLong(a.get(2));
          if (n == 0) {
            return new ArrayList<Object>(); // Go: n == 0 gives nil
          }
          return new ArrayList<Object>(
              List.of(re(a.get(0)).split(str(a.get(1)), n < 0 ? -1 : (int) n)));
        });
    // Go's QuoteMeta: a backslash before each metacharacter (Java's \Q...\E is not Go syntax).
    s1("regexQuoteMeta", com.google.re2j.Pattern::quote);

    // ---- defaults
    f(
        "default",
        a -> {
          if (a.size() < 2) {
            return a.isEmpty() ? null : a.get(0);
          }
          return empty(a.get(1)) ? a.get(0) : a.get(1);
        });
    f1("empty", Sprig::empty);
    f(
        "coalesce",
        a -> {
          for (Object x : a) {
            if (!empty(x)) {
              return x;
            }
          }
          return null;
        });
    f("ternary", a -> TemplateExec.truth(a.get(2)) ? a.get(0) : a.get(1));
    f1("toJson", x -> Json.write(json(x), false));
    f1("toRawJson", x -> Json.write(json(x), false));
    f1(
        "toPrettyJson",
        x -> {
          try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json(x));
          } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
          }
        });
    s1("fromJson", s -> Expression.value(Json.parse(s, "fromJson")));
    f(
        "fail",
        a -> {
          throw new IllegalArgumentException(str(a.get(0)));
        });

    // ---- encoding
    s1("b64enc", s -> Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8)));
    s1(
        "b64dec",
        s -> {
          try {
            return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
          } catch (IllegalArgumentException e) {
            return e.getMessage();
          }
        });
    s1("b32enc", s -> B32.encode(s.getBytes(StandardCharsets.UTF_8)));
    s1("b32dec", s -> new String(B32.decode(s), StandardCharsets.UTF_8));
    s1("sha1sum", s -> digest("SHA-1", s));
    s1("sha256sum", s -> digest("SHA-256", s));

    // ---- lists
    f("list", a -> new ArrayList<>(a));
    f1("first", x -> list(x).isEmpty() ? null : list(x).get(0));
    f1("last", x -> list(x).isEmpty() ? null : list(x).get(list(x).size() - 1));
    f1(
        "rest",
        x ->
            list(x).isEmpty()
                ? new ArrayList<>()
                : new ArrayList<>(list(x).subList(1, list(x).size())));
    f1(
        "initial",
        x ->
            list(x).isEmpty()
                ? new ArrayList<>()
                : new ArrayList<>(list(x).subList(0, list(x).size() - 1)));
    Function<List<Object>, Object> append =
        a -> {
          List<Object> out = new ArrayList<>(list(a.get(0)));
          out.add(a.get(1));
          return out;
        };
    f("append", append);
    f("push", append);
    f(
        "prepend",
        a -> {
          List<Object> out = new ArrayList<>(list(a.get(0)));
          out.add(0, a.get(1));
          return out;
        });
    f(
        "concat",
        a -> {
          List<Object> out = new ArrayList<>();
          a.forEach(x -> out.addAll(list(x)));
          return out;
        });
    f1(
        "reverse",
        x -> {
          List<Object> out = new ArrayList<>(list(x));
          java.util.Collections.reverse(out);
          return out;
        });
    f1("uniq", x -> new ArrayList<>(new LinkedHashSet<>(list(x))));
    f(
        "without",
        a -> {
          List<Object> out = new ArrayList<>(list(a.get(0)));
          out.removeAll(a.subList(1, a.size()));
          return out;
        });
    f("has", a -> list(a.get(1)).contains(a.get(0)));
    f1(
        "compact",
        x -> {
          List<Object> out = new ArrayList<>();
          list(x)
              .forEach(
                  e -> {
                    if (!empty(e)) {
                      out.add(e);
                    }
                  });
          return out;
        });
    f(
        "slice",
        a -> {
          List<Object> l = list(a.get(0));
          int from = a.size() > 1 ? (int) toLong(a.get(1)) : 0;
          int to = a.size() > 2 ? (int) toLong(a.get(2)) : l.size();
          return new ArrayList<>(l.subList(from, to));
        });
    f1(
        "until",
        x -> {
          List<Object> out = new ArrayList<>();
          long n = sized("until", toLong(x));
          for (long i = 0; i < n; i++) {
            out.add(i);
          }
          return out;
        });
    f(
        "seq",
        a -> {
          long start = a.size() > 1 ? toLong(a.get(0)) : 1;
          long end = toLong(a.get(a.size() - 1));
          // In double, then saturated to a long: end - start can overflow a long.
          sized("seq", (long) (Math.abs((double) end - (double) start) + 1));
          List<String> out = new ArrayList<>();
          for (long i = start; start <= end ? i <= end : i >= end; i += start <= end ? 1 : -1) {
            out.add(Long.toString(i));
          }
          return String.join(" ", out);
        });

    // ---- dicts
    f(
        "dict",
        a -> {
          Map<String, Object> out = new LinkedHashMap<>();
          for (int i = 0; i < a.size(); i += 2) {
            out.put(str(a.get(i)), i + 1 < a.size() ? a.get(i + 1) : "");
          }
          return out;
        });
    f(
        "get",
        a -> {
          Map<String, Object> m = dict(a.get(0));
          String k = str(a.get(1));
          return m.containsKey(k) ? m.get(k) : "";
        });
    f(
        "set",
        a -> {
          dict(a.get(0)).put(str(a.get(1)), a.get(2));
          return a.get(0);
        });
    f(
        "unset",
        a -> {
          dict(a.get(0)).remove(str(a.get(1)));
          return a.get(0);
        });
    f("hasKey", a -> dict(a.get(0)).containsKey(str(a.get(1))));
    f(
        "pluck",
        a -> {
          String k = str(a.get(0));
          List<Object> out = new ArrayList<>();
          for (Object m : a.subList(1, a.size())) {
            if (dict(m).containsKey(k)) {
              out.add(dict(m).get(k));
            }
          }
          return out;
        });
    f(
        "keys",
        a -> {
          List<Object> out = new ArrayList<>();
          a.forEach(m -> out.addAll(dict(m).keySet()));
          return out;
        });
    f1("values", x -> new ArrayList<>(dict(x).values()));
    f(
        "pick",
        a -> {
          Map<String, Object> out = new LinkedHashMap<>();
          Map<String, Object> m = dict(a.get(0));
          for (Object k : a.subList(1, a.size())) {
            if (m.containsKey(str(k))) {
              out.put(str(k), m.get(str(k)));
            }
          }
          return out;
        });
    f(
        "omit",
        a -> {
          Map<String, Object> out = new LinkedHashMap<>(dict(a.get(0)));
          a.subList(1, a.size()).forEach(k -> out.remove(str(k)));
          return out;
        });
    f(
        "merge",
        a -> {
          Map<String, Object> dst = dict(a.get(0));
          for (Object src : a.subList(1, a.size())) {
            dict(src).forEach(dst::putIfAbsent);
          }
          return dst;
        });
    f(
        "mergeOverwrite",
        a -> {
          Map<String, Object> dst = dict(a.get(0));
          for (Object src : a.subList(1, a.size())) {
            dst.putAll(dict(src));
          }
          return dst;
        });
    f(
        "dig",
        a -> {
          Object cur = a.get(a.size() - 1);
          Object def = a.get(a.size() - 2);
          for (Object k : a.subList(0, a.size() - 2)) {
            if (!(cur instanceof Map<?, ?> m) || !m.containsKey(str(k))) {
              return def;
            }
            cur = m.get(str(k));
          }
          return cur;
        });

    // ---- math (sprig works on int64 for add/sub/..., float64 for the *f variants)
    f(
        "add",
        a -> {
          long s = 0;
          for (Object x : a) {
            s += toLong(x);
          }
          return s;
        });
    f1("add1", x -> toLong(x) + 1);
    f("sub", a -> toLong(a.get(0)) - toLong(a.get(1)));
    f(
        "mul",
        a -> {
          long s = 1;
          for (Object x : a) {
            s *= toLong(x);
          }
          return s;
        });
    f("div", a -> toLong(a.get(0)) / toLong(a.get(1)));
    f("mod", a -> toLong(a.get(0)) % toLong(a.get(1)));
    f("max", a -> a.stream().mapToLong(Sprig::toLong).max().orElse(0));
    f("min", a -> a.stream().mapToLong(Sprig::toLong).min().orElse(0));
    f("addf", a -> number(a.stream().mapToDouble(Sprig::toDouble).sum()));
    f("subf", a -> number(toDouble(a.get(0)) - toDouble(a.get(1))));
    f("mulf", a -> number(a.stream().mapToDouble(Sprig::toDouble).reduce(1, (x, y) -> x * y)));
    f("divf", a -> number(toDouble(a.get(0)) / toDouble(a.get(1))));
    f1("floor", x -> number(Math.floor(toDouble(x))));
    f1("ceil", x -> number(Math.ceil(toDouble(x))));
    f(
        "round",
        a -> {
          double p = Math.pow(10, toLong(a.get(1)));
          return number(Math.round(toDouble(a.get(0)) * p) / p);
        });
    f1("int", Sprig::toLong);
    f1("int64", Sprig::toLong);
    f1("float64", x -> number(toDouble(x)));
    f1("atoi", x -> toLong(str(x)));

    // ---- types, dates, ids
    f1("typeOf", Sprig::typeOf);
    f1("kindOf", Sprig::kindOf);
    f("kindIs", a -> str(a.get(0)).equals(kindOf(a.get(1))));
    f("typeIs", a -> str(a.get(0)).equals(typeOf(a.get(1))));
    f("now", a -> Instant.now());
    f("date", a -> goDate(str(a.get(0)), instant(a.get(1)), java.time.ZoneOffset.UTC));
    f(
        "dateInZone",
        a -> goDate(str(a.get(0)), instant(a.get(1)), java.time.ZoneId.of(str(a.get(2)))));
    f1("toDate", x -> x);
    f1("unixEpoch", x -> Long.toString(x instanceof Instant i ? i.getEpochSecond() : toLong(x)));
    f("uuidv4", a -> UUID.randomUUID().toString());
  }

  private static Instant instant(Object x) {
    if (x instanceof Instant i) {
      return i;
    }
    if (x instanceof String s) {
      return java.time.OffsetDateTime.parse(s).toInstant();
    }
    return Instant.ofEpochSecond(toLong(x));
  }

  /** Go's reference-time layouts ({@code 2006-01-02T15:04:05Z07:00}) for the usual elements. */
  static String goDate(String layout, Instant t, java.time.ZoneId zone) {
    String[][] map = {
      {"2006", "yyyy"},
      {"Z07:00", "XXX"},
      {"-07:00", "xxx"},
      {"-0700", "xx"},
      {"January", "MMMM"},
      {"Monday", "EEEE"},
      {"Jan", "MMM"},
      {"Mon", "EEE"},
      {"MST", "zzz"},
      {"01", "MM"},
      {"02", "dd"},
      {"15", "HH"},
      {"03", "hh"},
      {"04", "mm"},
      {"05", "ss"},
      {"06", "yy"},
      {"PM", "a"},
      {".000", ".SSS"},
      {"_2", "ppd"},
      {"1", "M"},
      {"2", "d"},
      {"3", "h"},
      {"4", "m"},
      {"5", "s"}
    };
    StringBuilder pattern = new StringBuilder();
    int i = 0;
    outer:
    while (i < layout.length()) {
      for (String[] m : map) {
        if (layout.startsWith(m[0], i)) {
          pattern.append(m[1]);
          i += m[0].length();
          continue outer;
        }
      }
      char c = layout.charAt(i++);
      if (Character.isLetter(c) || c == '\'') {
        pattern.append('\'').append(c == '\'' ? "''" : String.valueOf(c)).append('\'');
      } else {
        pattern.append(c);
      }
    }
    return java.time.format.DateTimeFormatter.ofPattern(pattern.toString(), Locale.ROOT)
        .format(t.atZone(zone));
  }

  private static String trimAll(String s, String cutset) {
    int b = 0;
    int e = s.length();
    while (b < e && cutset.indexOf(s.charAt(b)) >= 0) {
      b++;
    }
    while (e > b && cutset.indexOf(s.charAt(e - 1)) >= 0) {
      e--;
    }
    return s.substring(b, e);
  }

  private static String trimPrefix(String s, String p) {
    return s.startsWith(p) ? s.substring(p.length()) : s;
  }

  private static String trimSuffix(String s, String p) {
    return s.endsWith(p) ? s.substring(0, s.length() - p.length()) : s;
  }

  /** RFC 4648 base32 with padding, as Go's base32.StdEncoding. */
  private static final class Base32 {
    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    String encode(byte[] data) {
      StringBuilder out = new StringBuilder();
      int buffer = 0;
      int bits = 0;
      for (byte b : data) {
        buffer = (buffer << 8) | (b & 0xff);
        bits += 8;
        while (bits >= 5) {
          out.append(ALPHABET.charAt((buffer >> (bits - 5)) & 31));
          bits -= 5;
        }
      }
      if (bits > 0) {
        out.append(ALPHABET.charAt((buffer << (5 - bits)) & 31));
      }
      while (out.length() % 8 != 0) {
        out.append('=');
      }
      return out.toString();
    }

    byte[] decode(String s) {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      int buffer = 0;
      int bits = 0;
      for (char c : s.replace("=", "").toCharArray()) {
        int v = ALPHABET.indexOf(c);
        if (v < 0) {
          throw new IllegalArgumentException("illegal base32 data: " + c);
        }
        buffer = (buffer << 5) | v;
        bits += 5;
        if (bits >= 8) {
          out.write((buffer >> (bits - 8)) & 0xff);
          bits -= 8;
        }
      }
      return out.toByteArray();
    }
  }
}
