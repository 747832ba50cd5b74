package io.waterbodies.argo.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The status of a Workflow read from the cluster: phase, message, nodes and the workflow's output
 * parameters.
 *
 * @param name the workflow name
 * @param phase {@code Pending}, {@code Running}, {@code Succeeded}, {@code Failed}, {@code Error}
 * @param message the controller's message
 * @param nodes every node by id
 * @param outputs output parameters of the root node
 * @param resourceVersion the resourceVersion the status was read at
 */
public record WorkflowStatus(
    String name,
    Optional<String> phase,
    Optional<String> message,
    Map<String, Node> nodes,
    Map<String, String> outputs,
    String resourceVersion) {
  /** Checks and copies the fields. */
  public WorkflowStatus {
    Objects.requireNonNull(name, "name");
    nodes = Map.copyOf(nodes);
    outputs = Map.copyOf(outputs);
  }

  /** A node of the workflow. */
  public record Node(
      String id,
      String displayName,
      String type,
      String phase,
      String template,
      Map<String, String> outputs) {
    /** Copies the outputs. */
    public Node {
      outputs = Map.copyOf(outputs);
    }
  }

  /** Whether the workflow has ended (Succeeded, Failed or Error). */
  public boolean completed() {
    return phase.map(p -> List.of("Succeeded", "Failed", "Error").contains(p)).orElse(false);
  }

  /** Whether it ended successfully. */
  public boolean succeeded() {
    return phase.filter("Succeeded"::equals).isPresent();
  }

  /** Reads the status of a Workflow object. */
  public static WorkflowStatus of(JsonNode workflow) {
    JsonNode status = workflow.path("status");
    Map<String, Node> nodes = new LinkedHashMap<>();
    status
        .path("nodes")
        .properties()
        .forEach(
            e -> {
              JsonNode n = e.getValue();
              nodes.put(
                  e.getKey(),
                  new Node(
                      e.getKey(),
                      n.path("displayName").asText(),
                      n.path("type").asText(),
                      n.path("phase").asText(),
                      n.path("templateName").asText(),
                      params(n.path("outputs").path("parameters"))));
            });
    String name = workflow.path("metadata").path("name").asText();
    Map<String, String> outputs = params(status.path("outputs").path("parameters"));
    if (outputs.isEmpty() && status.path("nodes").has(name)) {
      outputs = params(status.path("nodes").path(name).path("outputs").path("parameters"));
    }
    return new WorkflowStatus(
        name,
        text(status, "phase"),
        text(status, "message"),
        nodes,
        outputs,
        workflow.path("metadata").path("resourceVersion").asText(""));
  }

  private static Optional<String> text(JsonNode n, String f) {
    return n.hasNonNull(f) ? Optional.of(n.get(f).asText()) : Optional.empty();
  }

  private static Map<String, String> params(JsonNode array) {
    Map<String, String> out = new LinkedHashMap<>();
    array.forEach(p -> out.put(p.path("name").asText(), p.path("value").asText("")));
    return out;
  }
}
