package io.waterbodies.argo.model;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** An Argo Workflow: a run of templates, created with a name or a generateName prefix. */
public final class Workflow extends ArgoResource implements WorkflowSpecs {
  /** The kind. */
  public static final String KIND = "Workflow";

  Workflow(ObjectNode node) {
    super(node);
  }

  /** Wraps a Workflow manifest; the kind must match. */
  public static Workflow of(ObjectNode node) {
    if (!KIND.equals(node.path("kind").asText())) {
      throw new IllegalArgumentException("not a Workflow: kind " + node.path("kind"));
    }
    return new Workflow(node);
  }

  /** Starts a Workflow. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder initialised with this resource, unknown fields included. */
  public Builder toBuilder() {
    return new Builder(toJson());
  }

  /** Builds a {@link Workflow}. */
  public static final class Builder extends WorkflowSpecs.Builder<Builder, Workflow> {
    Builder() {
      super(KIND);
    }

    Builder(ObjectNode existing) {
      super(existing);
    }

    @Override
    public Workflow build() {
      requireName();
      return new Workflow(node);
    }
  }
}
