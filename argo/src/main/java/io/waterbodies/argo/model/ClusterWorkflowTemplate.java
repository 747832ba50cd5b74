package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * An Argo ClusterWorkflowTemplate: a WorkflowTemplate without a namespace, shared by the whole
 * cluster; Workflows reach it with {@code templateRef: {name, template, clusterScope: true}}.
 */
public final class ClusterWorkflowTemplate extends ArgoResource implements WorkflowSpecs {
  /** The kind. */
  public static final String KIND = "ClusterWorkflowTemplate";

  ClusterWorkflowTemplate(ObjectNode node) {
    super(node);
  }

  /** Wraps a ClusterWorkflowTemplate manifest; the kind must match. */
  public static ClusterWorkflowTemplate of(ObjectNode node) {
    if (!KIND.equals(node.path("kind").asText())) {
      throw new IllegalArgumentException(
          "not a ClusterWorkflowTemplate: kind " + node.path("kind"));
    }
    return new ClusterWorkflowTemplate(node);
  }

  /** Starts a ClusterWorkflowTemplate. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this resource, unknown fields included. */
  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** Builds a {@link ClusterWorkflowTemplate}. */
  public static final class Builder
      extends WorkflowSpecs.Builder<Builder, ClusterWorkflowTemplate> {
    Builder() {
      super(KIND);
    }

    Builder(ObjectNode existing) {
      super(existing);
    }

    @Override
    public ClusterWorkflowTemplate build() {
      requireName();
      return new ClusterWorkflowTemplate(node);
    }
  }
}
