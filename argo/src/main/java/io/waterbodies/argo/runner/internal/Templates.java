package io.waterbodies.argo.runner.internal;

import io.waterbodies.argo.ArgoException;
import io.waterbodies.argo.TemplateLoopException;
import io.waterbodies.argo.model.Step;
import io.waterbodies.argo.model.Template;
import io.waterbodies.argo.model.WorkflowSpecs;
import io.waterbodies.argo.model.WorkflowTemplate;
import io.waterbodies.argo.runner.MissingStepHandlerException;
import io.waterbodies.argo.runner.StepHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a runner knows: the registered WorkflowTemplates and step handlers. Resolves a step to the
 * template it calls, finds a leaf's handler, and checks a whole run before anything starts.
 */
public final class Templates {
  private final Map<String, WorkflowTemplate> templates;
  private final Map<String, StepHandler> handlers;
  private final int maxDepth;

  /** The registered templates and handlers, and the deepest nesting accepted. */
  public Templates(
      Map<String, WorkflowTemplate> templates, Map<String, StepHandler> handlers, int maxDepth) {
    this.templates = Map.copyOf(templates);
    this.handlers = Map.copyOf(handlers);
    this.maxDepth = maxDepth;
  }

  /**
   * A step's target: the scope holding its template and the template's name.
   *
   * @param scope the scope
   * @param template the template name
   */
  public record Call(Scope scope, String template) {}

  /**
   * The scope a spec's templates are taken from: the referenced WorkflowTemplate's for a {@code
   * workflowTemplateRef}.
   *
   * @throws ArgoException when the reference is not registered
   */
  public Scope scope(WorkflowSpecs spec) {
    if (spec.workflowTemplateRef().isEmpty()) {
      return new Scope(spec);
    }
    return new Scope(registered(spec.workflowTemplateRef().get()));
  }

  /**
   * The registered WorkflowTemplate of a {@code workflowTemplateRef}.
   *
   * @throws ArgoException when it is not registered
   */
  public WorkflowTemplate registered(String name) {
    WorkflowTemplate ref = templates.get(name);
    if (ref == null) {
      throw new ArgoException(
          "workflowTemplateRef '" + name + "' is not registered with the runner");
    }
    return ref;
  }

  /** The template a step calls, locally or through its {@code templateRef}. */
  public Call call(Scope scope, Step s) {
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

  /** The handler of a leaf template: by {@code owner/template}, else by template name. */
  public Optional<StepHandler> handler(Scope scope, String template) {
    StepHandler h = handlers.get(scope.key(template));
    return Optional.ofNullable(h != null ? h : handlers.get(template));
  }

  /**
   * Checks handlers and loops from {@code name} down, before anything runs, so a run never fails
   * half-way for these.
   *
   * @throws MissingStepHandlerException when a reachable leaf template has no handler
   * @throws TemplateLoopException when templates call each other in a cycle
   */
  public void preflight(Scope scope, String name) {
    preflight(scope, name, new ArrayList<>());
  }

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
                  + t.type().name().toLowerCase(Locale.ROOT)
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
    preflight(c.scope(), c.template(), stack);
  }
}
