package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An Argo WorkflowTemplate: reusable templates that Workflows reference by name. */
public final class WorkflowTemplate extends ArgoResource implements WorkflowSpecs {
  /** The kind. */
  public static final String KIND = "WorkflowTemplate";

  WorkflowTemplate(ObjectNode node) {
    super(node);
  }

  /** Wraps a WorkflowTemplate manifest; the kind must match. */
  public static WorkflowTemplate of(ObjectNode node) {
    if (!KIND.equals(node.path("kind").asText())) {
      throw new IllegalArgumentException("not a WorkflowTemplate: kind " + node.path("kind"));
    }
    return new WorkflowTemplate(node);
  }

  /** Starts a WorkflowTemplate. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this resource, unknown fields included. */
  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** Builds a {@link WorkflowTemplate}. */
  public static final class Builder extends WorkflowSpecs.Builder<Builder, WorkflowTemplate> {
    Builder() {
      super(KIND);
    }

    Builder(ObjectNode existing) {
      super(existing);
    }

    @Override
    public WorkflowTemplate build() {
      requireName();
      return new WorkflowTemplate(node);
    }
  }
}
