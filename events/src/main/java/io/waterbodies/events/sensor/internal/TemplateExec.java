package io.waterbodies.events.sensor.internal;

import io.waterbodies.events.sensor.internal.TemplateNodes.Action;
import io.waterbodies.events.sensor.internal.TemplateNodes.Arg;
import io.waterbodies.events.sensor.internal.TemplateNodes.Command;
import io.waterbodies.events.sensor.internal.TemplateNodes.Dot;
import io.waterbodies.events.sensor.internal.TemplateNodes.Field;
import io.waterbodies.events.sensor.internal.TemplateNodes.Function;
import io.waterbodies.events.sensor.internal.TemplateNodes.If;
import io.waterbodies.events.sensor.internal.TemplateNodes.Literal;
import io.waterbodies.events.sensor.internal.TemplateNodes.Node;
import io.waterbodies.events.sensor.internal.TemplateNodes.Pipeline;
import io.waterbodies.events.sensor.internal.TemplateNodes.Range;
import io.waterbodies.events.sensor.internal.TemplateNodes.Sub;
import io.waterbodies.events.sensor.internal.TemplateNodes.Text;
import io.waterbodies.events.sensor.internal.TemplateNodes.Variable;
import io.waterbodies.events.sensor.internal.TemplateNodes.With;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Executes a parsed Go template: Go's evaluation rules and builtins; sprig from {@link Sprig}. */
final class TemplateExec {
  /** Go's invalid value: a missing map key; prints {@code <no value>}. */
  static final Object NO_VALUE = new Object();

  // One limit with sprig's results: no part may be larger than the whole may be.
  private static final long MAX_OUTPUT = Sprig.MAX_SIZE;

  /** The most nodes and range iterations one execution runs (nested ranges multiply). */
  static final long MAX_STEPS = 10_000_000;

  private final String src;
  private final Deque<Map<String, Object>> vars = new ArrayDeque<>();
  private long steps;

  TemplateExec(String src, Object data) {
    this.src = src;
    Map<String, Object> top = new HashMap<>();
    top.put("$", data);
    vars.push(top);
  }

  static boolean isFunction(String name) {
    return BUILTINS.contains(name) || Sprig.has(name);
  }

  private IllegalArgumentException error(String m) {
    return new IllegalArgumentException("template '" + src + "': " + m);
  }

  void run(List<Node> nodes, Object dot, StringBuilder out) {
    for (Node n : nodes) {
      if (out.length() > MAX_OUTPUT) {
        throw error("output exceeds " + MAX_OUTPUT + " characters");
      }
      step();
      if (n instanceof Text t) {
        out.append(t.text());
      } else if (n instanceof Action a) {
        Object v = pipeline(a.pipeline(), dot);
        if (a.pipeline().vars().isEmpty()) {
          out.append(GoTemplate.print(v));
        }
      } else if (n instanceof If i) {
        vars.push(new HashMap<>());
        try {
          run(truth(pipeline(i.cond(), dot)) ? i.then() : i.otherwise(), dot, out);
        } finally {
          vars.pop();
        }
      } else if (n instanceof With w) {
        vars.push(new HashMap<>());
        try {
          Object v = pipeline(w.value(), dot);
          if (truth(v)) {
            run(w.body(), v, out);
          } else {
            run(w.otherwise(), dot, out);
          }
        } finally {
          vars.pop();
        }
      } else {
        range((Range) n, dot, out);
      }
    }
  }

  private void range(Range r, Object dot, StringBuilder out) {
    vars.push(new HashMap<>());
    try {
      Pipeline p = r.over();
      Pipeline noVars = new Pipeline(List.of(), false, p.commands());
      Object v = pipeline(noVars, dot);
      List<Map.Entry<Object, Object>> entries = new ArrayList<>();
      if (v instanceof List<?> l) {
        for (int k = 0; k < l.size(); k++) {
          entries.add(Map.entry((Object) (long) k, l.get(k) == null ? NullValue.NULL : l.get(k)));
        }
      } else if (v instanceof Map<?, ?> m) {
        new TreeMap<>(m)
            .forEach((k, x) -> entries.add(Map.entry((Object) k, x == null ? NullValue.NULL : x)));
      } else if (v instanceof Long n) {
        if (n > MAX_STEPS) {
          throw error("range over " + n + " exceeds " + MAX_STEPS + " steps");
        }
        for (long k = 0; k < n; k++) {
          entries.add(Map.entry((Object) k, (Object) k));
        }
      } else if (v != null && v != NO_VALUE) {
        throw error("range can't iterate over " + GoTemplate.print(v));
      }
      if (entries.isEmpty()) {
        run(r.otherwise(), dot, out);
        return;
      }
      for (var e : entries) {
        Object elem = e.getValue() == NullValue.NULL ? null : e.getValue();
        if (p.vars().size() == 1) {
          vars.peek().put(p.vars().get(0), elem);
        } else if (p.vars().size() == 2) {
          vars.peek().put(p.vars().get(0), e.getKey());
          vars.peek().put(p.vars().get(1), elem);
        }
        step();
        run(r.body(), elem, out);
      }
    } finally {
      vars.pop();
    }
  }

  private void step() {
    if (++steps > MAX_STEPS) {
      throw error("execution exceeds " + MAX_STEPS + " steps");
    }
  }

  private enum NullValue {
    NULL
  }

  private Object pipeline(Pipeline p, Object dot) {
    Object v = null;
    boolean first = true;
    for (Command c : p.commands()) {
      v = command(c, dot, first ? null : new Object[] {v});
      first = false;
    }
    if (!p.vars().isEmpty()) {
      String name = p.vars().get(p.vars().size() - 1);
      if (p.declare()) {
        vars.peek().put(name, v);
      } else {
        for (Map<String, Object> scope : vars) {
          if (scope.containsKey(name)) {
            scope.put(name, v);
            break;
          }
        }
      }
    }
    return v;
  }

  private Object command(Command c, Object dot, Object[] piped) {
    Arg head = c.args().get(0);
    if (head instanceof Function f) {
      List<Object> args = new ArrayList<>();
      for (int k = 1; k < c.args().size(); k++) {
        args.add(arg(c.args().get(k), dot));
      }
      if (piped != null) {
        args.add(piped[0]);
      }
      try {
        return call(f.name(), args);
      } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException e) {
        throw error("error calling " + f.name() + ": " + e.getMessage());
      }
    }
    if (c.args().size() > 1 || piped != null) {
      throw error("can't give argument to non-function " + describe(head));
    }
    return arg(head, dot);
  }

  private static String describe(Arg a) {
    return a.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
  }

  private Object arg(Arg a, Object dot) {
    if (a instanceof Literal l) {
      return l.value();
    }
    if (a instanceof Dot) {
      return dot;
    }
    if (a instanceof Field f) {
      return fields(dot, f.chain(), "");
    }
    if (a instanceof Variable v) {
      return fields(lookup(v.name()), v.chain(), v.name());
    }
    if (a instanceof Sub s) {
      return fields(pipeline(s.pipeline(), dot), s.chain(), "");
    }
    return call(((Function) a).name(), List.of());
  }

  private Object lookup(String name) {
    for (Map<String, Object> scope : vars) {
      if (scope.containsKey(name)) {
        return scope.get(name);
      }
    }
    throw error("undefined variable " + name);
  }

  private Object fields(Object v, List<String> chain, String base) {
    Object cur = v;
    StringBuilder path = new StringBuilder(base);
    for (String k : chain) {
      if (cur instanceof Map<?, ?> m) {
        cur = m.containsKey(k) ? m.get(k) : NO_VALUE;
      } else if (cur == null || cur == NO_VALUE) {
        throw error("nil pointer evaluating interface {}." + k);
      } else {
        throw error("can't evaluate field " + k + " in type " + Sprig.typeOf(cur));
      }
      path.append('.').append(k);
    }
    return cur;
  }

  static boolean truth(Object v) {
    if (v == null || v == NO_VALUE) {
      return false;
    }
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof Long n) {
      return n != 0;
    }
    if (v instanceof Double d) {
      return d != 0;
    }
    if (v instanceof String s) {
      return !s.isEmpty();
    }
    if (v instanceof List<?> l) {
      return !l.isEmpty();
    }
    if (v instanceof Map<?, ?> m) {
      return !m.isEmpty();
    }
    return true;
  }

  private static final java.util.Set<String> BUILTINS =
      java.util.Set.of(
          "and",
          "or",
          "not",
          "len",
          "index",
          "print",
          "printf",
          "println",
          "eq",
          "ne",
          "lt",
          "le",
          "gt",
          "ge",
          "html",
          "js",
          "urlquery");

  private Object call(String name, List<Object> a) {
    List<Object> args = new ArrayList<>(a.size());
    for (Object x : a) {
      args.add(x == NO_VALUE ? null : x);
    }
    if (Sprig.has(name)) {
      // Argo registers sprig's functions with Funcs(), which takes precedence over builtins
      return Sprig.call(name, args);
    }
    switch (name) {
      case "and":
        {
          Object last = null;
          for (Object x : args) {
            last = x;
            if (!truth(x)) {
              return x;
            }
          }
          return last;
        }
      case "or":
        {
          Object last = null;
          for (Object x : args) {
            last = x;
            if (truth(x)) {
              return x;
            }
          }
          return last;
        }
      case "not":
        arity(name, args, 1);
        return !truth(args.get(0));
      case "len":
        {
          arity(name, args, 1);
          Object x = args.get(0);
          if (x instanceof String s) {
            return (long) s.getBytes(StandardCharsets.UTF_8).length;
          }
          if (x instanceof List<?> l) {
            return (long) l.size();
          }
          if (x instanceof Map<?, ?> m) {
            return (long) m.size();
          }
          throw error("len of type " + Sprig.typeOf(x));
        }
      case "index":
        {
          Object cur = args.get(0);
          for (int k = 1; k < args.size(); k++) {
            Object i = args.get(k);
            if (cur instanceof List<?> l) {
              int idx = (int) Sprig.toLong(i);
              if (idx < 0 || idx >= l.size()) {
                throw error("index out of range: " + idx);
              }
              cur = l.get(idx);
            } else if (cur instanceof Map<?, ?> m) {
              cur = m.containsKey(String.valueOf(i)) ? m.get(String.valueOf(i)) : NO_VALUE;
            } else {
              throw error("can't index item of type " + Sprig.typeOf(cur));
            }
          }
          return cur;
        }
      case "print":
        return goSprint(args);
      case "println":
        {
          List<String> parts = new ArrayList<>();
          args.forEach(x -> parts.add(GoTemplate.print(x)));
          return String.join(" ", parts) + "\n";
        }
      case "printf":
        return Sprig.printf(String.valueOf(args.get(0)), args.subList(1, args.size()));
      case "eq":
        {
          for (int k = 1; k < args.size(); k++) {
            if (Sprig.compare(args.get(0), args.get(k)) == 0) {
              return true;
            }
          }
          return false;
        }
      case "ne":
        arity(name, args, 2);
        return Sprig.compare(args.get(0), args.get(1)) != 0;
      case "lt":
        arity(name, args, 2);
        return Sprig.compare(args.get(0), args.get(1)) < 0;
      case "le":
        arity(name, args, 2);
        return Sprig.compare(args.get(0), args.get(1)) <= 0;
      case "gt":
        arity(name, args, 2);
        return Sprig.compare(args.get(0), args.get(1)) > 0;
      case "ge":
        arity(name, args, 2);
        return Sprig.compare(args.get(0), args.get(1)) >= 0;
      case "html":
        return goSprint(args)
            .replace("&", "&amp;")
            .replace("<", "&lt;")
            .replace(">", "&gt;")
            .replace("\"", "&#34;")
            .replace("'", "&#39;");
      case "js":
        return goSprint(args)
            .replace("\\", "\\\\")
            .replace("'", "\\'")
            .replace("\"", "\\\"")
            .replace("<", "\\u003C")
            .replace(">", "\\u003E");
      case "urlquery":
        return URLEncoder.encode(goSprint(args), StandardCharsets.UTF_8);
      default:
        throw error("function \"" + name + "\" not defined");
    }
  }

  private void arity(String name, List<Object> args, int n) {
    if (args.size() != n) {
      throw error("wrong number of args for " + name + ": want " + n + " got " + args.size());
    }
  }

  /** Go's fmt.Sprint: spaces only between operands that are not strings. */
  static String goSprint(List<Object> args) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < args.size(); k++) {
      Object x = args.get(k);
      if (k > 0 && !(x instanceof String) && !(args.get(k - 1) instanceof String)) {
        b.append(' ');
      }
      b.append(GoTemplate.print(x));
    }
    return b.toString();
  }
}
