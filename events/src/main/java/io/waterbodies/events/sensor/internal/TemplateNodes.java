package io.waterbodies.events.sensor.internal;

import java.util.List;

/** The parse tree of a Go template ({@link GoTemplate}). */
final class TemplateNodes {
  private TemplateNodes() {}

  /** A node of a template body. */
  sealed interface Node permits Text, Action, If, Range, With {}

  /** Literal text. */
  record Text(String text) implements Node {}

  /** {@code {{ pipeline }}}: prints the result unless it declares or assigns a variable. */
  record Action(Pipeline pipeline) implements Node {}

  /** {@code if}/{@code else}. */
  record If(Pipeline cond, List<Node> then, List<Node> otherwise) implements Node {}

  /** {@code range}. */
  record Range(Pipeline over, List<Node> body, List<Node> otherwise) implements Node {}

  /** {@code with}. */
  record With(Pipeline value, List<Node> body, List<Node> otherwise) implements Node {}

  /** Commands joined by {@code |}, optionally declaring ({@code :=}) or assigning variables. */
  record Pipeline(List<String> vars, boolean declare, List<Command> commands) {}

  /** A command: operands, the first of which may be a function. */
  record Command(List<Arg> args) {}

  /** An operand. */
  sealed interface Arg permits Literal, Field, Variable, Function, Sub, Dot {}

  /** A constant (string, Long, Double, Boolean or null for {@code nil}). */
  record Literal(Object value) implements Arg {}

  /** {@code .a.b} on the dot. */
  record Field(List<String> chain) implements Arg {}

  /** {@code $x.a.b}. */
  record Variable(String name, List<String> chain) implements Arg {}

  /** A function name. */
  record Function(String name) implements Arg {}

  /** {@code (pipeline).a.b}. */
  record Sub(Pipeline pipeline, List<String> chain) implements Arg {}

  /** {@code .}. */
  record Dot() implements Arg {}
}
