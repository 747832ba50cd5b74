package io.waterbodies.argo.validation;

import com.fasterxml.jackson.databind.JsonNode;
import io.waterbodies.argo.validation.ArgoSchemas.SchemaError;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Judges a schema {@code required} failure. The Argo schemas are generated from Go types, where
 * every field without {@code omitempty} becomes "required"; Go itself needs none of them (a missing
 * field is its zero value), and Argo's own validators enforce only some. A required field that Argo
 * does not need is no finding at all; the others stay errors.
 */
final class RequiredFields {
  /**
   * Schema-required fields that Argo Events' validators ({@code pkg/reconciler/sensor/validate.go},
   * {@code pkg/eventsources/.../validate.go}) do not need, by definition (short name).
   */
  private static final Map<String, Set<String>> NOT_NEEDED =
      Map.of(
          // Only used to register the webhook with a provider (GitHub, Slack, ...).
          "WebhookContext", Set.of("url"),
          "WebhookEventSource", Set.of("url"),
          // Each field is optional; SemanticChecks requires at least one of them, as Argo does.
          "EventContext",
              Set.of("id", "source", "specversion", "type", "datacontenttype", "subject", "time"),
          "HTTPTrigger", Set.of("payload"),
          "CustomTrigger", Set.of("payload", "secure"),
          // A queue, or a topic with a subscription: checked by SemanticChecks.
          "AzureServiceBusEventSource", Set.of("queueName", "topicName", "subscriptionName"),
          "AzureServiceBusTrigger", Set.of("queueName", "topicName", "subscriptionName"),
          "K8SResourcePolicy", Set.of("errorOnBackoffTimeout"));

  private RequiredFields() {}

  /**
   * Whether a {@code required} failure is a real problem.
   *
   * @param e the failure
   * @param root the whole resource (to look at {@code templateDefaults})
   * @param schemas for the type of the missing property
   */
  static boolean needed(SchemaError e, JsonNode root, ArgoSchemas schemas) {
    String shortName = e.owner().substring(e.owner().lastIndexOf('.') + 1);
    if (NOT_NEEDED.getOrDefault(shortName, Set.of()).contains(e.property())) {
      return false;
    }
    if (isBoolean(e, schemas)) {
      return false; // a missing boolean is false, which is what Argo assumes
    }
    // templateDefaults is merged into every template: a partial template is its purpose.
    if (e.pointer().contains("/templateDefaults")) {
      return false;
    }
    // container.image and script.image/source may come from spec.templateDefaults.
    if (Set.of("image", "source").contains(e.property())) {
      String kind = e.pointer().substring(e.pointer().lastIndexOf('/') + 1);
      Optional<JsonNode> defaults = templateDefaults(root, e.pointer());
      if (defaults.isPresent()
          && (kind.equals("container") || kind.equals("script"))
          && defaults.get().path(kind).has(e.property())) {
        return false;
      }
      // A script without source is legal in Argo; SemanticChecks warns about it.
      return !(kind.equals("script") && e.property().equals("source"));
    }
    return true;
  }

  private static boolean isBoolean(SchemaError e, ArgoSchemas schemas) {
    return schemas
        .definition(e.owner())
        .map(d -> d.path("properties").path(e.property()).path("type").asText(""))
        .filter("boolean"::equals)
        .isPresent();
  }

  /** The templateDefaults of the workflow spec holding the template at {@code pointer}. */
  private static Optional<JsonNode> templateDefaults(JsonNode root, String pointer) {
    int at = pointer.indexOf("/templates/");
    if (at < 0) {
      return Optional.empty();
    }
    JsonNode spec = root.at(pointer.substring(0, at));
    JsonNode d = spec.path("templateDefaults");
    return d.isObject() ? Optional.of(d) : Optional.empty();
  }
}
