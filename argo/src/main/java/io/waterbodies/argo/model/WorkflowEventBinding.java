package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.internal.Trees;
import java.util.List;
import java.util.Optional;

/**
 * An Argo WorkflowEventBinding: when an event posted to the Argo Server's {@code /api/v1/events}
 * matches {@code spec.event.selector}, submits a Workflow from {@code
 * spec.submit.workflowTemplateRef} with {@code spec.submit.arguments}.
 */
public final class WorkflowEventBinding extends ArgoResource {
  /** The kind. */
  public static final String KIND = "WorkflowEventBinding";

  WorkflowEventBinding(ObjectNode node) {
    super(node);
  }

  /** Wraps a WorkflowEventBinding manifest; the kind must match. */
  public static WorkflowEventBinding of(ObjectNode node) {
    if (!KIND.equals(node.path("kind").asText())) {
      throw new IllegalArgumentException("not a WorkflowEventBinding: kind " + node.path("kind"));
    }
    return new WorkflowEventBinding(node);
  }

  /** {@code spec.event.selector}, an expression over {@code payload}, {@code metadata}, ... */
  public Optional<String> selector() {
    return text("spec", "event", "selector");
  }

  /** {@code spec.submit.workflowTemplateRef.name}. */
  public Optional<String> workflowTemplateRef() {
    return text("spec", "submit", "workflowTemplateRef", "name");
  }

  /** Whether the template is a ClusterWorkflowTemplate ({@code clusterScope: true}). */
  public boolean clusterScope() {
    return node()
        .path("spec")
        .path("submit")
        .path("workflowTemplateRef")
        .path("clusterScope")
        .asBoolean(false);
  }

  /** {@code spec.submit.arguments.parameters}. */
  public List<Parameter> arguments() {
    return Trees.list(
        node().path("spec").path("submit").path("arguments").path("parameters"), Parameter::new);
  }

  /** Starts a WorkflowEventBinding. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this resource, unknown fields included. */
  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** Builds a {@link WorkflowEventBinding}. */
  public static final class Builder extends ArgoResource.Builder<Builder, WorkflowEventBinding> {
    Builder() {
      super(KIND);
    }

    Builder(ObjectNode existing) {
      super(existing);
    }

    /** Sets the event selector expression. */
    public Builder selector(String expression) {
      Trees.obj(spec(), "event").put("selector", expression);
      return this;
    }

    /** Sets the (namespaced) WorkflowTemplate submitted on a match. */
    public Builder workflowTemplateRef(String name) {
      Trees.obj(spec(), "submit", "workflowTemplateRef").put("name", name);
      return this;
    }

    /** Adds a submitted argument taken from the event, e.g. {@code payload.message}. */
    public Builder argumentFromEvent(String name, String expression) {
      ObjectNode p = Trees.arr(Trees.obj(spec(), "submit"), "parameters", "arguments").addObject();
      p.put("name", name);
      p.putObject("valueFrom").put("event", expression);
      return this;
    }

    @Override
    public WorkflowEventBinding build() {
      requireName();
      if (!node.path("spec").path("event").has("selector")) {
        throw new IllegalStateException("WorkflowEventBinding needs spec.event.selector");
      }
      return new WorkflowEventBinding(node);
    }
  }
}
