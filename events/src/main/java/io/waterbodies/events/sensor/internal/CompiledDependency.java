package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.waterbodies.argo.expression.Expression;
import io.waterbodies.argo.expression.ExpressionException;
import io.waterbodies.events.MalformedEventException;
import io.waterbodies.events.envelope.Envelope;
import io.waterbodies.events.sensor.ContextFilter;
import io.waterbodies.events.sensor.DataFilter;
import io.waterbodies.events.sensor.Dependency;
import io.waterbodies.events.sensor.ExprFilter;
import io.waterbodies.events.sensor.Filters;
import io.waterbodies.events.sensor.LogicalOperator;
import io.waterbodies.events.sensor.SensorSpecException;
import io.waterbodies.events.sensor.TimeFilter;
import java.math.BigDecimal;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A dependency with its jq transform and filters compiled: every regex, path, number, expression
 * and program was checked when this was built.
 */
public final class CompiledDependency {
  private final Dependency spec;
  private final Optional<JqTransform> jq;
  private final Optional<LuaScript> luaTransform;
  private final List<Predicate<Envelope>> kinds = new ArrayList<>();

  private CompiledDependency(
      Dependency spec, Optional<JqTransform> jq, Optional<LuaScript> luaTransform) {
    this.spec = spec;
    this.jq = jq;
    this.luaTransform = luaTransform;
  }

  /** The dependency as written. */
  public Dependency spec() {
    return spec;
  }

  /**
   * Compiles a dependency.
   *
   * @param ptr the JSON pointer of the dependency in its manifest, for messages
   * @throws SensorSpecException naming the invalid value
   */
  public static CompiledDependency compile(Dependency d, String location, String ptr) {
    Optional<JqTransform> jq = Optional.empty();
    if (d.jq().isPresent()) {
      try {
        jq = Optional.of(JqTransform.compile(d.jq().get()));
      } catch (IllegalArgumentException e) {
        throw new SensorSpecException(e.getMessage(), location, ptr + "/transform/jq", null);
      }
    }
    Optional<LuaScript> lua = Optional.empty();
    if (d.script().isPresent()) {
      lua = Optional.of(lua(d.script().get(), location, ptr + "/transform/script"));
    }
    CompiledDependency c = new CompiledDependency(d, jq, lua);
    Filters f = d.filters();
    if (!f.data().isEmpty()) {
      List<Predicate<JsonNode>> data = new ArrayList<>();
      for (int i = 0; i < f.data().size(); i++) {
        data.add(dataFilter(f.data().get(i), location, ptr + "/filters/data/" + i));
      }
      c.kinds.add(e -> combine(f.dataLogicalOperator(), data, e.data()));
    }
    if (!f.exprs().isEmpty()) {
      List<Predicate<JsonNode>> exprs = new ArrayList<>();
      for (int i = 0; i < f.exprs().size(); i++) {
        exprs.add(exprFilter(f.exprs().get(i), location, ptr + "/filters/exprs/" + i));
      }
      c.kinds.add(e -> combine(f.exprLogicalOperator(), exprs, e.data()));
    }
    f.context().ifPresent(cf -> c.kinds.add(contextFilter(cf)));
    f.time().ifPresent(tf -> c.kinds.add(timeFilter(tf)));
    if (f.script().isPresent()) {
      LuaScript script = lua(f.script().get(), location, ptr + "/filters/script");
      c.kinds.add(
          e -> {
            try {
              return script.filter(e.data());
            } catch (IllegalArgumentException ex) {
              return false; // Argo: a failing script rejects the event
            }
          });
    }
    return c;
  }

  private static LuaScript lua(String source, String location, String ptr) {
    try {
      return LuaScript.compile(source);
    } catch (IllegalArgumentException e) {
      throw new SensorSpecException(e.getMessage(), location, ptr, e);
    }
  }

  /**
   * Applies the transform, then the filters.
   *
   * @return the (transformed) event when it passes, empty when a filter rejects it
   * @throws MalformedEventException when the transform fails or yields no object
   */
  public Optional<Envelope> apply(Envelope e, String location) {
    Envelope event = e;
    if (jq.isPresent()) {
      event = transformed(e, "jq", jq.get()::apply, location);
    } else if (luaTransform.isPresent()) {
      event = transformed(e, "Lua", luaTransform.get()::transform, location);
    }
    if (kinds.isEmpty()) {
      return Optional.of(event);
    }
    boolean pass;
    if (spec.filtersLogicalOperator() == LogicalOperator.OR) {
      pass = false;
      for (Predicate<Envelope> k : kinds) {
        if (k.test(event)) {
          pass = true;
          break;
        }
      }
    } else {
      pass = true;
      for (Predicate<Envelope> k : kinds) {
        if (!k.test(event)) {
          pass = false;
          break;
        }
      }
    }
    return pass ? Optional.of(event) : Optional.empty();
  }

  /** The event with its data replaced by the transform's output. */
  private Envelope transformed(
      Envelope e,
      String kind,
      java.util.function.UnaryOperator<JsonNode> transform,
      String location) {
    JsonNode out;
    try {
      out = transform.apply(e.data());
    } catch (IllegalArgumentException ex) {
      throw new MalformedEventException(
          kind + " transform of dependency '" + spec.name() + "' failed: " + ex.getMessage(),
          location,
          null,
          ex);
    }
    return new Envelope(
        e.id(), e.source(), e.type(), e.subject(), e.time(), e.dataContentType(), out);
  }

  private static boolean combine(
      LogicalOperator op, List<Predicate<JsonNode>> filters, JsonNode data) {
    if (op == LogicalOperator.OR) {
      return filters.stream().anyMatch(p -> p.test(data));
    }
    return filters.stream().allMatch(p -> p.test(data));
  }

  private static Predicate<JsonNode> dataFilter(DataFilter f, String location, String ptr) {
    GjsonPath raw = path(f.path(), location, ptr + "/path");
    java.util.function.Function<JsonNode, Optional<JsonNode>> path = raw::get;
    if (f.template().isPresent()) {
      GoTemplate tpl;
      try {
        tpl = GoTemplate.parse(f.template().get());
      } catch (IllegalArgumentException e) {
        throw new SensorSpecException(e.getMessage(), location, ptr + "/template", e);
      }
      // Argo renders the template with the value's text as .Input and filters on the output
      path =
          data ->
              raw.get(data)
                  .flatMap(
                      v -> {
                        String in = v.isTextual() ? v.textValue() : v.toString();
                        String out;
                        try {
                          out = tpl.render((Object) Map.of("Input", in));
                        } catch (IllegalArgumentException ex) {
                          return Optional.empty();
                        }
                        return out.isEmpty() || out.equals("<no value>")
                            ? Optional.empty()
                            : Optional.of(TextNode.valueOf(out));
                      });
    }
    java.util.function.Function<JsonNode, Optional<JsonNode>> read = path;
    String cmp = f.comparator().isEmpty() ? "=" : f.comparator();
    if (!List.of("=", "!=", ">", ">=", "<", "<=").contains(cmp)) {
      throw new SensorSpecException(
          "comparator must be one of = != > >= < <=, found '" + cmp + "'",
          location,
          ptr + "/comparator",
          null);
    }
    switch (f.type()) {
      case "string" -> {
        if (!cmp.equals("=") && !cmp.equals("!=")) {
          throw new SensorSpecException(
              "string filters compare with = or != only, found '" + cmp + "'",
              location,
              ptr + "/comparator",
              null);
        }
        List<Pattern> patterns = new ArrayList<>();
        for (int i = 0; i < f.values().size(); i++) {
          try {
            patterns.add(Pattern.compile(f.values().get(i)));
          } catch (PatternSyntaxException e) {
            throw new SensorSpecException(
                "invalid regular expression '" + f.values().get(i) + "': " + e.getDescription(),
                location,
                ptr + "/value/" + i,
                e);
          }
        }
        boolean eq = cmp.equals("=");
        return data -> {
          Optional<JsonNode> v = read.apply(data);
          if (v.isEmpty()) {
            return false;
          }
          // gjson's String(): "" for null, raw JSON for objects and arrays
          JsonNode n = v.get();
          String s = n.isNull() ? "" : n.isValueNode() ? n.asText() : n.toString();
          for (Pattern p : patterns) {
            if (p.matcher(s).find() == eq) {
              return true;
            }
          }
          return false;
        };
      }
      case "number" -> {
        List<BigDecimal> nums = new ArrayList<>();
        for (int i = 0; i < f.values().size(); i++) {
          try {
            nums.add(new BigDecimal(f.values().get(i).trim()));
          } catch (NumberFormatException e) {
            throw new SensorSpecException(
                "not a number: '" + f.values().get(i) + "'", location, ptr + "/value/" + i, e);
          }
        }
        return data -> {
          Optional<JsonNode> v = read.apply(data);
          if (v.isEmpty()) {
            return false;
          }
          // gjson's Float(): numbers, numeric strings, true as 1, anything else 0
          JsonNode node = v.get();
          BigDecimal x = BigDecimal.ZERO;
          if (node.isNumber()) {
            x = node.decimalValue();
          } else if (node.isBoolean()) {
            x = node.booleanValue() ? BigDecimal.ONE : BigDecimal.ZERO;
          } else if (node.isTextual()) {
            try {
              x = new BigDecimal(node.textValue().trim());
            } catch (NumberFormatException e) {
              x = BigDecimal.ZERO;
            }
          }
          for (BigDecimal n : nums) {
            int c = x.compareTo(n);
            boolean ok =
                switch (cmp) {
                  case "=" -> c == 0;
                  case "!=" -> c != 0;
                  case ">" -> c > 0;
                  case ">=" -> c >= 0;
                  case "<" -> c < 0;
                  default -> c <= 0;
                };
            if (ok) {
              return true;
            }
          }
          return false;
        };
      }
      case "bool" -> {
        if (!cmp.equals("=") && !cmp.equals("!=")) {
          throw new SensorSpecException(
              "bool filters compare with = or != only", location, ptr + "/comparator", null);
        }
        List<Boolean> bools = new ArrayList<>();
        for (int i = 0; i < f.values().size(); i++) {
          Optional<Boolean> b = goBool(f.values().get(i).trim());
          if (b.isEmpty()) {
            throw new SensorSpecException(
                "not a bool: '" + f.values().get(i) + "'", location, ptr + "/value/" + i, null);
          }
          bools.add(b.get());
        }
        boolean eq = cmp.equals("=");
        return data -> {
          Optional<JsonNode> v = read.apply(data);
          if (v.isEmpty()) {
            return false;
          }
          // gjson's Bool(): true, a ParseBool-able string, a non-zero number
          JsonNode n = v.get();
          boolean b =
              n.isBoolean()
                  ? n.booleanValue()
                  : n.isTextual()
                      ? goBool(n.textValue()).orElse(false)
                      : n.isNumber() && n.doubleValue() != 0;
          return bools.stream().anyMatch(x -> (x == b) == eq);
        };
      }
      default ->
          throw new SensorSpecException(
              "type must be bool, number or string, found '" + f.type() + "'",
              location,
              ptr + "/type",
              null);
    }
  }

  private static Predicate<JsonNode> exprFilter(ExprFilter f, String location, String ptr) {
    Map<String, GjsonPath> fields = new LinkedHashMap<>();
    int j = 0;
    for (Map.Entry<String, String> e : f.fields().entrySet()) {
      fields.put(e.getKey(), path(e.getValue(), location, ptr + "/fields/" + j + "/path"));
      j++;
    }
    Expression expr;
    try {
      expr = Expression.parse(f.expr());
    } catch (ExpressionException e) {
      throw new SensorSpecException(e.getMessage(), location, ptr + "/expr", e);
    }
    for (String v : expr.variables()) {
      String field = fields.containsKey(v) ? v : v.split("\\.")[0];
      if (!fields.containsKey(field)) {
        // govaluate would fail every event with "No parameter found"; say so now
        throw new SensorSpecException(
            "unknown field '" + v + "' (declared fields: " + fields.keySet() + ")",
            location,
            ptr + "/expr",
            null);
      }
    }
    return data -> {
      Map<String, Object> values = new HashMap<>();
      for (Map.Entry<String, GjsonPath> e : fields.entrySet()) {
        Optional<JsonNode> v = e.getValue().get(data);
        if (v.isEmpty()) {
          return false; // Argo: a field whose path does not exist fails the filter
        }
        values.put(e.getKey(), Expression.value(v.get()));
      }
      if (values.isEmpty()) {
        return true; // Argo skips an expression without fields
      }
      try {
        return expr.test(values);
      } catch (ExpressionException ex) {
        return false;
      }
    };
  }

  private static Predicate<Envelope> contextFilter(ContextFilter f) {
    return e -> {
      JsonNode ctx = e.context();
      for (Map.Entry<String, String> a : f.attributes().entrySet()) {
        if (!a.getValue().equals(ctx.path(a.getKey()).asText(null))) {
          return false;
        }
      }
      return true;
    };
  }

  private static Predicate<Envelope> timeFilter(TimeFilter f) {
    LocalTime start = f.start();
    LocalTime stop = f.stop();
    return e -> {
      LocalTime t = e.time().atZoneSameInstant(f.zone()).toLocalTime();
      if (start.isBefore(stop)) {
        return !t.isBefore(start) && t.isBefore(stop);
      }
      if (stop.isBefore(start)) {
        return !t.isBefore(start) || t.isBefore(stop);
      }
      // start == stop: Argo's else branch (t >= start || t < stop) accepts every time
      return true;
    };
  }

  /** Go's strconv.ParseBool. */
  private static Optional<Boolean> goBool(String s) {
    return switch (s) {
      case "1", "t", "T", "TRUE", "true", "True" -> Optional.of(true);
      case "0", "f", "F", "FALSE", "false", "False" -> Optional.of(false);
      default -> Optional.empty();
    };
  }

  static GjsonPath path(String p, String location, String ptr) {
    try {
      return GjsonPath.compile(p);
    } catch (IllegalArgumentException e) {
      throw new SensorSpecException("invalid path: " + e.getMessage(), location, ptr, e);
    }
  }
}
