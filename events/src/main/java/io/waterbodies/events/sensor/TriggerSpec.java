package io.waterbodies.events.sensor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * One trigger of a sensor (Argo's {@code triggers[]}).
 *
 * @param name the trigger name
 * @param kind which Argo trigger type the template declares ({@code k8s}, {@code argoWorkflow},
 *     {@code http}, {@code log}, ...; see {@link #ARGO_KINDS})
 * @param dependencies the dependencies the trigger waits for: those its {@code conditions} name, or
 *     all of the sensor's (Argo's default: all of them together)
 * @param conditions the {@code conditions} expression over dependency names, when given
 * @param conditionsReset cron schedules ({@code byTime}) at which collected events are dropped
 * @param resource what the kind's {@code parameters} are written into: the inline {@code
 *     source.resource} of {@code k8s}/{@code argoWorkflow} (an empty object when the resource comes
 *     from elsewhere), otherwise the kind's own block (for example {@code http}'s url and headers)
 * @param parameters the kind's {@code parameters}
 * @param payload the kind's {@code payload} parameters, which build a JSON body from nothing
 * @param templateParameters the trigger-level {@code parameters}, applied to {@link #template()}
 *     before anything else
 * @param resourceSource where a {@code k8s}/{@code argoWorkflow} resource comes from ({@code
 *     resource}, {@code s3}, {@code git}, {@code configmap}, {@code file}, {@code url}); empty for
 *     other kinds
 * @param rateLimit the rate limit, when given
 * @param raw the trigger's {@code template} as written
 */
public record TriggerSpec(
    String name,
    String kind,
    List<String> dependencies,
    Optional<String> conditions,
    List<ConditionsReset> conditionsReset,
    ObjectNode resource,
    List<Parameter> parameters,
    List<Parameter> payload,
    List<Parameter> templateParameters,
    Optional<String> resourceSource,
    Optional<RateLimit> rateLimit,
    JsonNode raw) {
  /** The trigger types of Argo Events' {@code TriggerTemplate}. */
  public static final List<String> ARGO_KINDS =
      List.of(
          "k8s",
          "argoWorkflow",
          "http",
          "awsLambda",
          "custom",
          "kafka",
          "nats",
          "slack",
          "openWhisk",
          "log",
          "azureEventHubs",
          "pulsar",
          "azureServiceBus",
          "email");

  /** Copies the lists. */
  public TriggerSpec {
    dependencies = List.copyOf(dependencies);
    conditionsReset = List.copyOf(conditionsReset);
    parameters = List.copyOf(parameters);
    payload = List.copyOf(payload);
    templateParameters = List.copyOf(templateParameters);
  }

  /** The template as written (a copy), what {@link #templateParameters()} apply to. */
  public ObjectNode template() {
    return (ObjectNode) raw.deepCopy();
  }

  /**
   * A {@code conditionsReset.byTime} entry: at each time the cron schedule matches, in the zone
   * given, the events collected for the trigger's conditions are dropped.
   *
   * @param cron a five-field cron expression
   * @param timezone an IANA zone name (UTC when absent in the manifest)
   */
  public record ConditionsReset(String cron, String timezone) {}
}
