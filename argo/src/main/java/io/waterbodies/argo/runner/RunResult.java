package io.waterbodies.argo.runner;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a local run: the workflow phase, every node in completion order, the global outputs
 * ({@code globalName}) and the entrypoint's outputs.
 */
public record RunResult(
    String workflowName,
    NodePhase phase,
    List<NodeResult> nodes,
    Map<String, String> outputs,
    Map<String, String> globalOutputs,
    Optional<String> message) {
  /** Checks and copies the fields. */
  public RunResult {
    Objects.requireNonNull(workflowName, "workflowName");
    Objects.requireNonNull(phase, "phase");
    nodes = List.copyOf(nodes);
    outputs = Map.copyOf(outputs);
    globalOutputs = Map.copyOf(globalOutputs);
    Objects.requireNonNull(message, "message");
  }

  /** The node whose name ends with {@code .suffix} (or equals it). */
  public Optional<NodeResult> node(String suffix) {
    return nodes.stream()
        .filter(n -> n.name().equals(suffix) || n.name().endsWith("." + suffix))
        .findFirst();
  }

  /** Whether the run succeeded. */
  public boolean succeeded() {
    return phase == NodePhase.SUCCEEDED;
  }
}
