package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.TwoArgFunction;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * A Lua script of a dependency ({@code filters.script} or {@code transform.script}), run with LuaJ
 * as Argo runs it with gopher-lua: the event data is the global table {@code event} (objects become
 * tables, arrays sequences; JSON nulls and nested arrays are left out, as Argo's {@code mapToTable}
 * does); a filter passes when the script returns {@code true}; a transform returns the new data
 * table (a table with no sequence part becomes an object, otherwise an array). Scripts run in a
 * sandbox without {@code io}, {@code os}, {@code debug} or {@code require}, within {@link
 * #MAX_INSTRUCTIONS} VM instructions, {@link #MAX_MATCH_STEPS} pattern-matching steps and {@link
 * #MAX_BYTES} allocated ({@link LuaBudget}), and a transform's output within {@link
 * #MAX_OUTPUT_DEPTH} and {@link #MAX_OUTPUT_VALUES}, so that a script over a hostile event can
 * neither hang the sensor nor fill its heap; every such failure is an {@link
 * IllegalArgumentException} naming the limit.
 */
public final class LuaScript {
  /** The instruction budget of one run. */
  public static final int MAX_INSTRUCTIONS = 1_000_000;

  /**
   * The bytes one run may allocate, garbage included (a run of {@link #MAX_INSTRUCTIONS} plain
   * instructions allocates a few megabytes in LuaJ).
   */
  public static final long MAX_BYTES = 64L << 20;

  /**
   * The pattern-matching steps one run may take ({@code find}, {@code match}, {@code gmatch},
   * {@code gsub}): a linear scan of a 1 MB string takes about two million.
   */
  public static final long MAX_MATCH_STEPS = 20_000_000;

  /** The deepest nesting of tables a transform may return. */
  public static final int MAX_OUTPUT_DEPTH = 64;

  /** The most values (table entries, strings, numbers...) a transform may return. */
  public static final int MAX_OUTPUT_VALUES = 100_000;

  private static final JsonNodeFactory F = JsonNodeFactory.instance;
  private static final Globals COMPILER = compiler();

  private final String source;
  private final Prototype prototype;

  private LuaScript(String source, Prototype prototype) {
    this.source = source;
    this.prototype = prototype;
  }

  private static Globals compiler() {
    Globals g = new Globals();
    LoadState.install(g);
    LuaC.install(g);
    return g;
  }

  /**
   * Compiles a script.
   *
   * @throws IllegalArgumentException with Lua's syntax error
   */
  public static LuaScript compile(String source) {
    try {
      Prototype p;
      synchronized (COMPILER) {
        p =
            COMPILER.compilePrototype(
                new java.io.ByteArrayInputStream(
                    source.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                "script");
      }
      return new LuaScript(source, p);
    } catch (LuaError | java.io.IOException e) {
      throw new IllegalArgumentException("invalid Lua script: " + e.getMessage(), e);
    }
  }

  /**
   * Runs the script as a filter.
   *
   * @throws IllegalArgumentException when the script fails or exceeds its budget
   */
  public boolean filter(JsonNode data) {
    return run(data).arg1().eq_b(LuaValue.TRUE);
  }

  /**
   * Runs the script as a transform.
   *
   * @return the new event data
   * @throws IllegalArgumentException when it fails, exceeds its budget or returns no table
   */
  public JsonNode transform(JsonNode data) {
    LuaValue out = run(data).arg1();
    if (!out.istable()) {
      throw new IllegalArgumentException("transformation script output type is not of lua table");
    }
    return toJson(out);
  }

  private Varargs run(JsonNode data) {
    Globals g = new Globals();
    g.load(new JseBaseLib());
    g.load(new PackageLib());
    g.load(new Bit32Lib());
    g.load(new TableLib());
    g.load(new StringLib());
    g.load(new JseMathLib());
    LoadState.install(g);
    LuaC.install(g);
    for (String unsafe : new String[] {"dofile", "loadfile", "require", "load", "loadstring"}) {
      g.set(unsafe, LuaValue.NIL);
    }
    LuaBudget budget = new LuaBudget(MAX_INSTRUCTIONS, MAX_BYTES, MAX_MATCH_STEPS);
    budget.install(g);
    g.set("event", data != null && data.isObject() ? toTable(data) : new LuaTable());
    LuaValue chunk = new org.luaj.vm2.LuaClosure(prototype, g);
    g.load(new DebugLib());
    LuaValue sethook = g.get("debug").get("sethook");
    g.set("debug", LuaValue.NIL);
    // The hook runs before every instruction, on this thread: the script runs here, not on a
    // coroutine's thread of its own (LuaJ starts a Java thread per coroutine).
    sethook.invoke(
        LuaValue.varargsOf(
            new LuaValue[] {
              new ZeroArgFunction() {
                @Override
                public LuaValue call() {
                  budget.instruction();
                  return NIL;
                }
              },
              LuaValue.EMPTYSTRING,
              LuaValue.valueOf(1)
            }));
    LuaValue previous = STRINGS.get();
    STRINGS.set(g.get("string"));
    try {
      budget.start();
      return chunk.invoke(LuaValue.NONE);
    } catch (BudgetExceeded e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    } catch (LuaError e) {
      // The error with its line, without the traceback LuaJ appends when the debug library is on.
      String message = String.valueOf(e.getMessage());
      int traceback = message.indexOf("\nstack traceback:");
      throw new IllegalArgumentException(
          "Lua script failed: " + (traceback < 0 ? message : message.substring(0, traceback)), e);
    } catch (StackOverflowError e) { // NOPMD: the script's own recursion, contained to this call
      throw new IllegalArgumentException("Lua script failed: stack overflow (recursion too deep)");
    } catch (RuntimeException e) { // NOPMD: LuaJ's own faults on odd input fail this run only
      throw new IllegalArgumentException("Lua script failed: " + e, e);
    } finally {
      STRINGS.set(previous);
    }
  }

  /**
   * Strings' methods ({@code s:upper()}) are looked up, for every script in this JVM, through
   * LuaJ's one static string metatable. It is replaced once by one that resolves them in the
   * running script's own {@code string} table and that scripts cannot see ({@code __metatable}):
   * LuaJ's own would let a script change {@code upper} for every later script of every sensor, and
   * its functions would escape the budget. A host that runs LuaJ scripts of its own in this JVM
   * gets LuaJ's standard string functions through it, and {@code false} from {@code
   * getmetatable('')}.
   */
  private static final ThreadLocal<LuaValue> STRINGS = new ThreadLocal<>();

  static {
    Globals standard = new Globals();
    standard.load(new JseBaseLib());
    standard.load(new PackageLib());
    standard.load(new StringLib());
    LuaValue defaults = standard.get("string");
    LuaTable mt = new LuaTable();
    mt.rawset(
        LuaValue.INDEX,
        new TwoArgFunction() {
          @Override
          public LuaValue call(LuaValue s, LuaValue key) {
            LuaValue own = STRINGS.get();
            return (own != null ? own : defaults).get(key);
          }
        });
    mt.rawset(LuaValue.METATABLE, LuaValue.FALSE);
    LuaString.s_metatable = mt;
  }

  private static LuaTable toTable(JsonNode obj) {
    LuaTable t = new LuaTable();
    for (Map.Entry<String, JsonNode> e : obj.properties()) {
      LuaValue v = element(e.getValue(), true);
      if (v != null) {
        t.rawset(e.getKey(), v);
      }
    }
    return t;
  }

  private static LuaValue element(JsonNode n, boolean allowArray) {
    if (n.isNumber()) {
      return LuaValue.valueOf(n.doubleValue());
    }
    if (n.isTextual()) {
      return LuaValue.valueOf(n.textValue());
    }
    if (n.isBoolean()) {
      return LuaValue.valueOf(n.booleanValue());
    }
    if (n.isObject()) {
      return toTable(n);
    }
    if (n.isArray() && allowArray) {
      LuaTable t = new LuaTable();
      int i = 1;
      for (JsonNode e : n) {
        LuaValue v = element(e, false);
        if (v != null) {
          t.rawset(i++, v);
        }
      }
      return t;
    }
    return null; // null and nested arrays: Argo's mapToTable leaves them out
  }

  /**
   * The transform's table as JSON, within {@link #MAX_OUTPUT_DEPTH} and {@link #MAX_OUTPUT_VALUES}:
   * a table that contains itself, or one shared so often that the JSON would be exponentially
   * large, is refused instead of overflowing the stack or the heap.
   */
  private static JsonNode toJson(LuaValue root) {
    return new OutputWriter().json(root, 0);
  }

  /** Counts what a transform's output holds while converting it. */
  private static final class OutputWriter {
    private final java.util.Set<LuaValue> path =
        java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private int values;

    JsonNode json(LuaValue v, int depth) {
      if (++values > MAX_OUTPUT_VALUES) {
        throw new IllegalArgumentException(
            "transformation script output holds more than " + MAX_OUTPUT_VALUES + " values");
      }
      if (v.isnil()) {
        return F.nullNode();
      }
      if (v.isboolean()) {
        return F.booleanNode(v.toboolean());
      }
      if (v.type() == LuaValue.TNUMBER) {
        double d = v.todouble();
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? F.numberNode((long) d) : F.numberNode(d);
      }
      if (v.isstring()) {
        return F.textNode(v.tojstring());
      }
      if (!v.istable()) {
        return F.textNode(v.tojstring());
      }
      if (depth >= MAX_OUTPUT_DEPTH) {
        throw new IllegalArgumentException(
            "transformation script output nests tables deeper than " + MAX_OUTPUT_DEPTH);
      }
      if (!path.add(v)) {
        throw new IllegalArgumentException("transformation script output contains itself");
      }
      try {
        return table((LuaTable) v, depth);
      } finally {
        path.remove(v);
      }
    }

    private JsonNode table(LuaTable t, int depth) {
      int n = t.rawlen();
      if (n == 0) {
        ObjectNode o = F.objectNode();
        LuaValue k = LuaValue.NIL;
        while (true) {
          Varargs kv = t.next(k);
          k = kv.arg1();
          if (k.isnil()) {
            break;
          }
          o.set(k.tojstring(), json(kv.arg(2), depth + 1));
        }
        return o;
      }
      ArrayNode a = F.arrayNode();
      for (int i = 1; i <= n; i++) {
        a.add(json(t.rawget(i), depth + 1));
      }
      return a;
    }
  }

  @Override
  public String toString() {
    return source;
  }
}
