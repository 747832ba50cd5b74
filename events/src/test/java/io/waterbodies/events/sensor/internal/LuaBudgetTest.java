package io.waterbodies.events.sensor.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.core.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A Lua script over a hostile event can neither fill the heap, nor overflow the stack, nor change
 * what later scripts see: each of these fails the one run with an {@link IllegalArgumentException}
 * naming the limit, and the scripts that stay within the limits behave as in Lua.
 */
class LuaBudgetTest {
  private static final JsonNode EVENT = Json.parse("{\"n\":30,\"s\":\"x\"}", "event");

  private static boolean filter(String script) {
    return LuaScript.compile(script).filter(EVENT);
  }

  private static JsonNode transform(String script) {
    return LuaScript.compile(script).transform(EVENT);
  }

  @Test
  void aStringBuiltInOneCallIsSizedBeforeItIsAllocated() {
    // A gigabyte from one instruction: refused before LuaJ allocates it, as a function or a method.
    assertThatThrownBy(() -> filter("return #string.rep(event.s, 2^30) > 0"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("string.rep: a result of 1073741824 bytes is over the script's")
        .hasMessageNotContaining("traceback");
    assertThatThrownBy(() -> filter("return #event.s:rep(2^30) > 0"))
        .hasMessageContaining("string.rep: a result of 1073741824 bytes");
    // LuaJ's own rep overflowed int on this product; the budget is checked in 64 bits.
    assertThatThrownBy(() -> filter("return #string.rep('abcd', 2^30) > 0"))
        .hasMessageContaining("a result of 4294967296 bytes");
    assertThat(filter("return string.rep('ab', 3) == 'ababab' and string.rep('x', 0) == ''"))
        .isTrue();
  }

  @Test
  void stringsGrownInstructionByInstructionStopAtTheBudget() {
    assertThatThrownBy(
            () -> filter("local s = event.s for i = 1, 40 do s = s .. s end return true"))
        .hasMessage("Lua script allocated more than " + LuaScript.MAX_BYTES + " bytes");
    // Strings kept in a table add up, whatever their single sizes.
    assertThatThrownBy(
            () ->
                filter(
                    "local t = {} for i = 1, 1000 do t[i] = string.rep('y', 1000000) end"
                        + " return #t > 0"))
        .hasMessageContaining("over the script's memory budget")
        .hasMessageContaining("allocated so far");
  }

  @Test
  void gsubAndConcatCountWhatTheyPutIn() {
    assertThatThrownBy(
            () -> filter("local s = string.rep('y', 100000) return s:gsub('y', s) ~= nil"))
        .hasMessageContaining("string.gsub: a result of");
    assertThatThrownBy(
            () ->
                filter(
                    "local s = string.rep('y', 100000)"
                        + " return s:gsub('y', function(c) return s end) ~= nil"))
        .hasMessageContaining("string.gsub: a result of");
    assertThatThrownBy(
            () ->
                filter(
                    "local s = string.rep('y', 1000000) local t = {}"
                        + " for i = 1, 200 do t[i] = s end return #table.concat(t) > 0"))
        .hasMessageContaining("table.concat: a result of");
    // What stays small behaves as Lua's.
    assertThat(
            filter(
                "return ('hello world'):gsub('(%w+)', '<%1>') == '<hello> <world>'"
                    + " and ('abc'):gsub('%w', {a = '1'}) == '1bc'"
                    + " and ('abc'):gsub('%w', function(c) if c == 'b' then return 'B' end end)"
                    + " == 'aBc'"
                    + " and select(2, ('aaa'):gsub('a', 'b', 2)) == 2"
                    + " and table.concat({'a', 'b', 'c'}, '-') == 'a-b-c'"
                    + " and table.concat({'a', 'b', 'c'}, '-', 2) == 'b-c'"
                    + " and table.concat({1, 2}, ',', 1, 2) == '1,2'"
                    + " and table.concat({}, 'x') == ''"))
        .isTrue();
    assertThatThrownBy(() -> filter("return table.concat({'a', {}}) ~= nil"))
        .hasMessageContaining("Lua script failed");
  }

  @Test
  void unpackReturnsAtMostAMillionValues() {
    assertThatThrownBy(() -> filter("return select('#', table.unpack({}, 1, 1e8)) > 0"))
        .hasMessage("Lua script failed: script:1 too many results to unpack");
    assertThatThrownBy(() -> filter("return select('#', unpack({}, 1, 1e8)) > 0"))
        .hasMessage("Lua script failed: script:1 too many results to unpack");
    assertThat(filter("local a, b, c = table.unpack({1, 2, 3}) return a + b + c == 6")).isTrue();
  }

  @Test
  void recursionTooDeepFailsTheRunNotTheThread() {
    assertThatThrownBy(() -> filter("local function f(n) return 1 + f(n + 1) end return f(1) > 0"))
        .hasMessage("Lua script failed: stack overflow (recursion too deep)");
    // The thread goes on running scripts.
    assertThat(filter("return event.n == 30")).isTrue();
  }

  @Test
  void aTransformsOutputIsBounded() {
    assertThatThrownBy(() -> transform("local t = {} t.a = t return t"))
        .hasMessage("transformation script output contains itself");
    assertThatThrownBy(
            () -> transform("local t = {x = 1} for i = 1, 40 do t = {a = t, b = t} end return t"))
        .hasMessage(
            "transformation script output holds more than "
                + LuaScript.MAX_OUTPUT_VALUES
                + " values");
    assertThatThrownBy(
            () -> transform("local t = {} for i = 1, 100 do t = {inner = t} end return t"))
        .hasMessage(
            "transformation script output nests tables deeper than " + LuaScript.MAX_OUTPUT_DEPTH);
    // A table used twice side by side is not a cycle.
    JsonNode shared = transform("local s = {v = 1} return {a = s, b = {s, s}}");
    assertThat(shared.toString()).isEqualTo("{\"a\":{\"v\":1},\"b\":[{\"v\":1},{\"v\":1}]}");
  }

  @Test
  void scriptsCannotChangeWhatLaterScriptsSee() {
    // LuaJ's string metatable is one static table: reaching it changed strings for every script.
    assertThat(filter("return getmetatable('') == false")).isTrue();
    assertThatThrownBy(
            () ->
                filter(
                    "getmetatable('').__index.upper = function() return 'pwned' end return true"))
        .isInstanceOf(IllegalArgumentException.class);
    // A script's own string table is its own: methods follow it during the run only.
    assertThat(
            filter(
                "string.upper = function() return 'mine' end"
                    + " return ('abc'):upper() == 'mine'"))
        .isTrue();
    assertThat(filter("return ('abc'):upper() == 'ABC' and string.upper('x') == 'X'")).isTrue();
  }

  @Test
  void collectgarbageIsANoOpAndPrintStaysOffStandardOutput() {
    PrintStream before = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThat(
              filter(
                  "for i = 1, 100 do collectgarbage() end"
                      + " print('from a script', event.n) return collectgarbage('count') == 0"))
          .isTrue();
    } finally {
      System.setOut(before);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("from a script");
  }

  @Test
  void theInstructionBudgetStillHoldsAndPcallCannotSwallowEitherBudget() {
    assertThatThrownBy(() -> filter("local n = 0 while true do n = n + 1 end"))
        .hasMessage("Lua script exceeded " + LuaScript.MAX_INSTRUCTIONS + " instructions");
    assertThatThrownBy(
            () ->
                filter(
                    "pcall(function() local s = 'x' for i = 1, 40 do s = s .. s end end)"
                        + " return true"))
        .hasMessageContaining("allocated more than");
    // A refused rep is a Lua error like any other: pcall sees it and the script goes on.
    assertThat(filter("return pcall(string.rep, 'x', 2^30) == false")).isTrue();
    // Within both budgets, a long loop runs to its end.
    assertThat(filter("local n = 0 for i = 1, 300000 do n = n + i end return n == 45000150000"))
        .isTrue();
  }
}
