package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LoadState;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaThread;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Prototype;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.compiler.LuaC;
import org.luaj.vm2.lib.Bit32Lib;
import org.luaj.vm2.lib.DebugLib;
import org.luaj.vm2.lib.PackageLib;
import org.luaj.vm2.lib.StringLib;
import org.luaj.vm2.lib.TableLib;
import org.luaj.vm2.lib.ZeroArgFunction;
import org.luaj.vm2.lib.jse.JseBaseLib;
import org.luaj.vm2.lib.jse.JseMathLib;

/**
 * A Lua script of a dependency ({@code filters.script} or {@code transform.script}), run with LuaJ
 * as Argo runs it with gopher-lua: the event data is the global table {@code event} (objects become
 * tables, arrays sequences; JSON nulls and nested arrays are left out, as Argo's {@code mapToTable}
 * does); a filter passes when the script returns {@code true}; a transform returns the new data
 * table (a table with no sequence part becomes an object, otherwise an array). Scripts run in a
 * sandbox without {@code io}, {@code os}, {@code debug} or {@code require}, and at most {@link
 * #MAX_INSTRUCTIONS} VM instructions, so a script cannot hang the sensor.
 */
public final class LuaScript {
  /** The instruction budget of one run. */
  public static final int MAX_INSTRUCTIONS = 1_000_000;

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
    g.set("event", data != null && data.isObject() ? toTable(data) : new LuaTable());
    LuaValue chunk = new org.luaj.vm2.LuaClosure(prototype, g);
    LuaThread thread = new LuaThread(g, chunk);
    g.load(new DebugLib());
    LuaValue sethook = g.get("debug").get("sethook");
    g.set("debug", LuaValue.NIL);
    LuaValue limit =
        new ZeroArgFunction() {
          @Override
          public LuaValue call() {
            throw new BudgetExceeded();
          }
        };
    sethook.invoke(
        LuaValue.varargsOf(
            new LuaValue[] {
              thread, limit, LuaValue.EMPTYSTRING, LuaValue.valueOf(MAX_INSTRUCTIONS)
            }));
    Varargs result;
    try {
      result = thread.resume(LuaValue.NIL);
    } catch (BudgetExceeded e) {
      throw new IllegalArgumentException(
          "Lua script exceeded " + MAX_INSTRUCTIONS + " instructions", e);
    }
    if (!result.arg1().toboolean()) {
      String msg = result.arg(2).tojstring();
      if (msg.contains(BudgetExceeded.class.getSimpleName()) || msg.contains("budget")) {
        throw new IllegalArgumentException(
            "Lua script exceeded " + MAX_INSTRUCTIONS + " instructions");
      }
      throw new IllegalArgumentException("Lua script failed: " + msg);
    }
    return result.subargs(2);
  }

  /** Thrown by the instruction hook; an Error so that Lua's pcall cannot swallow it. */
  private static final class BudgetExceeded extends Error {
    private static final long serialVersionUID = 1L;

    BudgetExceeded() {
      super("instruction budget exceeded", null, false, false);
    }
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

  private static JsonNode toJson(LuaValue v) {
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
    if (v.istable()) {
      LuaTable t = (LuaTable) v;
      int n = t.length();
      if (n == 0) {
        ObjectNode o = F.objectNode();
        LuaValue k = LuaValue.NIL;
        while (true) {
          Varargs kv = t.next(k);
          k = kv.arg1();
          if (k.isnil()) {
            break;
          }
          o.set(k.tojstring(), toJson(kv.arg(2)));
        }
        return o;
      }
      ArrayNode a = F.arrayNode();
      for (int i = 1; i <= n; i++) {
        a.add(toJson(t.get(i)));
      }
      return a;
    }
    return F.textNode(v.tojstring());
  }

  @Override
  public String toString() {
    return source;
  }
}
