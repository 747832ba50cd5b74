package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.waterbodies.core.json.Json;
import java.io.FilterWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.Function;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * A compiled jq program (jackson-jq, jq 1.6 semantics) whose first output must be an object. A run
 * over a hostile event is bounded: its built-in and jq-defined functions emit at most {@link
 * #MAX_OUTPUTS} values in all ({@code [range(.n)]} with n from the event built a list until the
 * heap ran out), its {@code +} and {@code *} build strings and arrays of bounded size ({@link
 * JqOperators}: {@code "x" * .n} was a gigabyte string), its output serialises to at most {@link
 * #MAX_OUTPUT_CHARS} characters (a value shared 2^n times), and endless recursion fails the run;
 * each is an {@link IllegalArgumentException} naming the limit.
 */
public final class JqTransform {
  /** The most values the functions of one run may emit, counted through every call. */
  public static final long MAX_OUTPUTS = 1_000_000;

  /** The longest serialised output of one run. */
  public static final long MAX_OUTPUT_CHARS = 8L << 20;

  // Per run: values emitted by functions, characters and entries built by operators.
  private static final ThreadLocal<long[]> BUDGET = new ThreadLocal<>();
  private static final Scope ROOT = rootScope();

  private final String program;
  private final JsonQuery query;

  private JqTransform(String program, JsonQuery query) {
    this.program = program;
    this.query = query;
  }

  private static Scope rootScope() {
    Scope s = Scope.newEmptyScope();
    BuiltinFunctionLoader.getInstance().loadFunctions(Versions.JQ_1_6, s);
    // Every function counts what it emits: generators (range, limit, recurse, paths...) are
    // functions, so no run builds more than MAX_OUTPUTS values through them.
    for (Map.Entry<String, Function> e : new ArrayList<>(s.getLocalFunctions().entrySet())) {
      int slash = e.getKey().lastIndexOf('/');
      Function f =
          switch (e.getKey()) {
            case "join/1" -> JqOperators.boundedJoin(e.getValue());
            case "setpath/2" -> JqOperators.boundedSetpath(e.getValue());
            default -> e.getValue();
          };
      JqOperators.bound(f); // the jq-defined ones (add, flatten...) use + themselves
      Function counted =
          (scope, args, in, path, output, version) ->
              f.apply(
                  scope,
                  args,
                  in,
                  path,
                  (out, p) -> {
                    long[] n = BUDGET.get();
                    if (n != null && ++n[0] > MAX_OUTPUTS) {
                      throw new BudgetExceeded(
                          "its functions emitted more than " + MAX_OUTPUTS + " values");
                    }
                    output.emit(out, p);
                  },
                  version);
      s.addFunction(
          e.getKey().substring(0, slash),
          Integer.parseInt(e.getKey().substring(slash + 1)),
          counted);
    }
    return s;
  }

  /**
   * Compiles a program.
   *
   * @throws IllegalArgumentException with jq's message when it does not compile
   */
  public static JqTransform compile(String program) {
    try {
      JsonQuery query = JsonQuery.compile(program, Versions.JQ_1_6);
      JqOperators.bound(query);
      return new JqTransform(program, query);
    } catch (JsonQueryException e) {
      throw new IllegalArgumentException(
          "invalid jq program '" + program + "': " + e.getMessage(), e);
    }
  }

  /**
   * Runs the program and returns its first output.
   *
   * @throws IllegalArgumentException when it fails, yields nothing or yields no object
   */
  public JsonNode apply(JsonNode input) {
    List<JsonNode> out = new ArrayList<>(1);
    long[] previous = BUDGET.get();
    BUDGET.set(new long[2]);
    try {
      query.apply(Scope.newChildScope(ROOT), input, out::add);
    } catch (JsonQueryException e) {
      throw new IllegalArgumentException("jq '" + program + "': " + e.getMessage(), e);
    } catch (BudgetExceeded e) {
      throw new IllegalArgumentException("jq '" + program + "': " + e.getMessage(), e);
    } catch (StackOverflowError e) { // NOPMD: the program's own recursion, contained to this call
      throw new IllegalArgumentException("jq '" + program + "': recursion too deep");
    } finally {
      BUDGET.set(previous);
    }
    if (out.isEmpty() || !out.get(0).isObject()) {
      throw new IllegalArgumentException(
          "jq '"
              + program
              + "' must output an object, got "
              + (out.isEmpty() ? "nothing" : out.get(0).getNodeType()));
    }
    // Back through the SDK mapper so numbers are exact decimals again, through a bounded writer:
    // a value shared 2^n times is small in memory and 2^n long as text.
    StringWriter text = new StringWriter();
    try (Writer w = new BoundedWriter(text, MAX_OUTPUT_CHARS)) {
      JSON.writeValue(w, out.get(0));
    } catch (IOException e) {
      throw new IllegalArgumentException("jq '" + program + "': " + e.getMessage(), e);
    }
    return Json.parse(text.toString(), "jq output");
  }

  /**
   * Charges what an operator of the current run is about to build.
   *
   * @throws BudgetExceeded past {@link JqOperators#MAX_WORK}
   */
  static void charge(long units) {
    long[] b = BUDGET.get();
    if (b != null && (b[1] += units) > JqOperators.MAX_WORK) {
      throw new BudgetExceeded(
          "its + and * built more than " + JqOperators.MAX_WORK + " characters and entries");
    }
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  /** A writer that refuses to grow past {@code max} characters. */
  private static final class BoundedWriter extends FilterWriter {
    private final long max;
    private long written;

    BoundedWriter(Writer out, long max) {
      super(out);
      this.max = max;
    }

    private void count(long n) throws IOException {
      written += n;
      if (written > max) {
        throw new IOException("output exceeds " + max + " characters");
      }
    }

    @Override
    public void write(int c) throws IOException {
      count(1);
      super.write(c);
    }

    @Override
    public void write(char[] cbuf, int off, int len) throws IOException {
      count(len);
      super.write(cbuf, off, len);
    }

    @Override
    public void write(String str, int off, int len) throws IOException {
      count(len);
      super.write(str, off, len);
    }
  }
}
