package io.waterbodies.events.sensor;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A trigger that submits the resolved resource as an Argo Workflow. The {@code argo} module
 * implements {@link #submit}; this interface makes the submission idempotent: the workflow gets a
 * deterministic {@code metadata.name} ({@link TriggerRequest#deterministicName}: its {@code
 * generateName}, or name, followed by 12 hex characters derived from the idempotency key), so a
 * redelivered event finds the workflow already there instead of starting a second one.
 * Implementations must treat "already exists" as success. Implementations may be registered with
 * {@link java.util.ServiceLoader} for the command line.
 */
public interface WorkflowTrigger extends Trigger {
  /**
   * Submits the workflow.
   *
   * @param workflow the Workflow resource with parameters applied and {@code metadata.name} set
   * @param name the deterministic name (also in {@code metadata.name})
   * @throws Exception when the submission failed (retried) except "already exists"
   */
  void submit(ObjectNode workflow, String name) throws Exception;

  @Override
  default void fire(TriggerRequest request) throws Exception {
    ObjectNode wf = request.resource();
    ObjectNode meta =
        wf.has("metadata") && wf.get("metadata").isObject()
            ? (ObjectNode) wf.get("metadata")
            : wf.putObject("metadata");
    String prefix = meta.path("generateName").asText("");
    if (prefix.isEmpty()) {
      prefix = meta.path("name").asText("workflow") + "-";
    }
    String name = request.deterministicName(prefix);
    meta.remove("generateName");
    meta.put("name", name);
    submit(wf, name);
  }
}
