package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.waterbodies.core.json.Json;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import net.thisptr.jackson.jq.Expression;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.PathOutput;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.exception.JsonQueryException;
import net.thisptr.jackson.jq.internal.operators.BinaryOperator;
import net.thisptr.jackson.jq.internal.operators.MultiplyOperator;
import net.thisptr.jackson.jq.internal.operators.PlusOperator;
import net.thisptr.jackson.jq.path.Path;

/**
 * jq's {@code +} and {@code *} (and {@code +=}, {@code *=}) with the sizes they build bounded. They
 * are operators, not functions, so {@link JqTransform}'s count of emitted values does not see them:
 * {@code "x" * .n} with n = 10^9 from the event built a gigabyte string in one step, {@code . + .}
 * doubled a string or an array once per iteration, and {@code . + "x"} in a reduce over a million
 * values copied the growing string a million times. jackson-jq offers no hook for operators, so
 * {@link #bound} replaces the operator of every such node of a compiled program (and of the
 * jq-defined built-ins such as {@code add} and {@code flatten}) with one that sizes its result
 * first: a string of at most {@link JqTransform#MAX_OUTPUT_CHARS} characters, an array or object of
 * at most {@link JqTransform#MAX_OUTPUTS} entries, and at most {@link #MAX_WORK} characters and
 * entries built by all of a run's operators together. {@link #boundedJoin} does the same for {@code
 * join}, whose separator is repeated once per element. Assignments ({@code =}, {@code |=}, {@code
 * +=}...) and {@link #boundedSetpath} refuse an array index above {@link JqTransform#MAX_OUTPUTS}:
 * jq pads the array with nulls up to it ({@code .[.n] = 1} with n = 10^8 took 8 s and 870 MB).
 * Within those limits the results are jq's own.
 */
final class JqOperators {
  /**
   * Characters and entries the operators of one run may build in all: 30 ms of copying once
   * compiled, about a second in a cold JVM.
   */
  static final long MAX_WORK = 256L << 20;

  private JqOperators() {}

  /**
   * Replaces the {@code +} and {@code *} operators reachable from {@code compiled} (a JsonQuery or
   * a jq function) with bounded ones.
   *
   * @throws IllegalStateException when jackson-jq's internals cannot be reached (a module system
   *     that does not open them): an unbounded program is refused rather than run
   */
  static void bound(Object compiled) {
    try {
      walk(compiled, Collections.newSetFromMap(new IdentityHashMap<>()));
    } catch (IllegalAccessException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot bound the operators of a jq program (jackson-jq's internals are not reachable"
              + " by reflection): "
              + e,
          e);
    }
  }

  private static void walk(Object o, Set<Object> seen) throws IllegalAccessException {
    if (o == null || !seen.add(o)) {
      return;
    }
    if (o instanceof Collection<?> c) {
      for (Object e : c) {
        walk(e, seen);
      }
      return;
    }
    if (o instanceof Map<?, ?> m) {
      for (Object e : m.values()) {
        walk(e, seen);
      }
      return;
    }
    if (o instanceof Object[] a) {
      for (Object e : a) {
        walk(e, seen);
      }
      return;
    }
    // Only jackson-jq's own nodes, functions and scopes hold operators (values are JsonNodes).
    if (!o.getClass().getName().startsWith("net.thisptr.jackson.jq.")) {
      return;
    }
    boolean assignment = o.getClass().getName().startsWith(ASSIGNMENTS);
    for (Class<?> k = o.getClass(); k != null && k != Object.class; k = k.getSuperclass()) {
      for (Field f : k.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || f.getType().isPrimitive()) {
          continue;
        }
        f.setAccessible(true);
        Object v = f.get(o);
        if ((v instanceof PlusOperator || v instanceof MultiplyOperator)
            && f.getType() == BinaryOperator.class) {
          f.set(o, new Bounded((BinaryOperator) v));
        } else if (assignment
            && f.getName().equals("lhs")
            && v instanceof Expression e
            && !(v instanceof PathChecked)) {
          f.set(o, new PathChecked(e));
          walk(e, seen);
        } else {
          walk(v, seen);
        }
      }
    }
  }

  private static final String ASSIGNMENTS =
      "net.thisptr.jackson.jq.internal.tree.binaryop.assignment.";

  /** The left side of an assignment, whose paths are checked before the assignment follows them. */
  private record PathChecked(Expression inner) implements Expression {
    @Override
    public void apply(Scope scope, JsonNode in, Path ipath, PathOutput output, boolean requirePath)
        throws JsonQueryException {
      inner.apply(
          scope,
          in,
          ipath,
          (out, path) -> {
            if (path != null) {
              ArrayNode steps = Json.mapper().createArrayNode();
              path.toJsonNode(steps);
              checkIndexes(steps);
            }
            output.emit(out, path);
          },
          requirePath);
    }
  }

  private static void checkIndexes(JsonNode steps) {
    for (JsonNode step : steps) {
      if (step.isNumber() && step.asDouble() > JqTransform.MAX_OUTPUTS) {
        throw new BudgetExceeded(
            "setting index "
                + step.asText()
                + " would pad an array with nulls past "
                + JqTransform.MAX_OUTPUTS
                + " entries");
      }
    }
  }

  /** {@code setpath(p; v)} refusing the paths an assignment refuses. */
  static Function boundedSetpath(Function setpath) {
    return checkingFirstArgument(
        setpath,
        in -> true,
        (in, p) -> {
          if (p.isArray()) {
            checkIndexes(p);
          }
        });
  }

  /**
   * {@code join($sep)} sizing its result (the elements' text and a separator between each two)
   * before the built-in builds it.
   */
  static Function boundedJoin(Function join) {
    // Any other input is join's own type error, unchanged.
    return checkingFirstArgument(
        join,
        JsonNode::isContainerNode,
        (in, sep) -> {
          long size = Math.max(0, in.size() - 1L) * sep.asText().length();
          for (JsonNode e : in) {
            size += e.isTextual() ? e.textValue().length() : e.isNull() ? 0 : e.toString().length();
          }
          admit("join", size, true);
        });
  }

  /** A check of a built-in's input and one value of its first argument. */
  private interface ArgumentCheck {
    void check(JsonNode in, JsonNode argument);
  }

  /**
   * A built-in that, for an input {@code when} accepts, first evaluates its first argument and
   * checks every value of it against the input, then runs as before. The argument is evaluated once
   * more for this (jq expressions have no side effects).
   */
  private static Function checkingFirstArgument(
      Function f, Predicate<JsonNode> when, ArgumentCheck check) {
    return (scope, args, in, path, output, version) -> {
      if (when.test(in)) {
        args.get(0).apply(scope, in, value -> check.check(in, value));
      }
      f.apply(scope, args, in, path, output, version);
    };
  }

  /**
   * Refuses a result of {@code size} characters (when {@code text}) or entries that {@code op} is
   * about to build past its limit, else charges it to the run.
   */
  private static void admit(String op, long size, boolean text) {
    long max = text ? JqTransform.MAX_OUTPUT_CHARS : JqTransform.MAX_OUTPUTS;
    if (size > max) {
      throw new BudgetExceeded(
          "'"
              + op
              + "' would build "
              + (text ? "a string of " + size + " characters" : size + " entries")
              + ", more than "
              + max);
    }
    JqTransform.charge(size);
  }

  /** An operator that sizes its result, and charges it to the run, before building it. */
  private static final class Bounded implements BinaryOperator {
    private final BinaryOperator inner;
    private final boolean plus;

    Bounded(BinaryOperator inner) {
      this.inner = inner;
      this.plus = inner instanceof PlusOperator;
    }

    @Override
    public JsonNode apply(ObjectMapper mapper, JsonNode lhs, JsonNode rhs)
        throws JsonQueryException {
      admit(
          inner.image(),
          plus ? plusSize(lhs, rhs) : timesSize(lhs, rhs),
          lhs.isTextual() || rhs.isTextual());
      return inner.apply(mapper, lhs, rhs);
    }

    @Override
    public String image() {
      return inner.image();
    }

    private static long plusSize(JsonNode l, JsonNode r) {
      if (l.isTextual() && r.isTextual()) {
        return (long) l.textValue().length() + r.textValue().length();
      }
      if (l.isContainerNode() && r.isContainerNode()) {
        return (long) l.size() + r.size();
      }
      return 1;
    }

    // jq 1.6 as jackson-jq implements it: a string times n <= 0 is null, times n < 2 the string
    // itself, else repeated (int) n times; objects merge recursively.
    private static long timesSize(JsonNode l, JsonNode r) {
      JsonNode text = l.isTextual() ? l : r.isTextual() ? r : null;
      JsonNode count = text == l ? r : l;
      if (text != null && count.isNumber()) {
        double n = count.asDouble();
        long times = n < 2 ? 1 : (int) n;
        return text.textValue().length() * times;
      }
      if (l.isObject() && r.isObject()) {
        return (long) l.size() + r.size();
      }
      return 1;
    }
  }
}
