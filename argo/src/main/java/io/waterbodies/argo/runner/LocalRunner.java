package io.waterbodies.argo.runner;

import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.TemplateLoopException;
import io.waterbodies.argo.model.ArgoResource;
import io.waterbodies.argo.model.Parameter;
import io.waterbodies.argo.model.Workflow;
import io.waterbodies.argo.model.WorkflowSpecs;
import io.waterbodies.argo.model.WorkflowTemplate;
import io.waterbodies.argo.runner.internal.NodeRunner;
import io.waterbodies.argo.runner.internal.Outcome;
import io.waterbodies.argo.runner.internal.Retries;
import io.waterbodies.argo.runner.internal.RunState;
import io.waterbodies.argo.runner.internal.Scope;
import io.waterbodies.argo.runner.internal.Templates;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

  private final Templates templates;
  private final Optional<ExecutorService> executor;
  private final Retries retries;

  /** Waits between retries; replaceable so tests need not wait. */
  @FunctionalInterface
  public interface Sleeper {
    /** Waits for {@code duration}. */
    void sleep(Duration duration) throws InterruptedException;
  }

  private LocalRunner(Builder b) {
    this.templates = new Templates(b.templates, b.handlers, b.maxDepth);
    this.executor = b.executor;
    this.retries = new Retries(b.sleeper);
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
    if (spec.workflowTemplateRef().isPresent()) {
      WorkflowTemplate ref = templates.registered(spec.workflowTemplateRef().get());
      ref.arguments().forEach(p -> p.value().ifPresent(v -> params.put(p.name(), v)));
    }
    Scope scope = templates.scope(spec);
    for (Parameter p : spec.arguments()) {
      p.value().ifPresent(v -> params.put(p.name(), v));
    }
    params.putAll(arguments);
    String name = resource.name().orElse(resource.generateName().orElse("workflow-") + "local");
    String entry =
        scope.spec().entrypoint().orElseThrow(() -> new ArgoException(name + ": no entrypoint"));
    templates.preflight(scope, entry);
    Optional<String> onExit = scope.spec().onExit();
    onExit.ifPresent(e -> templates.preflight(scope, e));
    ExecutorService pool = executor.orElseGet(Executors::newCachedThreadPool);
    try {
      RunState run = new RunState(name, params);
      NodeRunner nodes = new NodeRunner(templates, retries, run, pool);
      Outcome main = nodes.template(scope, entry, Map.of(), name + "." + entry);
      NodePhase phase =
          main.phase() == NodePhase.SUCCEEDED ? NodePhase.SUCCEEDED : NodePhase.FAILED;
      Optional<String> message = main.message();
      if (onExit.isPresent()) {
        run.status(phase == NodePhase.SUCCEEDED ? "Succeeded" : "Failed");
        Outcome exit = nodes.template(scope, onExit.get(), Map.of(), name + ".onExit");
        if (exit.phase() != NodePhase.SUCCEEDED && phase == NodePhase.SUCCEEDED) {
          phase = NodePhase.FAILED;
          message = Optional.of("exit handler failed: " + exit.message().orElse(""));
        }
      }
      LOG.info("local run {} finished: {}", name, phase);
      return new RunResult(name, phase, run.nodes(), main.outputs(), run.globals(), message);
    } finally {
      if (executor.isEmpty()) {
        pool.shutdownNow();
      }
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
