package io.waterbodies.events.sensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One trigger of a sensor (Argo's {@code triggers[].template} plus its rate limit).
 *
 * @param name the trigger name
 * @param kind which Argo trigger type the manifest declares ({@code k8s}, {@code argoWorkflow},
 *     {@code log}, or another name)
 * @param dependencies the dependencies whose events fire it (from {@code conditions}, or all)
 * @param resource the resource template the parameters are written into (an empty object when the
 *     trigger has none)
 * @param parameters the parameter mapping
 * @param rateLimit the rate limit, when given
 * @param raw the trigger's template as written, for trigger implementations needing more
 */
public record TriggerSpec(
    String name,
    String kind,
    List<String> dependencies,
    ObjectNode resource,
    List<Parameter> parameters,
    Optional<RateLimit> rateLimit,
    JsonNode raw) {
  /** Copies the lists. */
  public TriggerSpec {
    dependencies = List.copyOf(dependencies);
    parameters = List.copyOf(parameters);
  }
}
