package io.waterbodies.argo.runner.internal;

import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.TemplateLoopException;
import io.waterbodies.argo.model.Step;
import io.waterbodies.argo.model.Template;
import io.waterbodies.argo.runner.NodePhase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * One DAG node: each task starts as soon as its dependencies succeeded, and is omitted when one of
 * them did not; a dependency cycle or an unknown task fails the node.
 */
final class Dag {
  private final NodeRunner nodes;
  private final Scope scope;
  private final Template t;
  private final Map<String, String> inputs;
  private final String node;
  private final Siblings siblings = new Siblings("tasks");
  private final Map<String, Step> tasks = new LinkedHashMap<>();
  private final Map<String, CompletableFuture<Outcome>> futures = new HashMap<>();

  Dag(NodeRunner nodes, Scope scope, Template t, Map<String, String> inputs, String node) {
    this.nodes = nodes;
    this.scope = scope;
    this.t = t;
    this.inputs = inputs;
    this.node = node;
    t.dagTasks().forEach(s -> tasks.put(s.name(), s));
  }

  Outcome run() {
    for (String name : tasks.keySet()) {
      schedule(name, new ArrayList<>());
    }
    Optional<String> failure = Optional.empty();
    for (var e : futures.entrySet()) {
      Outcome o = NodeRunner.join(e.getValue());
      if (o.failed()) {
        failure = Optional.of(NodeRunner.failure("task", e.getKey(), o));
      }
    }
    if (failure.isPresent()) {
      return Outcome.failed(NodePhase.FAILED, failure.get());
    }
    return Outcome.succeeded(nodes.outputs(t, inputs, siblings));
  }

  private CompletableFuture<Outcome> schedule(String name, List<String> path) {
    CompletableFuture<Outcome> existing = futures.get(name);
    if (existing != null) {
      return existing;
    }
    if (path.contains(name)) {
      throw new TemplateLoopException(
          "DAG dependency cycle: " + String.join(" -> ", path) + " -> " + name, node, null, null);
    }
    Step task = tasks.get(name);
    if (task == null) {
      throw new ArgoException("DAG task '" + name + "' does not exist in " + node);
    }
    List<String> next = new ArrayList<>(path);
    next.add(name);
    List<CompletableFuture<Outcome>> deps = new ArrayList<>();
    for (String d : task.dependencies()) {
      deps.add(schedule(d, next));
    }
    CompletableFuture<Outcome> f =
        CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new))
            .thenApplyAsync(ignored -> start(name, task, deps), nodes.pool());
    futures.put(name, f);
    return f;
  }

  private Outcome start(String name, Step task, List<CompletableFuture<Outcome>> deps) {
    for (CompletableFuture<Outcome> d : deps) {
      if (d.join().phase() != NodePhase.SUCCEEDED) {
        nodes
            .run()
            .notRun(
                node + "." + name,
                task.template().orElse(""),
                NodePhase.SKIPPED,
                Instant.now(),
                "a dependency did not succeed");
        siblings.status(name, "Omitted");
        return Outcome.skipped();
      }
    }
    return nodes.invoke(scope, task, inputs, node, siblings);
  }
}
