package io.waterbodies.argo.runner;

import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.TemplateLoopException;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.Parameter;
import io.waterbodies.argo.model.RetryStrategy;
import io.waterbodies.argo.model.Step;
import io.waterbodies.argo.model.Template;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.argo.model.WorkflowSpecs;
import io.waterbodies.argo.model.WorkflowTemplate;
import io.waterbodies.core.time.Durations;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a Workflow or WorkflowTemplate in-process. Steps run group after group, the steps of a group
 * in parallel; DAG tasks run as soon as their dependencies succeeded. Parameters are substituted
 * ({@code {{inputs.parameters.x}}}, {@code {{workflow.parameters.x}}}, {@code
 * {{steps.s.outputs.parameters.p}}}, {@code {{tasks.t.outputs.parameters.p}}}, {@code
 * {{workflow.name}}}, {@code {{workflow.status}}}, {@code {{workflow.outputs.parameters.g}}}),
 * {@code when} conditions are evaluated, retries follow {@code retryStrategy} (limit and backoff),
 * the {@code onExit} template runs last with {@code {{workflow.status}}} set. Leaf templates run
 * the {@link StepHandler} registered under their name; {@code templateRef}s resolve into registered
 * WorkflowTemplates.
 *
 * <pre>{@code
 * RunResult r = LocalRunner.builder()
 *     .workflowTemplate(cwlRunner)
 *     .handler("prepare", ctx -> Map.of("inputs", "{}"))
 *     .build()
 *     .run(workflow, Map.of("items", "[\"https://...\"]"));
 * }</pre>
 */
public final class LocalRunner {
  private static final Logger LOG = LoggerFactory.getLogger(LocalRunner.class);
  private static final Pattern TAG = Pattern.compile("\\{\\{\\s*([^}]+?)\\s*}}");

  private final Map<String, StepHandler> handlers;
  private final Map<String, WorkflowTemplate> templates;
  private final Optional<ExecutorService> executor;
  private final Sleeper sleeper;
  private final int maxDepth;

  /** Waits between retries; replaceable so tests need not wait. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
  }

  private LocalRunner(Builder b) {
    this.handlers = Map.copyOf(b.handlers);
    this.templates = Map.copyOf(b.templates);
    this.executor = b.executor;
    this.sleeper = b.sleeper;
    this.maxDepth = b.maxDepth;
  }

  /** Starts a runner. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Runs a Workflow or WorkflowTemplate with the given workflow arguments (overriding the spec's).
   *
   * @throws MissingStepHandlerException when a reachable leaf template has no handler
   * @throws TemplateLoopException when templates call each other in a cycle
   */
  public RunResult run(ArgoResource resource, Map<String, String> arguments) {
    WorkflowSpecs spec;
    if (resource instanceof Workflow w) {
      spec = w;
    } else if (resource instanceof WorkflowTemplate t) {
      spec = t;
    } else {
      throw new ArgoException(
          "only a Workflow or WorkflowTemplate can run, not a " + resource.kind());
    }
    Map<String, String> params = new LinkedHashMap<>();
    Scope scope = new Scope(spec);
    if (spec.workflowTemplateRef().isPresent()) {
      WorkflowTemplate ref = templates.get(spec.workflowTemplateRef().get());
      if (ref == null) {
        throw new ArgoException(
            "workflowTemplateRef '"
                + spec.workflowTemplateRef().get()
                + "' is not registered with the runner");
      }
      ref.arguments().forEach(p -> p.value().ifPresent(v -> params.put(p.name(), v)));
      scope = new Scope(ref);
    }
    for (Parameter p : spec.arguments()) {
      p.value().ifPresent(v -> params.put(p.name(), v));
    }
    params.putAll(arguments);
    String name = resource.name().orElse(resource.generateName().orElse("workflow-") + "local");
    String entry =
        scope.spec.entrypoint().orElseThrow(() -> new ArgoException(name + ": no entrypoint"));
    preflight(scope, entry, new ArrayList<>());
    scope.spec.onExit().ifPresent(e -> preflight(scope(spec), e, new ArrayList<>()));
    ExecutorService pool = executor.orElseGet(Executors::newCachedThreadPool);
    try {
      Run run = new Run(name, params, pool);
      Outcome main = run.template(scope, entry, Map.of(), name + "." + entry, List.of());
      NodePhase phase = main.phase == NodePhase.SUCCEEDED ? NodePhase.SUCCEEDED : NodePhase.FAILED;
      Optional<String> message = main.message;
      Optional<String> onExit = scope.spec.onExit();
      if (onExit.isPresent()) {
        run.status = phase == NodePhase.SUCCEEDED ? "Succeeded" : "Failed";
        Outcome exit = run.template(scope, onExit.get(), Map.of(), name + ".onExit", List.of());
        if (exit.phase != NodePhase.SUCCEEDED && phase == NodePhase.SUCCEEDED) {
          phase = NodePhase.FAILED;
          message = Optional.of("exit handler failed: " + exit.message.orElse(""));
        }
      }
      LOG.info("local run {} finished: {}", name, phase);
      return new RunResult(name, phase, run.nodes, main.outputs, run.globals, message);
    } finally {
      if (executor.isEmpty()) {
        pool.shutdownNow();
      }
    }
  }

  private Scope scope(WorkflowSpecs spec) {
    return spec.workflowTemplateRef().map(r -> new Scope(templates.get(r))).orElse(new Scope(spec));
  }

  /** Checks handlers and loops before anything runs, so a run never fails half-way for these. */
  private void preflight(Scope scope, String name, List<String> stack) {
    String key = scope.key(name);
    if (stack.contains(key)) {
      List<String> loop = new ArrayList<>(stack.subList(stack.indexOf(key), stack.size()));
      loop.add(key);
      throw new TemplateLoopException(
          "template loop: " + String.join(" -> ", loop), scope.key(name), null, null);
    }
    if (stack.size() > maxDepth) {
      throw new ArgoException("templates nest deeper than " + maxDepth + " at " + key);
    }
    Template t = scope.template(name);
    List<String> next = new ArrayList<>(stack);
    next.add(key);
    switch (t.type()) {
      case STEPS -> t.steps().forEach(g -> g.forEach(s -> preflightCall(scope, s, next)));
      case DAG -> t.dagTasks().forEach(s -> preflightCall(scope, s, next));
      case SUSPEND -> {
        // Nothing to run locally.
      }
      default -> {
        if (handler(scope, name).isEmpty()) {
          throw new MissingStepHandlerException(
              "no step handler for "
                  + t.type().name().toLowerCase(java.util.Locale.ROOT)
                  + " template '"
                  + key
                  + "': register one with LocalRunner.builder()"
                  + ".handler(\""
                  + name
                  + "\", ...)",
              key,
              null,
              null);
        }
      }
    }
  }

  private void preflightCall(Scope scope, Step s, List<String> stack) {
    Call c = call(scope, s);
    preflight(c.scope, c.template, stack);
  }

  private Optional<StepHandler> handler(Scope scope, String template) {
    StepHandler h = handlers.get(scope.key(template));
    return Optional.ofNullable(h != null ? h : handlers.get(template));
  }

  private record Call(Scope scope, String template) {}

  private Call call(Scope scope, Step s) {
    if (s.templateRef().isPresent()) {
      var ref = s.templateRef().get();
      WorkflowTemplate wt = templates.get(ref.name());
      if (wt == null) {
        throw new ArgoException(
            "step '"
                + s.name()
                + "' refers to WorkflowTemplate '"
                + ref.name()
                + "', which is not registered with the runner");
      }
      return new Call(new Scope(wt, ref.name()), ref.template());
    }
    return new Call(
        scope,
        s.template()
            .orElseThrow(
                () ->
                    new ArgoException(
                        "step '" + s.name() + "' has neither template nor templateRef")));
  }

  /** Templates visible from a node: the local spec's, named for messages. */
  private static final class Scope {
    final WorkflowSpecs spec;
    final String owner;
    final Map<String, Template> byName = new HashMap<>();

    Scope(WorkflowSpecs spec) {
      this(spec, "");
    }

    Scope(WorkflowSpecs spec, String owner) {
      this.spec = spec;
      this.owner = owner;
      spec.templates().forEach(t -> byName.put(t.name(), t));
    }

    String key(String template) {
      return owner.isEmpty() ? template : owner + "/" + template;
    }

    Template template(String name) {
      Template t = byName.get(name);
      if (t == null) {
        throw new ArgoException("template '" + key(name) + "' does not exist");
      }
      return t;
    }
  }

  private record Outcome(NodePhase phase, Map<String, String> outputs, Optional<String> message) {
    static Outcome failed(NodePhase phase, String message) {
      return new Outcome(phase, Map.of(), Optional.of(message));
    }
  }

  /** State of one run. */
  private final class Run {
    final String name;
    final String uid = UUID.randomUUID().toString();
    final Map<String, String> params;
    final ExecutorService pool;
    final List<NodeResult> nodes = Collections.synchronizedList(new ArrayList<>());
    final Map<String, String> globals = new ConcurrentHashMap<>();
    volatile String status = "Running";

    Run(String name, Map<String, String> params, ExecutorService pool) {
      this.name = name;
      this.params = params;
      this.pool = pool;
    }

    Outcome template(
        Scope scope,
        String templateName,
        Map<String, String> args,
        String node,
        List<String> stack) {
      Instant start = Instant.now();
      Template t = scope.template(templateName);
      Map<String, String> inputs = new LinkedHashMap<>();
      for (Parameter p : t.inputParameters()) {
        String v = args.getOrDefault(p.name(), p.value().or(p::defaultValue).orElse(null));
        if (v == null) {
          return record(
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
          case DAG -> o = dag(scope, t, inputs, node);
          case SUSPEND -> o = new Outcome(NodePhase.SUCCEEDED, Map.of(), Optional.empty());
          default -> {
            Leaf leaf = leaf(scope, t, templateName, inputs, node);
            o = leaf.outcome;
            attempts = leaf.attempts;
          }
        }
      } catch (RuntimeException e) {
        o = Outcome.failed(NodePhase.ERROR, e.getMessage());
      }
      return record(node, scope.key(templateName), start, attempts, o);
    }

    private Outcome record(String node, String template, Instant start, int attempts, Outcome o) {
      nodes.add(
          new NodeResult(
              node, template, o.phase, start, Instant.now(), attempts, o.outputs, o.message));
      return o;
    }

    private record Leaf(Outcome outcome, int attempts) {}

    private Leaf leaf(
        Scope scope, Template t, String templateName, Map<String, String> inputs, String node) {
      StepHandler h = handler(scope, templateName).orElseThrow();
      RetryStrategy retry = t.retryStrategy().orElse(RetryStrategy.limit(0));
      Duration backoff = retry.backoffDuration().map(LocalRunner::duration).orElse(Duration.ZERO);
      Optional<Duration> cap = retry.backoffMaxDuration().map(LocalRunner::duration);
      String last = "";
      for (int attempt = 1; attempt <= retry.limit() + 1; attempt++) {
        try {
          Map<String, String> produced = h.run(new StepContext(node, t, inputs, attempt, name));
          Map<String, String> outputs = new LinkedHashMap<>();
          for (Parameter p : t.outputParameters()) {
            String v = produced.get(p.name());
            if (v == null) {
              v = p.toJson().path("valueFrom").path("default").asText(null);
            }
            if (v == null) {
              return new Leaf(
                  Outcome.failed(
                      NodePhase.ERROR,
                      "handler of '"
                          + templateName
                          + "' produced no output parameter '"
                          + p.name()
                          + "'"),
                  attempt);
            }
            outputs.put(p.name(), v);
            global(p, v);
          }
          return new Leaf(new Outcome(NodePhase.SUCCEEDED, outputs, Optional.empty()), attempt);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return new Leaf(Outcome.failed(NodePhase.ERROR, "interrupted"), attempt);
        } catch (Exception e) {
          last = e.getClass().getSimpleName() + ": " + e.getMessage();
          LOG.debug("node {} attempt {} failed: {}", node, attempt, last);
          if (attempt <= retry.limit()) {
            Duration wait =
                backoff.multipliedBy((long) Math.pow(retry.backoffFactor().orElse(1), attempt - 1));
            if (cap.isPresent() && wait.compareTo(cap.get()) > 0) {
              wait = cap.get();
            }
            try {
              sleeper.sleep(wait);
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
              return new Leaf(Outcome.failed(NodePhase.ERROR, "interrupted"), attempt);
            }
          } else {
            return new Leaf(Outcome.failed(NodePhase.FAILED, last), attempt);
          }
        }
      }
      return new Leaf(Outcome.failed(NodePhase.FAILED, last), retry.limit() + 1);
    }

    private void global(Parameter p, String v) {
      String g = p.toJson().path("globalName").asText("");
      if (!g.isEmpty()) {
        globals.put(g, v);
      }
    }

    private Outcome steps(Scope scope, Template t, Map<String, String> inputs, String node) {
      Map<String, Map<String, String>> done = new ConcurrentHashMap<>();
      Map<String, String> statuses = new ConcurrentHashMap<>();
      for (List<Step> group : t.steps()) {
        List<CompletableFuture<Outcome>> running = new ArrayList<>();
        for (Step s : group) {
          running.add(
              CompletableFuture.supplyAsync(
                  () -> invoke(scope, s, inputs, node, "steps", done, statuses), pool));
        }
        Optional<String> failure = Optional.empty();
        for (int i = 0; i < running.size(); i++) {
          Outcome o = join(running.get(i));
          if (o.phase == NodePhase.FAILED || o.phase == NodePhase.ERROR) {
            failure =
                Optional.of(
                    "step '"
                        + group.get(i).name()
                        + "' "
                        + o.phase.name().toLowerCase(java.util.Locale.ROOT)
                        + ": "
                        + o.message.orElse(""));
          }
        }
        if (failure.isPresent()) {
          return Outcome.failed(NodePhase.FAILED, failure.get());
        }
      }
      return new Outcome(
          NodePhase.SUCCEEDED, outputs(t, inputs, "steps", done, statuses), Optional.empty());
    }

    private Outcome dag(Scope scope, Template t, Map<String, String> inputs, String node) {
      Map<String, Map<String, String>> done = new ConcurrentHashMap<>();
      Map<String, String> statuses = new ConcurrentHashMap<>();
      Map<String, Step> tasks = new LinkedHashMap<>();
      t.dagTasks().forEach(s -> tasks.put(s.name(), s));
      Map<String, CompletableFuture<Outcome>> futures = new HashMap<>();
      for (String name : tasks.keySet()) {
        schedule(name, tasks, futures, new ArrayList<>(), scope, inputs, node, done, statuses);
      }
      Optional<String> failure = Optional.empty();
      for (var e : futures.entrySet()) {
        Outcome o = join(e.getValue());
        if (o.phase == NodePhase.FAILED || o.phase == NodePhase.ERROR) {
          failure =
              Optional.of(
                  "task '"
                      + e.getKey()
                      + "' "
                      + o.phase.name().toLowerCase(java.util.Locale.ROOT)
                      + ": "
                      + o.message.orElse(""));
        }
      }
      if (failure.isPresent()) {
        return Outcome.failed(NodePhase.FAILED, failure.get());
      }
      return new Outcome(
          NodePhase.SUCCEEDED, outputs(t, inputs, "tasks", done, statuses), Optional.empty());
    }

    private CompletableFuture<Outcome> schedule(
        String name,
        Map<String, Step> tasks,
        Map<String, CompletableFuture<Outcome>> futures,
        List<String> path,
        Scope scope,
        Map<String, String> inputs,
        String node,
        Map<String, Map<String, String>> done,
        Map<String, String> statuses) {
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
        deps.add(schedule(d, tasks, futures, next, scope, inputs, node, done, statuses));
      }
      CompletableFuture<Outcome> f =
          CompletableFuture.allOf(deps.toArray(CompletableFuture[]::new))
              .thenApplyAsync(
                  ignored -> {
                    for (CompletableFuture<Outcome> d : deps) {
                      if (d.join().phase != NodePhase.SUCCEEDED) {
                        Instant now = Instant.now();
                        nodes.add(
                            new NodeResult(
                                node + "." + name,
                                task.template().orElse(""),
                                NodePhase.SKIPPED,
                                now,
                                now,
                                0,
                                Map.of(),
                                Optional.of("a dependency did not succeed")));
                        statuses.put(name, "Omitted");
                        return new Outcome(NodePhase.SKIPPED, Map.of(), Optional.empty());
                      }
                    }
                    return invoke(scope, task, inputs, node, "tasks", done, statuses);
                  },
                  pool);
      futures.put(name, f);
      return f;
    }

    private Outcome invoke(
        Scope scope,
        Step s,
        Map<String, String> inputs,
        String parent,
        String kind,
        Map<String, Map<String, String>> done,
        Map<String, String> statuses) {
      String node = parent + "." + s.name();
      Instant start = Instant.now();
      try {
        if (s.when().isPresent()) {
          String cond = substitute(s.when().get(), inputs, kind, done, statuses);
          if (!Conditions.evaluate(cond)) {
            nodes.add(
                new NodeResult(
                    node,
                    s.template().orElse(""),
                    NodePhase.SKIPPED,
                    start,
                    Instant.now(),
                    0,
                    Map.of(),
                    Optional.of("when '" + cond + "' is false")));
            statuses.put(s.name(), "Skipped");
            return new Outcome(NodePhase.SKIPPED, Map.of(), Optional.empty());
          }
        }
        Map<String, String> args = new LinkedHashMap<>();
        for (Parameter p : s.arguments()) {
          args.put(p.name(), substitute(p.value().orElse(""), inputs, kind, done, statuses));
        }
        Call c = call(scope, s);
        Outcome o = template(c.scope, c.template, args, node, List.of());
        done.put(s.name(), o.outputs);
        statuses.put(s.name(), o.phase == NodePhase.SUCCEEDED ? "Succeeded" : "Failed");
        return o;
      } catch (RuntimeException e) {
        nodes.add(
            new NodeResult(
                node,
                s.template().orElse(""),
                NodePhase.ERROR,
                start,
                Instant.now(),
                0,
                Map.of(),
                Optional.of(String.valueOf(e.getMessage()))));
        statuses.put(s.name(), "Error");
        return Outcome.failed(NodePhase.ERROR, e.getMessage());
      }
    }

    private Map<String, String> outputs(
        Template t,
        Map<String, String> inputs,
        String kind,
        Map<String, Map<String, String>> done,
        Map<String, String> statuses) {
      Map<String, String> out = new LinkedHashMap<>();
      for (Parameter p : t.outputParameters()) {
        String expr = p.valueFromParameter().or(p::value).orElse("");
        String v = substitute(expr, inputs, kind, done, statuses);
        out.put(p.name(), v);
        global(p, v);
      }
      return out;
    }

    private String substitute(
        String text,
        Map<String, String> inputs,
        String kind,
        Map<String, Map<String, String>> done,
        Map<String, String> statuses) {
      Matcher m = TAG.matcher(text);
      StringBuilder sb = new StringBuilder();
      while (m.find()) {
        m.appendReplacement(
            sb, Matcher.quoteReplacement(resolve(m.group(1), inputs, kind, done, statuses)));
      }
      m.appendTail(sb);
      return sb.toString();
    }

    private String resolve(
        String ref,
        Map<String, String> inputs,
        String kind,
        Map<String, Map<String, String>> done,
        Map<String, String> statuses) {
      String[] p = ref.split("\\.");
      String v = null;
      if (p.length == 3 && p[0].equals("inputs") && p[1].equals("parameters")) {
        v = inputs.get(p[2]);
      } else if (p.length == 3 && p[0].equals("workflow") && p[1].equals("parameters")) {
        v = params.get(p[2]);
      } else if (p.length == 4 && ref.startsWith("workflow.outputs.parameters.")) {
        v = globals.get(p[3]);
      } else if (ref.equals("workflow.name")) {
        v = name;
      } else if (ref.equals("workflow.uid")) {
        v = uid;
      } else if (ref.equals("workflow.status")) {
        v = status;
      } else if (p.length == 5
          && p[0].equals(kind)
          && p[2].equals("outputs")
          && p[3].equals("parameters")) {
        Map<String, String> o = done.get(p[1]);
        v = o == null ? null : o.get(p[4]);
      } else if (p.length == 3 && p[0].equals(kind) && p[2].equals("status")) {
        v = statuses.get(p[1]);
      }
      if (v == null) {
        throw new ArgoException("cannot resolve '{{" + ref + "}}'");
      }
      return v;
    }
  }

  private static Outcome join(CompletableFuture<Outcome> f) {
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

  /** Parses Argo durations ({@link Durations}: {@code 500ms}, {@code 1h30m}, or seconds). */
  static Duration duration(String text) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new ArgoException("unsupported duration: " + e.getMessage(), e);
    }
  }

  /** Builds a {@link LocalRunner}. */
  public static final class Builder {
    private final Map<String, StepHandler> handlers = new HashMap<>();
    private final Map<String, WorkflowTemplate> templates = new HashMap<>();
    private Optional<ExecutorService> executor = Optional.empty();
    private Sleeper sleeper = d -> Thread.sleep(d.toMillis());
    private int maxDepth = 50;

    Builder() {}

    /**
     * Binds a leaf template to Java code. {@code template} is the template name, or {@code
     * workflowTemplate/template} for a template reached through a {@code templateRef}.
     */
    public Builder handler(String template, StepHandler handler) {
      handlers.put(Objects.requireNonNull(template, "template"), Objects.requireNonNull(handler));
      return this;
    }

    /** Registers a WorkflowTemplate for {@code templateRef} and {@code workflowTemplateRef}. */
    public Builder workflowTemplate(WorkflowTemplate template) {
      templates.put(
          template.name().orElseThrow(() -> new IllegalArgumentException("template needs a name")),
          template);
      return this;
    }

    /**
     * Runs nodes on this executor (not shut down by the runner). It must not be a small bounded
     * pool: a steps node waits for its children on a pool thread.
     */
    public Builder executor(ExecutorService executor) {
      this.executor = Optional.of(executor);
      return this;
    }

    /** Replaces the retry wait (tests). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper);
      return this;
    }

    /** Deepest template nesting accepted (default 50). */
    public Builder maxDepth(int depth) {
      this.maxDepth = depth;
      return this;
    }

    /** Builds the runner. */
    public LocalRunner build() {
      return new LocalRunner(this);
    }
  }
}
