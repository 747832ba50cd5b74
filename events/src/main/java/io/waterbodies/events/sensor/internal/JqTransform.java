package io.waterbodies.events.sensor.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.Json;
import java.util.ArrayList;
import java.util.List;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/** A compiled jq program (jackson-jq, jq 1.6 semantics) whose first output must be an object. */
public final class JqTransform {
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
    return s;
  }

  /**
   * Compiles a program.
   *
   * @throws IllegalArgumentException with jq's message when it does not compile
   */
  public static JqTransform compile(String program) {
    try {
      return new JqTransform(program, JsonQuery.compile(program, Versions.JQ_1_6));
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
    try {
      query.apply(Scope.newChildScope(ROOT), input, out::add);
    } catch (JsonQueryException e) {
      throw new IllegalArgumentException("jq '" + program + "': " + e.getMessage(), e);
    } catch (StackOverflowError e) { // NOPMD: the program's own recursion, contained to this call
      throw new IllegalArgumentException("jq '" + program + "': recursion too deep");
    }
    if (out.isEmpty() || !out.get(0).isObject()) {
      throw new IllegalArgumentException(
          "jq '"
              + program
              + "' must output an object, got "
              + (out.isEmpty() ? "nothing" : out.get(0).getNodeType()));
    }
    // Back through the SDK mapper so numbers are exact decimals again.
    return Json.parse(out.get(0).toString(), "jq output");
  }
}
