package io.waterbodies.events.sensor;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.waterbodies.argo.k8s.ResourceNames;
import io.waterbodies.events.envelope.Envelope;
import java.util.Map;

/**
 * One trigger run: the resource with the parameters applied, the events that fired it, and the
 * idempotency key.
 *
 * @param sensorName the sensor
 * @param triggerName the trigger
 * @param idempotencyKey 32 hex characters derived from sensor, trigger and event id; identical for
 *     every redelivery of the same event
 * @param resource the trigger's resource with every parameter applied (a fresh copy)
 * @param events the (transformed) event of each dependency that fired, by dependency name
 * @param attempt 1 for the first delivery, then 2, 3, ...
 */
public record TriggerRequest(
    String sensorName,
    String triggerName,
    String idempotencyKey,
    ObjectNode resource,
    Map<String, Envelope> events,
    long attempt) {
  /** Copies the map. */
  public TriggerRequest {
    events = Map.copyOf(events);
  }

  /**
   * A name that is the same for every delivery of this event, by the SDK's one naming rule {@link
   * ResourceNames#deterministic}: {@code prefix} followed by 12 hex characters derived from the
   * idempotency key (for example {@code water-bodies-detection-} -> {@code
   * water-bodies-detection-3f2a9c01b7de}).
   */
  public String deterministicName(String prefix) {
    return ResourceNames.deterministic(prefix, idempotencyKey);
  }
}
