package io.waterbodies.events.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * One workflow the sensor triggered: the Argo {@code Workflow} resource with its parameters applied
 * and the parameters the reference template takes, already decoded.
 *
 * @param name the deterministic workflow name ({@code generateName} + 12 hex of the event key); the
 *     same for every redelivery of the same event
 * @param uid a unique id of this run (the {@code workflow_id} of the completion event)
 * @param workflow the Workflow resource as the trigger resolved it (a fresh copy)
 * @param parameters every {@code spec.arguments.parameters} entry, name to value
 * @param items the item hrefs of the {@code items} parameter (a JSON array of URLs)
 * @param aoi the {@code aoi} parameter ({@code minx,miny,maxx,maxy})
 * @param epsg the {@code epsg} parameter (e.g. {@code EPSG:4326})
 * @param threshold the thresholding method of the detection step
 * @param workDir a directory for this workflow's outputs (created; empty but for the pipeline's
 *     hidden journal entry {@code .workflow.json})
 */
public record WorkflowRequest(
    String name,
    String uid,
    ObjectNode workflow,
    Map<String, String> parameters,
    List<String> items,
    String aoi,
    String epsg,
    Threshold threshold,
    Path workDir) {
  /** Copies the collections. */
  public WorkflowRequest {
    parameters = Map.copyOf(parameters);
    items = List.copyOf(items);
  }
}
