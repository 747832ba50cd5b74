package io.waterbodies.argo.runner;

import io.waterbodies.argo.model.Template;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link StepHandler} gets: the node, its template, resolved input parameters, the attempt
 * (1 for the first) and the workflow's name.
 */
public record StepContext(
    String node, Template template, Map<String, String> inputs, int attempt, String workflowName) {
  /** Checks and copies the fields. */
  public StepContext {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(template, "template");
    inputs = Map.copyOf(inputs);
    Objects.requireNonNull(workflowName, "workflowName");
  }

  /** The input parameter {@code name}. */
  public String input(String name) {
    String v = inputs.get(name);
    if (v == null) {
      throw new IllegalArgumentException(
          "template '" + template.name() + "' has no input parameter '" + name + "'");
    }
    return v;
  }
}
