package io.waterbodies.argo.runner.internal;

import io.waterbodies.argo.TemplateLoopException;
import io.waterbodies.argo.model.Parameter;
import io.waterbodies.argo.model.Step;
import io.waterbodies.argo.model.Template;
import io.waterbodies.argo.runner.NodePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;

/**
 * Runs the nodes of one run: a template with its inputs (a leaf through {@link Retries}, steps
 * group after group with the steps of a group in parallel, a DAG through {@link Dag}), each step or
 * task with its {@code when} condition and arguments, and a node's output parameters.
 */
public final class NodeRunner {
  private final Templates templates;
  private final Retries retries;
  private final RunState run;
  private final ExecutorService pool;

  /** Runs the nodes of {@code run} on {@code pool}. */
  public NodeRunner(Templates templates, Retries retries, RunState run, ExecutorService pool) {
    this.templates = templates;
    this.retries = retries;
    this.run = run;
    this.pool = pool;
  }

  /** The pool nodes run on. */
  ExecutorService pool() {
    return pool;
  }

  /** The run's state. */
  RunState run() {
    return run;
  }

  /** Runs the template {@code templateName} of {@code scope} as the node {@code node}. */
  public Outcome template(Scope scope, String templateName, Map<String, String> args, String node) {
    Instant start = Instant.now();
    Template t = scope.template(templateName);
    Map<String, String> inputs = new LinkedHashMap<>();
    for (Parameter p : t.inputParameters()) {
      String v = args.getOrDefault(p.name(), p.value().or(p::defaultValue).orElse(null));
      if (v == null) {
        return run.record(
            node,
            scope.key(templateName),
            start,
            0,
            Outcome.failed(NodePhase.ERROR, "input parameter '" + p.name() + "' has no value"));
      }
      inputs.put(p.name(), v);
    }
    Outcome o;
    int attempts = 1;
    try {
      switch (t.type()) {
        case STEPS -> o = steps(scope, t, inputs, node);
        case DAG -> o = new Dag(this, scope, t, inputs, node).run();
        case SUSPEND -> o = Outcome.succeeded(Map.of());
        default -> {
          Retries.Leaf leaf =
              retries.run(
                  templates.handler(scope, templateName).orElseThrow(),
                  t,
                  templateName,
                  inputs,
                  node,
                  run);
          o = leaf.outcome();
          attempts = leaf.attempts();
        }
      }
    } catch (RuntimeException e) {
      o = Outcome.failed(NodePhase.ERROR, e.getMessage());
    }
    return run.record(node, scope.key(templateName), start, attempts, o);
  }

  private Outcome steps(Scope scope, Template t, Map<String, String> inputs, String node) {
    Siblings siblings = new Siblings("steps");
    for (List<Step> group : t.steps()) {
      List<CompletableFuture<Outcome>> running = new ArrayList<>();
      for (Step s : group) {
        running.add(
            CompletableFuture.supplyAsync(() -> invoke(scope, s, inputs, node, siblings), pool));
      }
      Optional<String> failure = Optional.empty();
      for (int i = 0; i < running.size(); i++) {
        Outcome o = join(running.get(i));
        if (o.failed()) {
          failure = Optional.of(failure("step", group.get(i).name(), o));
        }
      }
      if (failure.isPresent()) {
        return Outcome.failed(NodePhase.FAILED, failure.get());
      }
    }
    return Outcome.succeeded(outputs(t, inputs, siblings));
  }

  /** Why a node failed because its child {@code name} did. */
  static String failure(String what, String name, Outcome o) {
    return what
        + " '"
        + name
        + "' "
        + o.phase().name().toLowerCase(Locale.ROOT)
        + ": "
        + o.message().orElse("");
  }

  /** Runs one step or task of {@code parent}: its condition, its arguments, its template. */
  Outcome invoke(
      Scope scope, Step s, Map<String, String> inputs, String parent, Siblings siblings) {
    String node = parent + "." + s.name();
    Instant start = Instant.now();
    try {
      if (s.when().isPresent()) {
        String cond = run.substitute(s.when().get(), inputs, siblings);
        if (!Conditions.evaluate(cond)) {
          run.notRun(
              node,
              s.template().orElse(""),
              NodePhase.SKIPPED,
              start,
              "when '" + cond + "' is false");
          siblings.status(s.name(), "Skipped");
          return Outcome.skipped();
        }
      }
      Map<String, String> args = new LinkedHashMap<>();
      for (Parameter p : s.arguments()) {
        args.put(p.name(), run.substitute(p.value().orElse(""), inputs, siblings));
      }
      Templates.Call c = templates.call(scope, s);
      Outcome o = template(c.scope(), c.template(), args, node);
      siblings.done(
          s.name(), o.outputs(), o.phase() == NodePhase.SUCCEEDED ? "Succeeded" : "Failed");
      return o;
    } catch (RuntimeException e) {
      run.notRun(
          node, s.template().orElse(""), NodePhase.ERROR, start, String.valueOf(e.getMessage()));
      siblings.status(s.name(), "Error");
      return Outcome.failed(NodePhase.ERROR, e.getMessage());
    }
  }

  /** A steps or DAG node's output parameters, from its inputs and its children's outputs. */
  Map<String, String> outputs(Template t, Map<String, String> inputs, Siblings siblings) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Parameter p : t.outputParameters()) {
      String expr = p.valueFromParameter().or(p::value).orElse("");
      String v = run.substitute(expr, inputs, siblings);
      out.put(p.name(), v);
      run.global(p, v);
    }
    return out;
  }

  /** A child's outcome; a template loop found while it ran fails the whole run. */
  static Outcome join(CompletableFuture<Outcome> f) {
    try {
      return f.join();
    } catch (CompletionException e) {
      Throwable c = e.getCause() != null ? e.getCause() : e;
      if (c instanceof TemplateLoopException loop) {
        throw loop;
      }
      return Outcome.failed(NodePhase.ERROR, String.valueOf(c.getMessage()));
    }
  }
}
