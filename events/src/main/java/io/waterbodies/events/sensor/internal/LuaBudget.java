package io.waterbodies.events.sensor.internal;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Optional;
import org.luaj.vm2.Globals;
import org.luaj.vm2.LuaError;
import org.luaj.vm2.LuaString;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;
import org.luaj.vm2.lib.VarArgFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one run of a {@link LuaScript} may use, and the library functions that keep it to that:
 * instructions, counted one by one by LuaJ's debug hook, and bytes allocated by the running thread
 * (garbage included; checked after every instruction where the JVM reports it), so that a script
 * over a hostile event can neither hang a route nor fill the heap. Pattern matching, which runs
 * inside one library call, counts its steps ({@link LuaPatterns}); the functions that allocate in
 * one call what no instruction count bounds ({@code string.rep}, {@code string.gsub}, {@code
 * table.concat}, {@code table.unpack}) check their result's size first; {@code collectgarbage} is a
 * no-op and {@code print} goes to the debug log.
 */
final class LuaBudget {
  private static final Logger LOG = LoggerFactory.getLogger(LuaScript.class);

  /** Lua's own ceiling on the values one call returns (LUAI_MAXSTACK). */
  static final int MAX_RESULTS = 1_000_000;

  private static final Optional<com.sun.management.ThreadMXBean> ALLOCATION = allocationCounter();

  private final long maxInstructions;
  private final long maxBytes;
  private final long maxMatchSteps;
  private long instructions;
  private long matchSteps;
  private long startBytes;

  LuaBudget(long maxInstructions, long maxBytes, long maxMatchSteps) {
    this.maxInstructions = maxInstructions;
    this.maxBytes = maxBytes;
    this.maxMatchSteps = maxMatchSteps;
  }

  private static Optional<com.sun.management.ThreadMXBean> allocationCounter() {
    try {
      ThreadMXBean mx = ManagementFactory.getThreadMXBean();
      if (mx instanceof com.sun.management.ThreadMXBean sun
          && sun.isThreadAllocatedMemorySupported()) {
        if (!sun.isThreadAllocatedMemoryEnabled()) {
          sun.setThreadAllocatedMemoryEnabled(true);
        }
        return Optional.of(sun);
      }
    } catch (RuntimeException | LinkageError e) {
      LOG.debug("no per-thread allocation counter: {}", e.toString());
    }
    return Optional.empty();
  }

  /** Starts counting on the calling thread, the one that runs the script. */
  void start() {
    instructions = 0;
    matchSteps = 0;
    startBytes =
        ALLOCATION.map(com.sun.management.ThreadMXBean::getCurrentThreadAllocatedBytes).orElse(0L);
  }

  /** Bytes allocated by this thread since {@link #start}, or 0 where the JVM cannot tell. */
  long allocated() {
    return ALLOCATION.map(a -> a.getCurrentThreadAllocatedBytes() - startBytes).orElse(0L);
  }

  /** Called before every VM instruction. */
  void instruction() {
    if (++instructions > maxInstructions) {
      throw new BudgetExceeded("Lua script exceeded " + maxInstructions + " instructions");
    }
    if (allocated() > maxBytes) {
      throw new BudgetExceeded("Lua script allocated more than " + maxBytes + " bytes");
    }
  }

  /** Called for every step of a pattern match ({@link LuaPatterns}). */
  void matchStep() {
    if (++matchSteps > maxMatchSteps) {
      throw new BudgetExceeded("Lua script exceeded " + maxMatchSteps + " pattern-matching steps");
    }
  }

  /** Refuses, before it is built, a result of {@code bytes} that would overrun the budget. */
  void reserve(String function, long bytes) {
    long used = allocated();
    if (bytes > maxBytes - used) {
      throw new LuaError(
          function
              + ": a result of "
              + bytes
              + " bytes is over the script's memory budget ("
              + used
              + " of "
              + maxBytes
              + " bytes allocated so far)");
    }
  }

  /** A result built piece by piece ({@code function}'s), counted against the budget as it grows. */
  Bytes bytes(String function) {
    return new Bytes(function);
  }

  /** See {@link #bytes}. */
  final class Bytes {
    private final String function;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private Bytes(String function) {
      this.function = function;
    }

    void add(int b) {
      if ((out.size() & 0xFFF) == 0) { // the counter is read once per 4 KB, not per byte
        reserve(function, (long) out.size() + 0x1000);
      }
      out.write(b);
    }

    void add(LuaString s) {
      reserve(function, (long) out.size() + s.length());
      byte[] b = new byte[s.length()];
      s.copyInto(0, b, 0, b.length);
      out.write(b, 0, b.length);
    }

    LuaString toLuaString() {
      return LuaString.valueUsing(out.toByteArray());
    }
  }

  /** Installs the bounded functions over LuaJ's in {@code g}'s string, table and base libraries. */
  void install(Globals g) {
    LuaValue string = g.get("string");
    string.set("rep", new Rep());
    new LuaPatterns(this).install(string);
    LuaValue table = g.get("table");
    table.set("concat", new Concat());
    table.set("unpack", new Unpack());
    g.set("unpack", table.get("unpack"));
    g.set("collectgarbage", new NoGc());
    g.set("print", new Print());
  }

  /** {@code string.rep(s, n)}: LuaJ's, sized first (and in 64 bits: LuaJ's product overflows). */
  private final class Rep extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaString s = args.checkstring(1);
      int n = args.checkint(2);
      long size = (long) s.length() * Math.max(0, n);
      reserve("string.rep", size);
      byte[] out = new byte[(int) size];
      for (int off = 0; off < out.length; off += s.length()) {
        s.copyInto(0, out, off, s.length());
      }
      return LuaString.valueUsing(out);
    }
  }

  /** {@code table.concat(list [, sep [, i [, j]]])}: LuaJ's semantics, counted as it grows. */
  private final class Concat extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaTable t = args.checktable(1);
      LuaString sep = args.isnoneornil(2) ? LuaValue.EMPTYSTRING : args.checkstring(2);
      int i = args.optint(3, 1);
      int j = args.isnoneornil(4) ? t.length() : args.checkint(4);
      Bytes out = bytes("table.concat");
      for (long k = i; k <= j; k++) {
        if (k > i) {
          out.add(sep);
        }
        out.add(t.get((int) k).checkstring());
      }
      return out.toLuaString();
    }
  }

  /** {@code table.unpack(list [, i [, j]])}: at most {@link #MAX_RESULTS} values, as in Lua. */
  private final class Unpack extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      LuaTable t = args.checktable(1);
      int i = args.optint(2, 1);
      int j = args.isnoneornil(3) ? t.length() : args.checkint(3);
      long n = (long) j - i + 1;
      if (n > MAX_RESULTS) {
        throw new LuaError("too many results to unpack");
      }
      reserve("table.unpack", Math.max(0, n) * 8);
      return t.unpack(i, j);
    }
  }

  /** {@code collectgarbage}: a script does not get to stop the JVM for a full collection. */
  private static final class NoGc extends VarArgFunction {
    @Override
    public Varargs invoke(Varargs args) {
      return LuaValue.valueOf(0);
    }
  }

  /** {@code print}: to the debug log, never to the host's standard output. */
  private static final class Print extends VarArgFunction {
    private static final int PRINTED = 1000;

    @Override
    public Varargs invoke(Varargs args) {
      if (LOG.isDebugEnabled()) {
        StringBuilder line = new StringBuilder();
        for (int k = 1; k <= args.narg() && line.length() < PRINTED; k++) {
          LuaValue v = args.arg(k);
          String text = v.isstring() && v.rawlen() > PRINTED ? "(a long string)" : v.tojstring();
          line.append(k > 1 ? "\t" : "").append(text);
        }
        LOG.debug(
            "Lua print: {}", line.length() > PRINTED ? line.substring(0, PRINTED) + "..." : line);
      }
      return LuaValue.NONE;
    }
  }
}
